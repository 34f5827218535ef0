# METADATA
# title: Application Load Balancer mitigates HTTP desync
# description: >-
#   The desync mitigation mode decides what the load balancer does with ambiguous
#   requests that could smuggle a second request past it. "monitor" forwards them all;
#   "defensive" (the default) and "strictest" block the dangerous ones. Network and
#   Gateway Load Balancers do not parse HTTP and are not judged.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#desync-mitigation-mode
# custom:
#   id: elbv2_lb_desync_mitigation_mode
#   severity: medium
#   resource_types: [AWS::ElasticLoadBalancingV2::LoadBalancer]
#   requires: [supplementary.LoadBalancerAttributes, configuration.Type]
#   remediation:
#     console: EC2 > Load Balancers > the load balancer > Attributes > Edit > Packet handling > Desync mitigation mode Defensive or Strictest > Save changes.
#     cli: aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb-arn> --attributes Key=routing.http.desync_mitigation_mode,Value=defensive
#     terraform: aws_lb { desync_mitigation_mode = "defensive" }
#   frameworks:
#     nist-800-53-r5: [SI-10]
package meerkat.checks.elbv2_lb_desync_mitigation_mode

import rego.v1

attributes := {a.Key: a.Value | some a in input.supplementary.LoadBalancerAttributes}

key := "routing.http.desync_mitigation_mode"

# An absent attribute means the default, defensive.
fail contains {"reason": sprintf("desync mitigation mode is %v", [mode]), "evidence": {key: mode}} if {
	input.configuration.Type == "application"
	mode := object.get(attributes, key, "defensive")
	not mode in {"defensive", "strictest"}
}
