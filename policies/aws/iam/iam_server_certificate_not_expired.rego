# METADATA
# title: No expired server certificate is stored in IAM
# description: >-
#   An expired certificate left in IAM can still be attached to a load balancer or
#   CloudFront distribution by mistake, breaking TLS for clients or training them to
#   click through warnings. Judged against the evaluation time (CIS 1.19).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html#delete-server-certificate
# custom:
#   id: iam_server_certificate_not_expired
#   severity: medium
#   resource_types: [AWS::IAM::ServerCertificate]
#   requires: [configuration.Expiration]
#   remediation:
#     console: IAM server certificates have no console page; use the CLI (or move to ACM, which renews certificates).
#     cli: aws iam delete-server-certificate --server-certificate-name <name>
#     terraform: Remove the expired aws_iam_server_certificate (or replace it with aws_acm_certificate).
#   frameworks:
#     cis-aws-3.0: ["1.19"]
#     pci-dss-4.0: [4.2.1]
package meerkat.checks.iam_server_certificate_not_expired

import rego.v1

fail contains {"reason": sprintf("expired %v days before the evaluation (%v)", [0 - input.facts.expires_in_days, input.configuration.Expiration]), "evidence": {"Expiration": input.configuration.Expiration}} if {
	input.facts.expired == true
}
