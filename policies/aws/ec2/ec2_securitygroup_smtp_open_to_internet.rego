# METADATA
# title: Security group does not open SMTP (25) to the internet
# description: >-
#   An SMTP server reachable from anywhere risks becoming an open relay for spam; only
#   mail servers meant to receive internet mail need it. Fails on every ingress rule from
#   0.0.0.0/0 or ::/0 that reaches TCP port 25: the port itself, a range covering it, or
#   protocol -1 (all traffic).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: ec2_securitygroup_smtp_open_to_internet
#   severity: medium
#   resource_types: [AWS::EC2::SecurityGroup]
#   requires: [configuration.IpPermissions]
#   remediation:
#     console: >-
#       EC2 > Security Groups > the group > Inbound rules > Edit inbound rules: for each
#       rule reaching 25 from 0.0.0.0/0 or ::/0, set the source to the CIDRs or security
#       groups that need it, or delete the rule.
#     cli: >-
#       aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 25 --cidr 0.0.0.0/0;
#       for IPv6, --ip-permissions 'IpProtocol=tcp,FromPort=25,ToPort=25,Ipv6Ranges=[{CidrIpv6=::/0}]';
#       then authorize the same port from the needed range only.
#     terraform: 'aws_vpc_security_group_ingress_rule { from_port = 25, to_port = 25, cidr_ipv4 = "<known range>" } instead of 0.0.0.0/0 or ::/0'
#   frameworks:
#     nist-800-53-r5: [CM-7, SC-7]
#     pci-dss-4.0: ["1.3.1"]
package meerkat.checks.ec2_securitygroup_smtp_open_to_internet

import data.meerkat.lib.network
import rego.v1

ports := [25]

protocols := {"tcp"}

fail contains {"reason": network.reason(r, port), "evidence": r} if {
	some port in ports
	some r in network.reaching(input.facts.world_open_ingress, port, protocols)
}
