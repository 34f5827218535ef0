# METADATA
# title: Load balancer TLS listener uses a security policy without TLS 1.0 and 1.1
# description: >-
#   The listener's security policy sets the protocols and ciphers offered to clients.
#   Policies that still allow TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08, the default
#   for years, ELBSecurityPolicy-2015-05, -TLS-1-0-2015-04, -TLS-1-1-2017-01,
#   -FS-2018-06, -FS-1-1-2019-08, -TLS13-1-0-2021-06, -TLS13-1-1-2021-06 and their
#   FIPS variants) permit downgrade to protocols with known weaknesses. Accepted: the
#   policies whose name says TLS 1.2 or 1.3 is the minimum (ELBSecurityPolicy-TLS-1-2-*,
#   -FS-1-2-*, -TLS13-1-2-*, -TLS13-1-3-*, including FIPS and post-quantum variants).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html
# custom:
#   id: elbv2_listener_tls_policy_secure
#   severity: medium
#   resource_types: [AWS::ElasticLoadBalancingV2::Listener]
#   requires: [configuration.Protocol]
#   remediation:
#     console: EC2 > Load Balancers > the load balancer > Listeners and rules > the HTTPS/TLS listener > Manage listener > Edit listener > Security policy ELBSecurityPolicy-TLS13-1-2-2021-06 (or stricter) > Save changes.
#     cli: aws elbv2 modify-listener --listener-arn <listener-arn> --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06
#     terraform: aws_lb_listener { ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" }
#   frameworks:
#     nist-800-53-r5: [SC-8(1), SC-13]
#     pci-dss-4.0: ["4.2.1"]
package meerkat.checks.elbv2_listener_tls_policy_secure

import rego.v1

# The policy names encode the minimum protocol: -TLS-1-2-, -FS-1-2-, -TLS13-1-2-, -TLS13-1-3-.
secure(policy) if regex.match(`^ELBSecurityPolicy-(TLS|FS|TLS13)-1-[23]-`, policy)

fail contains {"reason": sprintf("%v listener uses %v, which allows TLS below 1.2", [input.configuration.Protocol, policy]), "evidence": {"SslPolicy": policy}} if {
	input.configuration.Protocol in {"HTTPS", "TLS"}
	policy := object.get(input.configuration, "SslPolicy", "none")
	not secure(policy)
}
