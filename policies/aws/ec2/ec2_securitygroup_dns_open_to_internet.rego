# METADATA
# title: Security group does not open DNS (53) to the internet
# description: >-
#   A resolver reachable from anywhere can be abused for DNS amplification attacks; only
#   authoritative servers meant for the internet need it. Fails on every ingress rule from
#   0.0.0.0/0 or ::/0 that reaches TCP or UDP port 53: the port itself, a range covering
#   it, or protocol -1 (all traffic).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: ec2_securitygroup_dns_open_to_internet
#   severity: medium
#   resource_types: [AWS::EC2::SecurityGroup]
#   requires: [configuration.IpPermissions]
#   remediation:
#     console: >-
#       EC2 > Security Groups > the group > Inbound rules > Edit inbound rules: for each
#       rule reaching 53 from 0.0.0.0/0 or ::/0, set the source to the CIDRs or security
#       groups that need it, or delete the rule.
#     cli: >-
#       aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 53 --cidr 0.0.0.0/0;
#       for IPv6, --ip-permissions 'IpProtocol=tcp,FromPort=53,ToPort=53,Ipv6Ranges=[{CidrIpv6=::/0}]';
#       then authorize the same port from the needed range only.
#     terraform: 'aws_vpc_security_group_ingress_rule { from_port = 53, to_port = 53, cidr_ipv4 = "<known range>" } instead of 0.0.0.0/0 or ::/0'
#   frameworks:
#     nist-800-53-r5: [CM-7, SC-7]
#     pci-dss-4.0: ["1.3.1"]
package meerkat.checks.ec2_securitygroup_dns_open_to_internet

import data.meerkat.lib.network
import rego.v1

ports := [53]

protocols := {"tcp", "udp"}

fail contains {"reason": network.reason(r, port), "evidence": r} if {
	some port in ports
	some r in network.reaching(input.facts.world_open_ingress, port, protocols)
}
