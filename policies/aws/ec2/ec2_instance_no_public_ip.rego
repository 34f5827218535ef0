# METADATA
# title: EC2 instance has no public IPv4 address
# description: >-
#   An instance with a public address (auto-assigned or an Elastic IP, on any of its
#   network interfaces) is reachable from the internet as far as its security groups
#   allow; one permissive rule is then enough to expose it. Put instances in private
#   subnets behind a load balancer, a NAT gateway or Session Manager.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html
# custom:
#   id: ec2_instance_no_public_ip
#   severity: medium
#   resource_types: [AWS::EC2::Instance]
#   requires: [configuration.NetworkInterfaces]
#   remediation:
#     console: EC2 > Elastic IPs > disassociate any Elastic IP from the instance; an auto-assigned address goes only by relaunching the instance in a subnet without auto-assign public IP (or by turning off the interface's public IP on a stopped instance where supported).
#     cli: aws ec2 disassociate-address --association-id <eipassoc-id>; aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch
#     terraform: aws_instance { associate_public_ip_address = false, subnet_id = <private subnet> }
#   frameworks:
#     nist-800-53-r5: [SC-7]
#     pci-dss-4.0: ["1.4.4"]
package meerkat.checks.ec2_instance_no_public_ip

import rego.v1

addresses contains ip if {
	ip := input.configuration.PublicIpAddress
	is_string(ip)
	ip != ""
}

addresses contains ip if {
	some eni in input.configuration.NetworkInterfaces
	ip := eni.Association.PublicIp
	is_string(ip)
	ip != ""
}

# Secondary private addresses can carry Elastic IPs of their own.
addresses contains ip if {
	some eni in input.configuration.NetworkInterfaces
	some p in eni.PrivateIpAddresses
	ip := p.Association.PublicIp
	is_string(ip)
	ip != ""
}

fail contains {"reason": sprintf("public IPv4 address %v", [ip]), "evidence": {"PublicIp": ip}} if {
	some ip in addresses
}
