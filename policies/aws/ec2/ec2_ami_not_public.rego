# METADATA
# title: AMI is not public
# description: >-
#   A public AMI can be launched by any AWS account, with whatever its snapshots hold:
#   application code, configuration files, keys and credentials baked into the image.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html
# custom:
#   id: ec2_ami_not_public
#   severity: critical
#   resource_types: [AWS::EC2::Image]
#   requires: [configuration.Public]
#   remediation:
#     console: EC2 > AMIs > the AMI > Actions > Edit AMI permissions > Private > Save changes; also turn on Block public access for AMIs in EC2 > Data protection and security.
#     cli: aws ec2 modify-image-attribute --image-id <ami-id> --launch-permission "Remove=[{Group=all}]"
#     terraform: remove any aws_ami_launch_permission with group = "all"; aws_ec2_image_block_public_access { state = "block-new-sharing" }
#   frameworks:
#     nist-800-53-r5: [AC-3, SC-7]
#     pci-dss-4.0: ["1.4.4"]
package meerkat.checks.ec2_ami_not_public

import rego.v1

fail contains {"reason": "the AMI is public", "evidence": {"Public": true}} if {
	input.configuration.Public == true
}

# Public is the image's own flag; a launch permission for group all says the same.
fail contains {"reason": "anyone may launch the AMI (launch permission group all)", "evidence": {"LaunchPermissions": input.supplementary.LaunchPermissions}} if {
	input.configuration.Public != true
	some p in input.supplementary.LaunchPermissions
	p.Group == "all"
}
