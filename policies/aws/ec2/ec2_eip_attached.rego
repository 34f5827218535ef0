# METADATA
# title: Elastic IP address is associated
# description: >-
#   An Elastic IP that is allocated but not associated costs money and is a forgotten
#   public address: DNS records or allow-lists may still point at it, and whatever it is
#   next attached to inherits that trust. Release addresses that are no longer used.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html
# custom:
#   id: ec2_eip_attached
#   severity: low
#   resource_types: [AWS::EC2::EIP]
#   requires: [configuration.PublicIp]
#   remediation:
#     console: EC2 > Elastic IPs > the address > Actions > Release Elastic IP addresses (or Associate it with the resource that needs it).
#     cli: aws ec2 release-address --allocation-id <eipalloc-id>
#     terraform: remove the unused aws_eip resource, or give it an instance / network_interface
#   frameworks:
#     nist-800-53-r5: [CM-8]
package meerkat.checks.ec2_eip_attached

import rego.v1

fail contains {"reason": sprintf("Elastic IP %v is not associated", [input.configuration.PublicIp]), "evidence": {"AssociationId": null, "PublicIp": input.configuration.PublicIp}} if {
	# The collector leaves out the association fields of an address not in use.
	not is_string(input.configuration.AssociationId)
	not is_string(input.configuration.InstanceId)
	not is_string(input.configuration.NetworkInterfaceId)
}
