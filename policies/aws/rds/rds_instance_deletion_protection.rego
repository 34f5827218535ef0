# METADATA
# title: RDS instance has deletion protection
# description: >-
#   Without deletion protection, one DeleteDBInstance call — a mistake, a script, or an
#   attacker with the permission — removes the database. Protection makes deletion a
#   two-step change.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection
# custom:
#   id: rds_instance_deletion_protection
#   severity: medium
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [configuration.DeletionProtection]
#   remediation:
#     console: >-
#       RDS > Databases > the instance > Modify > Deletion protection: Enable deletion
#       protection > Apply immediately.
#     cli: >-
#       aws rds modify-db-instance --db-instance-identifier <id> --deletion-protection
#       --apply-immediately
#     terraform: >-
#       aws_db_instance { deletion_protection = true }
package meerkat.checks.rds_instance_deletion_protection

import rego.v1

fail contains {"reason": "deletion protection is off", "evidence": {"DeletionProtection": false}} if {
	input.configuration.DeletionProtection == false
	not input.configuration.DBClusterIdentifier
}

# Backups, deletion protection and Multi-AZ of an Aurora, DocumentDB or Neptune
# instance are its cluster's, which is not collected.
not_assessed contains sprintf("decided by DB cluster %v, which is not collected", [input.configuration.DBClusterIdentifier]) if {
	input.configuration.DBClusterIdentifier
}
