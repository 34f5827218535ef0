# METADATA
# title: IAM role trusting an OIDC provider pins the token subject
# description: >-
#   A role federated to an OpenID Connect provider (GitHub Actions, an EKS cluster,
#   GitLab, Terraform Cloud) trusts every identity that provider issues tokens for
#   unless the trust policy pins the token's "sub" claim. For GitHub's
#   token.actions.githubusercontent.com that means any workflow of any repository on
#   GitHub can assume the role. A sub condition whose every value is a wildcard
#   ("*", "repo:*") pins nothing.
# scope: package
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub
# custom:
#   id: iam_role_oidc_trust_without_sub
#   severity: high
#   resource_types: [AWS::IAM::Role]
#   requires: [configuration.AssumeRolePolicyDocument]
#   remediation:
#     console: IAM > Roles > the role > Trust relationships > Edit trust policy; add Condition StringEquals (or StringLike) "<provider>:sub" = "repo:<org>/<repo>:ref:refs/heads/main" (GitHub) or "system:serviceaccount:<ns>:<sa>" (EKS).
#     cli: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust-with-sub.json
#     terraform: 'aws_iam_role assume_role_policy: condition { test = "StringLike", variable = "token.actions.githubusercontent.com:sub", values = ["repo:<org>/<repo>:*"] }'
#   frameworks:
#     nist-800-53-r5: [AC-3]
#     pci-dss-4.0: [7.2.2]
package meerkat.checks.iam_role_oidc_trust_without_sub

import rego.v1

# The provider's host and path, as condition keys spell it: the ARN after oidc-provider/.
provider_of(arn) := split(arn, ":oidc-provider/")[1]

pinned(s, provider) if {
	some c in s.conditions
	c.key == lower(sprintf("%v:sub", [provider]))
	not contains(lower(c.operator), "not")
	some v in c.values
	not wildcard(v)
}

wildcard(v) if v == "*"

wildcard(v) if startswith(v, "repo:*")

fail contains {"reason": sprintf("statement %v lets any identity of %v assume the role (no %v:sub condition)", [s.sid, provider, provider]), "evidence": s} if {
	some s in input.facts.trust_policy.statements
	s.effect == "Allow"
	some arn in object.get(s.principals, "federated", [])
	contains(arn, ":oidc-provider/")
	provider := provider_of(arn)
	not pinned(s, provider)
}
