# METADATA
# title: Default security group of a VPC restricts all traffic
# description: >-
#   Every VPC has a security group named "default" that resources join when no group is
#   given. Out of the box it allows all traffic between its members and all egress;
#   with no rules at all, a resource launched without thought gets no network access
#   instead of a shared trust zone. Fails when the default group has any inbound or
#   outbound rule.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
# custom:
#   id: ec2_securitygroup_default_restrict_traffic
#   severity: medium
#   resource_types: [AWS::EC2::SecurityGroup]
#   requires: [configuration.GroupName, configuration.IpPermissions, configuration.IpPermissionsEgress]
#   remediation:
#     console: >-
#       First move resources to purpose-made groups; then VPC > Security groups > the
#       group named default > Inbound rules > delete all; Outbound rules > delete all.
#     cli: aws ec2 revoke-security-group-ingress --group-id <default-sg-id> --ip-permissions "$(aws ec2 describe-security-groups --group-ids <default-sg-id> --query 'SecurityGroups[0].IpPermissions')" (and revoke-security-group-egress with IpPermissionsEgress)
#     terraform: 'aws_default_security_group { vpc_id = aws_vpc.main.id } with no ingress or egress blocks: Terraform then removes every rule'
#   frameworks:
#     cis-aws-3.0: ["5.4"]
#     nist-800-53-r5: [AC-4, SC-7]
#     pci-dss-4.0: ["1.3.1", "1.3.2"]
package meerkat.checks.ec2_securitygroup_default_restrict_traffic

import rego.v1

default_group if input.configuration.GroupName == "default"

fail contains {"reason": sprintf("the default group has %v inbound rule(s)", [count(rules)]), "evidence": {"IpPermissions": rules}} if {
	default_group
	rules := input.configuration.IpPermissions
	count(rules) > 0
}

fail contains {"reason": sprintf("the default group has %v outbound rule(s)", [count(rules)]), "evidence": {"IpPermissionsEgress": rules}} if {
	default_group
	rules := input.configuration.IpPermissionsEgress
	count(rules) > 0
}
