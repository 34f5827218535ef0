# METADATA
# title: People sign in through identity federation
# description: >-
#   CIS 1.21 asks that people be managed centrally (an identity provider, IAM Identity
#   Center, AWS Organizations) rather than as IAM users of each account. An account
#   passes when it trusts a SAML or OIDC identity provider, or IAM Identity Center has
#   provisioned permission-set roles in it. Judged on the account pseudo-resource from
#   the IAM provider and role scopes: NOT_ASSESSED when one of them was not read. CIS
#   marks the control manual; a single-account setup with no people may mute this.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html
#   - https://docs.aws.amazon.com/singlesignon/latest/userguide/what-is.html
# custom:
#   id: iam_identity_federation_configured
#   severity: low
#   resource_types: [AWS::Account]
#   remediation:
#     console: IAM Identity Center > Enable, connect your identity source, assign permission sets to this account; or IAM > Identity providers > Add provider (SAML or OpenID Connect).
#     cli: aws iam create-saml-provider --name <idp> --saml-metadata-document file://metadata.xml
#     terraform: aws_iam_saml_provider, or aws_ssoadmin_permission_set with aws_ssoadmin_account_assignment
#   frameworks:
#     cis-aws-3.0: ["1.21"]
#     nist-800-53-r5: [AC-2]
package meerkat.checks.iam_identity_federation_configured

import rego.v1

scopes := input.configuration.Scopes

provider_types := ["AWS::IAM::SAMLProvider", "AWS::IAM::OIDCProvider"]

# Each scope this judgement rests on, read or not.
needed := array.concat(provider_types, ["AWS::IAM::Role"])

providers := sum([n | some t in provider_types; n := object.get(scopes, [t, "ResourceCount"], 0)])

not_assessed contains sprintf("%v was not read: %v", [t, object.get(scopes, [t, "Error"], "no scope")]) if {
	some t in needed
	not object.get(scopes, [t, "Assessed"], false)
}

fail contains {"reason": "no SAML or OIDC identity provider and no IAM Identity Center roles: people sign in as IAM users", "evidence": {"saml_providers": object.get(scopes, ["AWS::IAM::SAMLProvider", "ResourceCount"], 0), "oidc_providers": object.get(scopes, ["AWS::IAM::OIDCProvider", "ResourceCount"], 0), "identity_center_roles": input.facts.identity_center_roles}} if {
	providers == 0
	count(input.facts.identity_center_roles) == 0
}
