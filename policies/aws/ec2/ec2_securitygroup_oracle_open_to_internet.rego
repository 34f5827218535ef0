# METADATA
# title: Security group does not open Oracle Database (1521, 2483, 2484) to the internet
# description: >-
#   An Oracle listener reachable from anywhere is exposed to TNS poisoning, brute force
#   and database vulnerabilities. Fails on every ingress rule from 0.0.0.0/0 or ::/0 that
#   reaches TCP ports 1521, 2483, 2484: the port itself, a range covering it, or protocol
#   -1 (all traffic).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: ec2_securitygroup_oracle_open_to_internet
#   severity: high
#   resource_types: [AWS::EC2::SecurityGroup]
#   requires: [configuration.IpPermissions]
#   remediation:
#     console: >-
#       EC2 > Security Groups > the group > Inbound rules > Edit inbound rules: for each
#       rule reaching 1521, 2483, 2484 from 0.0.0.0/0 or ::/0, set the source to the CIDRs or security
#       groups that need it, or delete the rule.
#     cli: >-
#       aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 1521 --cidr 0.0.0.0/0;
#       for IPv6, --ip-permissions 'IpProtocol=tcp,FromPort=1521,ToPort=1521,Ipv6Ranges=[{CidrIpv6=::/0}]';
#       then authorize the same port from the needed range only.
#     terraform: 'aws_vpc_security_group_ingress_rule { from_port = 1521, to_port = 1521, cidr_ipv4 = "<known range>" } instead of 0.0.0.0/0 or ::/0'
#   frameworks:
#     nist-800-53-r5: [CM-7, SC-7]
#     pci-dss-4.0: ["1.3.1"]
package meerkat.checks.ec2_securitygroup_oracle_open_to_internet

import data.meerkat.lib.network
import rego.v1

ports := [1521, 2483, 2484]

protocols := {"tcp"}

fail contains {"reason": network.reason(r, port), "evidence": r} if {
	some port in ports
	some r in network.reaching(input.facts.world_open_ingress, port, protocols)
}
