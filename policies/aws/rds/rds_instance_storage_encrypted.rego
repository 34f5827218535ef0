# METADATA
# title: RDS instance storage is encrypted at rest
# description: >-
#   An unencrypted instance keeps its data, automated backups, read replicas and snapshots
#   in the clear on the underlying storage. Encryption can only be chosen at creation: an
#   existing instance is encrypted by restoring an encrypted copy of a snapshot.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
# custom:
#   id: rds_instance_storage_encrypted
#   severity: high
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [configuration.StorageEncrypted]
#   remediation:
#     console: >-
#       RDS > Snapshots > take a snapshot of the instance > Actions > Copy snapshot > Enable
#       encryption with a KMS key; restore the encrypted copy as a new instance and switch
#       clients to it.
#     cli: >-
#       aws rds create-db-snapshot --db-instance-identifier <id> --db-snapshot-identifier
#       <snap>; aws rds copy-db-snapshot --source-db-snapshot-identifier <snap>
#       --target-db-snapshot-identifier <snap>-enc --kms-key-id <key>; aws rds
#       restore-db-instance-from-db-snapshot --db-instance-identifier <new-id>
#       --db-snapshot-identifier <snap>-enc
#     terraform: >-
#       aws_db_instance { storage_encrypted = true, kms_key_id = aws_kms_key.rds.arn } (forces a
#       new instance)
#   frameworks:
#     cis-aws-3.0: ["2.3.1"]
#     nist-800-53-r5: [SC-28]
#     pci-dss-4.0: ["3.5.1"]
package meerkat.checks.rds_instance_storage_encrypted

import rego.v1

fail contains {"reason": "the instance's storage is not encrypted", "evidence": {"StorageEncrypted": false, "Engine": object.get(input.configuration, "Engine", null)}} if {
	input.configuration.StorageEncrypted == false
}
