# METADATA
# title: Root user has no X.509 signing certificates
# description: >-
#   A signing certificate of the root user authenticates requests to the few SOAP and
#   legacy APIs that accept it, with the root user's unlimited rights. Read from the
#   account summary's AccountSigningCertificatesPresent flag.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html
#   - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
# custom:
#   id: iam_root_signing_certificate_absent
#   severity: medium
#   resource_types: [AWS::IAM::AccountSummary]
#   requires: [configuration.SummaryMap]
#   remediation:
#     console: Sign in as the root user > Security credentials > X.509 certificate > Delete each certificate.
#     cli: With root credentials, aws iam list-signing-certificates, then aws iam delete-signing-certificate --certificate-id <id>
#     terraform: Root credentials are not managed by Terraform; delete the certificates in the console.
#   frameworks:
#     nist-800-53-r5: [AC-6(2)]
package meerkat.checks.iam_root_signing_certificate_absent

import rego.v1

fail contains {"reason": "the root user has signing certificates", "evidence": {"AccountSigningCertificatesPresent": present}} if {
	present := input.configuration.SummaryMap.AccountSigningCertificatesPresent
	present > 0
}
