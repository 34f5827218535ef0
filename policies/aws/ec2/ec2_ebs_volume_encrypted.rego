# METADATA
# title: EBS volume is encrypted
# description: >-
#   An unencrypted volume, and every snapshot taken of it, stores its data in clear;
#   encryption also covers data in transit between the instance and the volume.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
# custom:
#   id: ec2_ebs_volume_encrypted
#   severity: medium
#   resource_types: [AWS::EC2::Volume]
#   requires: [configuration.Encrypted]
#   remediation:
#     console: EC2 > Snapshots > snapshot the volume > Copy snapshot with Encrypt this snapshot > create a volume from the copy and swap it in; then turn on EBS encryption by default.
#     cli: aws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snap-id> --encrypted --kms-key-id <key>
#     terraform: aws_ebs_volume { encrypted = true }
#   frameworks:
#     cis-aws-3.0: [2.2.1]
#     nist-800-53-r5: [SC-28, SC-28(1)]
#     pci-dss-4.0: [3.5.1]
package meerkat.checks.ec2_ebs_volume_encrypted

import rego.v1

fail contains {"reason": "the volume is not encrypted", "evidence": {"Encrypted": false}} if {
	input.configuration.Encrypted == false
}
