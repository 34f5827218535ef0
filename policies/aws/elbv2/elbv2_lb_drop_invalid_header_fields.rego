# METADATA
# title: Application Load Balancer drops invalid HTTP header fields
# description: >-
#   By default an Application Load Balancer passes on headers whose names do not match
#   the HTTP grammar; targets that parse them differently can be led into request
#   smuggling or header injection. With routing.http.drop_invalid_header_fields.enabled
#   the load balancer removes them. Network and Gateway Load Balancers do not parse
#   HTTP and are not judged.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes
# custom:
#   id: elbv2_lb_drop_invalid_header_fields
#   severity: medium
#   resource_types: [AWS::ElasticLoadBalancingV2::LoadBalancer]
#   requires: [supplementary.LoadBalancerAttributes, configuration.Type]
#   remediation:
#     console: EC2 > Load Balancers > the load balancer > Attributes > Edit > Packet handling > turn on Drop invalid header fields > Save changes.
#     cli: aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb-arn> --attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true
#     terraform: aws_lb { drop_invalid_header_fields = true }
#   frameworks:
#     nist-800-53-r5: [SI-10]
package meerkat.checks.elbv2_lb_drop_invalid_header_fields

import rego.v1

attributes := {a.Key: a.Value | some a in input.supplementary.LoadBalancerAttributes}

key := "routing.http.drop_invalid_header_fields.enabled"

fail contains {"reason": "invalid header fields are passed to targets", "evidence": {key: object.get(attributes, key, null)}} if {
	input.configuration.Type == "application"
	object.get(attributes, key, "false") != "true"
}
