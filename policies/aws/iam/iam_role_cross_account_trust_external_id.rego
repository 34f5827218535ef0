# METADATA
# title: IAM role trusted by another account requires an external ID
# description: >-
#   A role that another AWS account may assume without an sts:ExternalId condition is
#   open to the confused-deputy problem: a third-party service acting for many customers
#   can be tricked into using your role for someone else. Trust statements that require
#   MFA or pin the caller to your organization (aws:PrincipalOrgID / PrincipalOrgPaths)
#   are accepted too.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
# custom:
#   id: iam_role_cross_account_trust_external_id
#   severity: medium
#   resource_types: [AWS::IAM::Role]
#   requires: [configuration.AssumeRolePolicyDocument]
#   remediation:
#     console: IAM > Roles > the role > Trust relationships > Edit trust policy; add Condition StringEquals sts:ExternalId <value agreed with the other party>.
#     cli: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust-with-external-id.json
#     terraform: 'aws_iam_role assume_role_policy: condition { test = "StringEquals", variable = "sts:ExternalId", values = ["<id>"] }'
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.iam_role_cross_account_trust_external_id

import rego.v1

org_keys := {"aws:principalorgid", "aws:principalorgpaths"}

guarded(s) if s.external_id_required

guarded(s) if s.mfa_required

guarded(s) if {
	some c in s.conditions
	c.key in org_keys
}

fail contains {"reason": sprintf("statement %v lets account(s) %v assume the role without sts:ExternalId", [s.sid, concat(", ", s.cross_account)]), "evidence": s} if {
	some s in input.facts.trust_policy.statements
	s.effect == "Allow"
	count(s.cross_account) > 0
	not guarded(s)
}
