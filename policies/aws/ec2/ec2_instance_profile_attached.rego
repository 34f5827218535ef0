# METADATA
# title: EC2 instance uses an IAM instance profile
# description: >-
#   An instance without an instance profile has no role credentials, so software on it
#   that calls AWS needs long-lived access keys stored on disk or in user data. A role
#   gives short-lived credentials that rotate on their own.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html
# custom:
#   id: ec2_instance_profile_attached
#   severity: low
#   resource_types: [AWS::EC2::Instance]
#   requires: [configuration.InstanceId]
#   remediation:
#     console: EC2 > Instances > the instance > Actions > Security > Modify IAM role > choose a role with the permissions the software needs > Update IAM role.
#     cli: aws ec2 associate-iam-instance-profile --instance-id <instance-id> --iam-instance-profile Name=<profile-name>
#     terraform: aws_instance { iam_instance_profile = aws_iam_instance_profile.app.name }
#   frameworks:
#     cis-aws-3.0: ["1.18"]
#     nist-800-53-r5: [IA-5]
package meerkat.checks.ec2_instance_profile_attached

import rego.v1

# The collector leaves the field out when the instance has no profile.
fail contains {"reason": "no IAM instance profile", "evidence": {"IamInstanceProfile": null}} if {
	not is_string(input.configuration.IamInstanceProfile.Arn)
}
