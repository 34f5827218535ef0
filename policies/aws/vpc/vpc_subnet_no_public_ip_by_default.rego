# METADATA
# title: Subnet does not assign public IPv4 addresses on launch
# description: >-
#   In a subnet with MapPublicIpOnLaunch, every instance and interface launched gets a
#   public address unless its creator opts out, so a workload meant to be private ends
#   up reachable from the internet by default. Default subnets of the default VPC have
#   it on.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html
# custom:
#   id: vpc_subnet_no_public_ip_by_default
#   severity: medium
#   resource_types: [AWS::EC2::Subnet]
#   requires: [configuration.MapPublicIpOnLaunch]
#   remediation:
#     console: VPC > Subnets > the subnet > Actions > Edit subnet settings > clear Enable auto-assign public IPv4 address > Save.
#     cli: aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch
#     terraform: aws_subnet { map_public_ip_on_launch = false }
#   frameworks:
#     nist-800-53-r5: [SC-7]
#     pci-dss-4.0: ["1.4.4"]
package meerkat.checks.vpc_subnet_no_public_ip_by_default

import rego.v1

fail contains {"reason": "instances launched here get a public IPv4 address", "evidence": {"MapPublicIpOnLaunch": true, "DefaultForAz": object.get(input.configuration, "DefaultForAz", null)}} if {
	input.configuration.MapPublicIpOnLaunch == true
}
