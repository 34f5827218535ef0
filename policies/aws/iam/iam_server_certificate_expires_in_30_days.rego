# METADATA
# title: IAM server certificate does not expire within 30 days
# description: >-
#   IAM does not renew server certificates: one that expires takes down TLS on every load
#   balancer or distribution using it. Flags certificates that expire within 30 days of
#   the evaluation time (already expired ones are iam_server_certificate_not_expired).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html
# custom:
#   id: iam_server_certificate_expires_in_30_days
#   severity: low
#   resource_types: [AWS::IAM::ServerCertificate]
#   requires: [configuration.Expiration]
#   remediation:
#     console: Request a replacement in AWS Certificate Manager and switch the listeners to it; IAM server certificates have no console page.
#     cli: aws iam upload-server-certificate --server-certificate-name <new> --certificate-body file://cert.pem --private-key file://key.pem --certificate-chain file://chain.pem, then update the listeners
#     terraform: aws_acm_certificate (renewed by ACM) or a new aws_iam_server_certificate with create_before_destroy
package meerkat.checks.iam_server_certificate_expires_in_30_days

import rego.v1

fail contains {"reason": sprintf("expires in %v days (%v)", [input.facts.expires_in_days, input.configuration.Expiration]), "evidence": {"Expiration": input.configuration.Expiration}} if {
	input.facts.expired == false
	input.facts.expires_in_days < 30
}
