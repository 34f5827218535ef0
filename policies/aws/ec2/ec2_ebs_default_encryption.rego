# METADATA
# title: EBS encryption by default is enabled in the region
# description: >-
#   With encryption by default, every new EBS volume and snapshot copy of the region is
#   encrypted, whoever creates it and however. The setting is per region: a region
#   left off is where an unencrypted volume appears. Judged on the region
#   pseudo-resource; a region whose setting could not be read is NOT_ASSESSED.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
# custom:
#   id: ec2_ebs_default_encryption
#   severity: medium
#   resource_types: [AWS::Region]
#   requires: [supplementary.AWS::EC2::EbsEncryptionByDefault]
#   remediation:
#     console: EC2 (in the region) > Settings > Data protection and security > EBS encryption > Manage > Enable > Update EBS encryption.
#     cli: aws ec2 enable-ebs-encryption-by-default --region <region>
#     terraform: aws_ebs_encryption_by_default { enabled = true } (one per region provider)
#   frameworks:
#     cis-aws-3.0: [2.2.1]
#     nist-800-53-r5: [SC-28, SC-28(1)]
#     pci-dss-4.0: ["3.5.1"]
package meerkat.checks.ec2_ebs_default_encryption

import rego.v1

settings := input.supplementary["AWS::EC2::EbsEncryptionByDefault"]

fail contains {"reason": "EBS encryption by default is off", "evidence": {"region": input.resource_id, "EbsEncryptionByDefault": object.get(s.configuration, "EbsEncryptionByDefault", null)}} if {
	some s in settings
	object.get(s.configuration, "EbsEncryptionByDefault", false) != true
}

# The collector writes one resource per readable region; none means nothing was read.
not_assessed contains "the region's EBS encryption setting was not collected" if {
	count(settings) == 0
}
