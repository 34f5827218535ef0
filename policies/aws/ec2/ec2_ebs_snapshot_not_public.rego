# METADATA
# title: EBS snapshot is not public
# description: >-
#   A snapshot whose create-volume permission names the group "all" can be copied into
#   any AWS account, with every file of the volume it was taken from. Public snapshots
#   are found by scanners within hours.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html
# custom:
#   id: ec2_ebs_snapshot_not_public
#   severity: critical
#   resource_types: [AWS::EC2::Snapshot]
#   requires: [supplementary.CreateVolumePermissions]
#   remediation:
#     console: EC2 > Snapshots > the snapshot > Actions > Snapshot settings > Modify permissions > Private > Save changes; also turn on Block public access for snapshots in EC2 > Data protection and security.
#     cli: aws ec2 modify-snapshot-attribute --snapshot-id <snap-id> --attribute createVolumePermission --operation-type remove --group-names all
#     terraform: remove any aws_snapshot_create_volume_permission with group all; aws_ebs_snapshot_block_public_access { state = "block-all-sharing" }
#   frameworks:
#     nist-800-53-r5: [AC-3, SC-7]
#     pci-dss-4.0: ["1.4.4"]
package meerkat.checks.ec2_ebs_snapshot_not_public

import rego.v1

fail contains {"reason": "anyone may create volumes from the snapshot (group all)", "evidence": {"CreateVolumePermissions": input.supplementary.CreateVolumePermissions}} if {
	some p in input.supplementary.CreateVolumePermissions
	p.Group == "all"
}
