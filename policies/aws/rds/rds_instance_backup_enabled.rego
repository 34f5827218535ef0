# METADATA
# title: RDS instance has automated backups
# description: >-
#   A backup retention period of 0 turns automated backups and point-in-time recovery off: a
#   dropped table, a ransomware attack or a failed upgrade cannot be undone. Read replicas
#   are exempt (their source is backed up); instances of a cluster are judged on the
#   cluster.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html
# custom:
#   id: rds_instance_backup_enabled
#   severity: medium
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [configuration.BackupRetentionPeriod]
#   remediation:
#     console: >-
#       RDS > Databases > the instance > Modify > Additional configuration > Backup retention
#       period: 7 days or more > Apply immediately.
#     cli: >-
#       aws rds modify-db-instance --db-instance-identifier <id> --backup-retention-period 7
#       --apply-immediately
#     terraform: >-
#       aws_db_instance { backup_retention_period = 7 }
#   frameworks:
#     nist-800-53-r5: [CP-9]
package meerkat.checks.rds_instance_backup_enabled

import rego.v1

fail contains {"reason": "automated backups are off (retention 0 days)", "evidence": {"BackupRetentionPeriod": 0}} if {
	input.configuration.BackupRetentionPeriod == 0
	not input.configuration.ReadReplicaSourceDBInstanceIdentifier
	not input.configuration.DBClusterIdentifier
}

# Backups, deletion protection and Multi-AZ of an Aurora, DocumentDB or Neptune
# instance are its cluster's, which is not collected.
not_assessed contains sprintf("decided by DB cluster %v, which is not collected", [input.configuration.DBClusterIdentifier]) if {
	input.configuration.DBClusterIdentifier
}
