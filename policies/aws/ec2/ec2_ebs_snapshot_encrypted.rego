# METADATA
# title: EBS snapshot is encrypted
# description: >-
#   An unencrypted snapshot holds a full copy of a volume in clear, and every volume
#   restored from it is unencrypted too.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
# custom:
#   id: ec2_ebs_snapshot_encrypted
#   severity: medium
#   resource_types: [AWS::EC2::Snapshot]
#   requires: [configuration.Encrypted]
#   remediation:
#     console: EC2 > Snapshots > the snapshot > Actions > Copy snapshot > tick Encrypt this snapshot and choose a KMS key > Copy; then delete the unencrypted original.
#     cli: aws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snap-id> --encrypted --kms-key-id <key> && aws ec2 delete-snapshot --snapshot-id <snap-id>
#     terraform: aws_ebs_snapshot_copy { source_snapshot_id = "<snap-id>", source_region = "<region>", encrypted = true, kms_key_id = "<key-arn>" }
#   frameworks:
#     nist-800-53-r5: [SC-28, SC-28(1)]
#     pci-dss-4.0: ["3.5.1"]
package meerkat.checks.ec2_ebs_snapshot_encrypted

import rego.v1

fail contains {"reason": "the snapshot is not encrypted", "evidence": {"Encrypted": false, "VolumeId": object.get(input.configuration, "VolumeId", null)}} if {
	input.configuration.Encrypted == false
}
