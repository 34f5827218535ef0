# METADATA
# title: AMI is not shared with other accounts
# description: >-
#   Each account, organization or organizational unit named in an AMI's launch
#   permissions can launch it and read its snapshots' data. Sharing should be
#   deliberate; review every share this check lists.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html
# custom:
#   id: ec2_ami_not_shared_cross_account
#   severity: medium
#   resource_types: [AWS::EC2::Image]
#   requires: [supplementary.LaunchPermissions]
#   remediation:
#     console: EC2 > AMIs > the AMI > Actions > Edit AMI permissions > Shared accounts / organizations > remove those that should not have it > Save changes.
#     cli: aws ec2 modify-image-attribute --image-id <ami-id> --launch-permission "Remove=[{UserId=<account-id>}]"
#     terraform: remove the aws_ami_launch_permission resources of accounts that should not have the AMI
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.ec2_ami_not_shared_cross_account

import rego.v1

fail contains {"reason": sprintf("shared with account %v", [p.UserId]), "evidence": p} if {
	some p in input.supplementary.LaunchPermissions
	is_string(p.UserId)
	p.UserId != ""
	p.UserId != input.account_id
}

fail contains {"reason": sprintf("shared with %v", [target]), "evidence": p} if {
	some p in input.supplementary.LaunchPermissions
	some key in ["OrganizationArn", "OrganizationalUnitArn"]
	target := object.get(p, key, null)
	is_string(target)
	target != ""
}
