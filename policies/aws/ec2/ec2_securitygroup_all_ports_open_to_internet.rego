# METADATA
# title: Security group does not open every port to the internet
# description: >-
#   An ingress rule from 0.0.0.0/0 or ::/0 for all traffic (protocol -1) or for the whole
#   TCP or UDP port range exposes every service the attached hosts run, including the ones
#   nobody meant to publish. Open only the ports a service needs.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: ec2_securitygroup_all_ports_open_to_internet
#   severity: critical
#   resource_types: [AWS::EC2::SecurityGroup]
#   requires: [configuration.IpPermissions]
#   remediation:
#     console: EC2 > Security Groups > the group > Inbound rules > Edit inbound rules > delete the All traffic / All TCP / All UDP rule from 0.0.0.0/0 or ::/0 and add rules for the needed ports only.
#     cli: aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]' 'IpProtocol=-1,Ipv6Ranges=[{CidrIpv6=::/0}]'
#     terraform: 'aws_vpc_security_group_ingress_rule: no ip_protocol = "-1" (or 0-65535) with cidr_ipv4 = "0.0.0.0/0" or cidr_ipv6 = "::/0"; one rule per needed port'
#   frameworks:
#     cis-aws-3.0: ["5.2", "5.3"]
#     nist-800-53-r5: [CM-7, SC-7]
#     pci-dss-4.0: ["1.3.1"]
package meerkat.checks.ec2_securitygroup_all_ports_open_to_internet

import rego.v1

fail contains {"reason": sprintf("every %v port open to %v", [r.protocol, r.cidr]), "evidence": r} if {
	some r in input.facts.world_open_ingress
	r.all_ports
}
