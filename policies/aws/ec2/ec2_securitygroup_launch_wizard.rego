# METADATA
# title: Security group was not created by the EC2 launch wizard
# description: >-
#   The console's launch wizard creates groups named launch-wizard-N that by default
#   open SSH or RDP to 0.0.0.0/0. They mark ad-hoc launches outside the usual
#   provisioning, and tend to stay attached long after. Replace them with groups
#   designed for the workload.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-security-group.html
# custom:
#   id: ec2_securitygroup_launch_wizard
#   severity: low
#   resource_types: [AWS::EC2::SecurityGroup]
#   requires: [configuration.GroupName]
#   remediation:
#     console: EC2 > Security Groups > create a purpose-made group > EC2 > Instances > each instance using the launch-wizard group > Actions > Security > Change security groups > swap it > then delete the launch-wizard group.
#     cli: aws ec2 modify-instance-attribute --instance-id <instance-id> --groups <new-sg-id> && aws ec2 delete-security-group --group-id <launch-wizard-sg-id>
#     terraform: manage the instance's vpc_security_group_ids with a group defined in code (aws_security_group) and remove the launch-wizard group
#   frameworks:
#     nist-800-53-r5: [CM-2]
package meerkat.checks.ec2_securitygroup_launch_wizard

import rego.v1

fail contains {"reason": sprintf("group %v was created by the launch wizard", [input.configuration.GroupName]), "evidence": {"GroupName": input.configuration.GroupName}} if {
	startswith(input.configuration.GroupName, "launch-wizard")
}
