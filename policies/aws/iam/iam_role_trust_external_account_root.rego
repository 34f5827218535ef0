# METADATA
# title: IAM role does not trust a whole external account
# description: >-
#   Trusting "arn:aws:iam::<other account>:root" (or the bare account id) delegates the
#   choice of who may assume the role to every administrator of that account: any of its
#   users or roles granted sts:AssumeRole can. Name the external role instead, or pin it
#   with an aws:PrincipalArn condition.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
# custom:
#   id: iam_role_trust_external_account_root
#   severity: medium
#   resource_types: [AWS::IAM::Role]
#   requires: [configuration.AssumeRolePolicyDocument]
#   remediation:
#     console: IAM > Roles > the role > Trust relationships > Edit trust policy; replace arn:aws:iam::<account>:root with the ARN of the role that should assume it.
#     cli: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json
#     terraform: 'aws_iam_role assume_role_policy: principals identifiers = ["arn:aws:iam::<account>:role/<caller>"]'
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.iam_role_trust_external_account_root

import rego.v1

whole_account(p, own) if {
	regex.match(`^[0-9]{12}$`, p)
	p != own
}

whole_account(p, own) if {
	parts := split(p, ":")
	count(parts) == 6
	parts[5] == "root"
	parts[4] != own
}

fail contains {"reason": sprintf("statement %v trusts every principal of %v", [s.sid, p]), "evidence": s} if {
	some s in input.facts.trust_policy.statements
	s.effect == "Allow"
	not s.restricted_by_condition
	some p in object.get(s.principals, "aws", [])
	whole_account(p, input.account_id)
}
