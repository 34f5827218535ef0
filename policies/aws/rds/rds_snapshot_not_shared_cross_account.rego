# METADATA
# title: RDS snapshot is not shared with other accounts
# description: >-
#   Each account id in a manual snapshot's restore attribute can copy the snapshot and
#   restore the database in its own account, outside this account's controls. Sharing should
#   be deliberate and reviewed.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html
# custom:
#   id: rds_snapshot_not_shared_cross_account
#   severity: medium
#   resource_types: [AWS::RDS::DBSnapshot]
#   requires: [supplementary.DBSnapshotAttributesResult]
#   remediation:
#     console: >-
#       RDS > Snapshots > the snapshot > Actions > Share snapshot > remove the account ids that
#       should not restore it > Save.
#     cli: >-
#       aws rds modify-db-snapshot-attribute --db-snapshot-identifier <snap> --attribute-name
#       restore --values-to-remove <account-id>
#     terraform: >-
#       keep only intended accounts in aws_db_snapshot shared_accounts
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.rds_snapshot_not_shared_cross_account

import rego.v1

shared contains v if {
	some a in input.supplementary.DBSnapshotAttributesResult.DBSnapshotAttributes
	a.AttributeName == "restore"
	some v in a.AttributeValues
	v != "all"
	v != input.account_id
}

fail contains {"reason": sprintf("the snapshot is shared with %v", [concat(", ", sort(shared))]), "evidence": {"accounts": shared}} if {
	count(shared) > 0
}
