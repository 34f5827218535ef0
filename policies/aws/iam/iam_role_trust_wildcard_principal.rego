# METADATA
# title: IAM role's trust policy does not let everyone assume it
# description: >-
#   A trust policy that allows Principal "*" (or an Allow with NotPrincipal) with no
#   condition pinning the caller's account, organization or ARN lets any AWS principal,
#   in any account, assume the role and act with its permissions.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy
# custom:
#   id: iam_role_trust_wildcard_principal
#   severity: critical
#   resource_types: [AWS::IAM::Role]
#   requires: [configuration.AssumeRolePolicyDocument]
#   remediation:
#     console: IAM > Roles > the role > Trust relationships > Edit trust policy; name the trusted account, role or service instead of "*" (or add an aws:PrincipalOrgID condition).
#     cli: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json
#     terraform: 'aws_iam_role { assume_role_policy = ... principals { type = "AWS", identifiers = ["arn:aws:iam::<account>:role/<caller>"] } }'
#   frameworks:
#     nist-800-53-r5: [AC-3]
#     pci-dss-4.0: [7.2.2]
package meerkat.checks.iam_role_trust_wildcard_principal

import rego.v1

fail contains {"reason": sprintf("statement %v lets any principal assume the role", [s.sid]), "evidence": s} if {
	some s in input.facts.trust_policy.statements
	s.public
}
