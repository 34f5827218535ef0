# METADATA
# title: Security group does not open SSH (22) to the internet
# description: >-
#   An ingress rule from 0.0.0.0/0 or ::/0 that covers TCP port 22 (a port range, or
#   protocol -1 which is every port) exposes SSH to brute force and to any SSH
#   vulnerability.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
# custom:
#   id: ec2_securitygroup_ssh_open_to_internet
#   severity: high
#   resource_types: [AWS::EC2::SecurityGroup]
#   requires: [configuration.IpPermissions]
#   remediation:
#     console: EC2 > Security Groups > the group > Inbound rules > Edit > restrict the SSH rule's source to known CIDRs, or remove it and use Session Manager.
#     cli: aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0 (and --ip-permissions with Ipv6Ranges=[{CidrIpv6=::/0}])
#     terraform: 'aws_vpc_security_group_ingress_rule: set cidr_ipv4 / cidr_ipv6 to a known range instead of 0.0.0.0/0 or ::/0'
#   frameworks:
#     cis-aws-3.0: ["5.2", "5.3"]
#     nist-800-53-r5: [AC-17, SC-7]
#     pci-dss-4.0: [1.3.1]
package meerkat.checks.ec2_securitygroup_ssh_open_to_internet

import rego.v1

port := 22

# `world_open_ingress` lists rules from 0.0.0.0/0 and ::/0 with explicit ports;
# protocol "all" spans 0-65535.
fail contains {"reason": sprintf("port %v open to %v (%v %v-%v)", [port, r.cidr, r.protocol, r.from_port, r.to_port]), "evidence": r} if {
	some r in input.facts.world_open_ingress
	r.protocol in {"tcp", "all"}
	r.from_port <= port
	r.to_port >= port
}
