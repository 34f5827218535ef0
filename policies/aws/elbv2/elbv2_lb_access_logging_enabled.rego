# METADATA
# title: Load balancer has access logging enabled
# description: >-
#   Access logs record each request or TLS connection the load balancer handled, with
#   client address, target, status and TLS details: the record that incident response
#   needs for what reached the application. Gateway Load Balancers have no access logs
#   and are not judged.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-access-logs.html
# custom:
#   id: elbv2_lb_access_logging_enabled
#   severity: medium
#   resource_types: [AWS::ElasticLoadBalancingV2::LoadBalancer]
#   requires: [supplementary.LoadBalancerAttributes]
#   remediation:
#     console: EC2 > Load Balancers > the load balancer > Attributes > Edit > Monitoring > turn on Access logs and choose the S3 location > Save changes.
#     cli: aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb-arn> --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<log-bucket>
#     terraform: aws_lb { access_logs { bucket = aws_s3_bucket.lb_logs.id, enabled = true } }
#   frameworks:
#     nist-800-53-r5: [AU-2, AU-12]
#     pci-dss-4.0: ["10.2.1"]
package meerkat.checks.elbv2_lb_access_logging_enabled

import rego.v1

attributes := {a.Key: a.Value | some a in input.supplementary.LoadBalancerAttributes}

fail contains {"reason": "access logging is off", "evidence": {"access_logs.s3.enabled": object.get(attributes, "access_logs.s3.enabled", null)}} if {
	object.get(input.configuration, "Type", "application") != "gateway"
	object.get(attributes, "access_logs.s3.enabled", "false") != "true"
}
