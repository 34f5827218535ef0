# METADATA
# title: Network ACL is associated with a subnet
# description: >-
#   A custom network ACL that no subnet uses filters nothing. It clutters reviews and,
#   once associated by mistake, applies rules nobody maintained. Default ACLs are not
#   judged: every VPC has one and it cannot be deleted.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/network-acls.html
# custom:
#   id: ec2_networkacl_unused
#   severity: low
#   resource_types: [AWS::EC2::NetworkAcl]
#   requires: [configuration.Associations, configuration.IsDefault]
#   remediation:
#     console: VPC > Network ACLs > the ACL > Actions > Delete network ACLs (or associate it with the subnets it was meant for).
#     cli: aws ec2 delete-network-acl --network-acl-id <acl-id>
#     terraform: remove the unused aws_network_acl, or give it subnet_ids
#   frameworks:
#     nist-800-53-r5: [CM-8]
package meerkat.checks.ec2_networkacl_unused

import rego.v1

fail contains {"reason": "no subnet is associated with the ACL", "evidence": {"Associations": []}} if {
	input.configuration.IsDefault == false
	count(input.configuration.Associations) == 0
}
