# METADATA
# title: RDS snapshot is encrypted
# description: >-
#   A snapshot of an unencrypted instance is itself unencrypted: whoever can copy or restore
#   it reads the data without any KMS permission.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
# custom:
#   id: rds_snapshot_encrypted
#   severity: medium
#   resource_types: [AWS::RDS::DBSnapshot]
#   requires: [configuration.Encrypted]
#   remediation:
#     console: >-
#       RDS > Snapshots > the snapshot > Actions > Copy snapshot > Enable encryption with a KMS
#       key; delete the unencrypted snapshot once the copy exists.
#     cli: >-
#       aws rds copy-db-snapshot --source-db-snapshot-identifier <snap>
#       --target-db-snapshot-identifier <snap>-enc --kms-key-id <key>; aws rds
#       delete-db-snapshot --db-snapshot-identifier <snap>
#     terraform: >-
#       aws_db_snapshot_copy { kms_key_id = aws_kms_key.rds.arn }, and encrypt the source
#       aws_db_instance
#   frameworks:
#     nist-800-53-r5: [SC-28]
#     pci-dss-4.0: ["3.5.1"]
package meerkat.checks.rds_snapshot_encrypted

import rego.v1

fail contains {"reason": "the snapshot is not encrypted", "evidence": {"Encrypted": false, "DBInstanceIdentifier": object.get(input.configuration, "DBInstanceIdentifier", null)}} if {
	input.configuration.Encrypted == false
}
