# METADATA
# title: EBS snapshot is not shared with other accounts
# description: >-
#   Each account named in a snapshot's create-volume permissions can copy the whole
#   volume's data into its own account, beyond this account's control. Sharing should
#   be deliberate, with accounts of the same organisation; review every share this check
#   lists.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html
# custom:
#   id: ec2_ebs_snapshot_not_shared_cross_account
#   severity: medium
#   resource_types: [AWS::EC2::Snapshot]
#   requires: [supplementary.CreateVolumePermissions]
#   remediation:
#     console: EC2 > Snapshots > the snapshot > Actions > Snapshot settings > Modify permissions > remove the accounts that should not have it > Save changes.
#     cli: aws ec2 modify-snapshot-attribute --snapshot-id <snap-id> --attribute createVolumePermission --operation-type remove --user-ids <account-id>
#     terraform: remove the aws_snapshot_create_volume_permission resources of accounts that should not have the snapshot
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.ec2_ebs_snapshot_not_shared_cross_account

import rego.v1

fail contains {"reason": sprintf("shared with account %v", [p.UserId]), "evidence": p} if {
	some p in input.supplementary.CreateVolumePermissions
	is_string(p.UserId)
	p.UserId != ""
	p.UserId != input.account_id
}
