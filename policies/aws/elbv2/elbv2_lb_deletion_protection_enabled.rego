# METADATA
# title: Load balancer has deletion protection enabled
# description: >-
#   Without deletion protection one API call, a mistaken console click or a stray
#   infrastructure-as-code change deletes the load balancer and takes the service it
#   fronts off line; its DNS name cannot be recovered.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection
# custom:
#   id: elbv2_lb_deletion_protection_enabled
#   severity: low
#   resource_types: [AWS::ElasticLoadBalancingV2::LoadBalancer]
#   requires: [supplementary.LoadBalancerAttributes]
#   remediation:
#     console: EC2 > Load Balancers > the load balancer > Attributes > Edit > turn on Deletion protection > Save changes.
#     cli: aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb-arn> --attributes Key=deletion_protection.enabled,Value=true
#     terraform: aws_lb { enable_deletion_protection = true }
#   frameworks:
#     nist-800-53-r5: [CP-10]
package meerkat.checks.elbv2_lb_deletion_protection_enabled

import rego.v1

attributes := {a.Key: a.Value | some a in input.supplementary.LoadBalancerAttributes}

fail contains {"reason": "deletion protection is off", "evidence": {"deletion_protection.enabled": object.get(attributes, "deletion_protection.enabled", null)}} if {
	object.get(attributes, "deletion_protection.enabled", "false") != "true"
}
