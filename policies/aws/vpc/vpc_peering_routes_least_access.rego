# METADATA
# title: Routes through VPC peering connections are least access
# description: >-
#   A route to a peering connection should send only the peer's own subnets through
#   it. A destination wider than any VPC CIDR can be (IPv4 shorter than /16, IPv6
#   shorter than /44, or a default route) sends traffic for unrelated networks to the
#   peer and lets more of this VPC talk to it than needed. Narrower routes still need a
#   review against what each side needs.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html
#   - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
# custom:
#   id: vpc_peering_routes_least_access
#   severity: medium
#   resource_types: [AWS::EC2::RouteTable]
#   requires: [configuration.Routes]
#   remediation:
#     console: VPC > Route tables > the table > Routes > Edit routes > replace the broad destination of the pcx- target with the peer subnets' CIDRs that need it > Save changes.
#     cli: aws ec2 delete-route --route-table-id <rtb-id> --destination-cidr-block <broad-cidr> && aws ec2 create-route --route-table-id <rtb-id> --destination-cidr-block <peer-subnet-cidr> --vpc-peering-connection-id <pcx-id>
#     terraform: 'aws_route { route_table_id = ..., destination_cidr_block = "<peer subnet CIDR>", vpc_peering_connection_id = aws_vpc_peering_connection.p.id }'
#   frameworks:
#     cis-aws-3.0: ["5.5"]
#     nist-800-53-r5: [AC-4, SC-7]
#     pci-dss-4.0: ["1.3.1"]
package meerkat.checks.vpc_peering_routes_least_access

import rego.v1

# The widest CIDR a VPC can have: a route wider than this cannot be "the peer".
widest := {"ipv4": 16, "ipv6": 44}

broad(cidr, family) if {
	parts := split(cidr, "/")
	to_number(parts[1]) < widest[family]
}

destination(r) := [r.DestinationCidrBlock, "ipv4"] if is_string(r.DestinationCidrBlock)

destination(r) := [r.DestinationIpv6CidrBlock, "ipv6"] if is_string(r.DestinationIpv6CidrBlock)

fail contains {"reason": sprintf("%v routes to peering %v", [d[0], r.VpcPeeringConnectionId]), "evidence": r} if {
	some r in input.configuration.Routes
	is_string(r.VpcPeeringConnectionId)
	r.VpcPeeringConnectionId != ""
	d := destination(r)
	broad(d[0], d[1])
}
