# METADATA
# title: Network ACL does not allow every port from the internet
# description: >-
#   An ACL that lets the whole internet reach every port adds no boundary at all; subnets
#   that only serve a few ports should allow only those. A network ACL is read in rule-
#   number order and the first matching entry decides: fails when traffic from 0.0.0.0/0
#   or ::/0 reaches every TCP or UDP port, that is when an allow entry for it comes before
#   any deny that covers it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
# custom:
#   id: ec2_networkacl_all_ports_open_to_internet
#   severity: medium
#   resource_types: [AWS::EC2::NetworkAcl]
#   requires: [configuration.Entries]
#   remediation:
#     console: >-
#       VPC > Network ACLs > the ACL > Inbound rules > Edit inbound rules: narrow the
#       allow entry's source to known CIDRs, or add a lower-numbered deny entry from
#       0.0.0.0/0 (and ::/0) for the port; security groups then do the fine-grained filtering.
#     cli: aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number <lower than the allow> --protocol tcp --port-range From=0,To=65535 --cidr-block 0.0.0.0/0 --rule-action deny
#     terraform: 'aws_network_acl_rule { egress = false, rule_action = "deny", protocol = "tcp", from_port = 0, to_port = 65535, cidr_block = "0.0.0.0/0", rule_number = <lower than the allow> }'
#   frameworks:
#     cis-aws-3.0: ["5.1"]
#     nist-800-53-r5: [SC-7]
#     pci-dss-4.0: ["1.3.1"]
package meerkat.checks.ec2_networkacl_all_ports_open_to_internet

import data.meerkat.lib.network
import rego.v1

fail contains {"reason": sprintf("every %v port open to %v (rule %v)", [r.protocol, r.cidr, r.rule_number]), "evidence": r} if {
	some r in input.facts.world_open_ingress
	r.all_ports
}
