# METADATA
# title: Internet-facing load balancer's HTTP listener redirects to HTTPS
# description: >-
#   An HTTP listener that forwards requests serves the application in clear text on
#   the internet: sessions, credentials and data can be read or altered on the way.
#   Its default action should redirect to HTTPS. Internal load balancers are not judged;
#   a listener whose load balancer is not in the inventory is NOT_ASSESSED.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions
# custom:
#   id: elbv2_listener_http_redirects_to_https
#   severity: medium
#   resource_types: [AWS::ElasticLoadBalancingV2::Listener]
#   requires: [configuration.Protocol, configuration.DefaultActions]
#   remediation:
#     console: EC2 > Load Balancers > the load balancer > Listeners and rules > the HTTP listener > Manage listener > Edit listener > Default action Redirect to URL, protocol HTTPS, port 443, status 301 > Save changes.
#     cli: aws elbv2 modify-listener --listener-arn <listener-arn> --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'
#     terraform: 'aws_lb_listener { protocol = "HTTP", default_action { type = "redirect", redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" } } }'
#   frameworks:
#     nist-800-53-r5: [SC-8, SC-8(1)]
#     pci-dss-4.0: ["4.2.1"]
package meerkat.checks.elbv2_listener_http_redirects_to_https

import rego.v1

lb := input.facts.load_balancer

redirects if {
	some a in input.configuration.DefaultActions
	a.Type == "redirect"
	a.RedirectConfig.Protocol == "HTTPS"
}

fail contains {"reason": sprintf("HTTP listener on port %v does not redirect to HTTPS (default action %v)", [input.configuration.Port, concat(", ", [a.Type | some a in input.configuration.DefaultActions])]), "evidence": {"DefaultActions": input.configuration.DefaultActions}} if {
	input.configuration.Protocol == "HTTP"
	lb.scheme == "internet-facing"
	not redirects
}

not_assessed contains "the listener's load balancer is not in the inventory, so its scheme is unknown" if {
	input.configuration.Protocol == "HTTP"
	lb == null
	not redirects
}
