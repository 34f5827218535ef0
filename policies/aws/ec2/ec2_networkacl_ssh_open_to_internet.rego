# METADATA
# title: Network ACL does not allow SSH (22) from the internet
# description: >-
#   SSH reachable from anywhere at the subnet boundary leaves security groups as the only
#   filter in front of every host of the subnet. A network ACL is read in rule-number
#   order and the first matching entry decides: fails when traffic from 0.0.0.0/0 or ::/0
#   reaches TCP port 22, that is when an allow entry for it comes before any deny that
#   covers it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
# custom:
#   id: ec2_networkacl_ssh_open_to_internet
#   severity: high
#   resource_types: [AWS::EC2::NetworkAcl]
#   requires: [configuration.Entries]
#   remediation:
#     console: >-
#       VPC > Network ACLs > the ACL > Inbound rules > Edit inbound rules: narrow the
#       allow entry's source to known CIDRs, or add a lower-numbered deny entry from
#       0.0.0.0/0 (and ::/0) for the port; security groups then do the fine-grained filtering.
#     cli: aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number <lower than the allow> --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny
#     terraform: 'aws_network_acl_rule { egress = false, rule_action = "deny", protocol = "tcp", from_port = 22, to_port = 22, cidr_block = "0.0.0.0/0", rule_number = <lower than the allow> }'
#   frameworks:
#     cis-aws-3.0: ["5.1"]
#     nist-800-53-r5: [AC-17, SC-7]
#     pci-dss-4.0: ["1.3.1"]
package meerkat.checks.ec2_networkacl_ssh_open_to_internet

import data.meerkat.lib.network
import rego.v1

ports := [22]

fail contains {"reason": sprintf("%v (rule %v)", [network.reason(r, port), r.rule_number]), "evidence": r} if {
	some port in ports
	some r in network.reaching(input.facts.world_open_ingress, port, {"tcp"})
}
