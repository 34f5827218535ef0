# METADATA
# title: RDS snapshot is not public
# description: >-
#   A manual snapshot whose restore attribute includes "all" can be restored into any AWS
#   account, with every row of the database it was taken from.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html
# custom:
#   id: rds_snapshot_not_public
#   severity: critical
#   resource_types: [AWS::RDS::DBSnapshot]
#   requires: [supplementary.DBSnapshotAttributesResult]
#   remediation:
#     console: >-
#       RDS > Snapshots > the snapshot > Actions > Share snapshot > DB snapshot visibility:
#       Private > Save.
#     cli: >-
#       aws rds modify-db-snapshot-attribute --db-snapshot-identifier <snap> --attribute-name
#       restore --values-to-remove all
#     terraform: >-
#       remove "all" from any aws_db_snapshot shared_accounts, or stop sharing it outside
#       Terraform with the CLI
#   frameworks:
#     nist-800-53-r5: [AC-3, SC-7]
#     pci-dss-4.0: ["1.4.4"]
package meerkat.checks.rds_snapshot_not_public

import rego.v1

restore_values contains v if {
	some a in input.supplementary.DBSnapshotAttributesResult.DBSnapshotAttributes
	a.AttributeName == "restore"
	some v in a.AttributeValues
}

fail contains {"reason": "anyone may restore the snapshot (restore attribute includes all)", "evidence": {"restore": restore_values}} if {
	"all" in restore_values
}
