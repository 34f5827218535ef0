# METADATA
# title: IAM role assumable from another account is not an administrator
# description: >-
#   A role that another AWS account may assume and that holds AdministratorAccess, a
#   customer-managed policy granting admin, or an admin-equivalent inline policy hands that account (and whoever compromises it) full
#   control of this one. Grant the external party a scoped role instead.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_cross-account-with-roles.html
# custom:
#   id: iam_role_cross_account_admin
#   severity: high
#   resource_types: [AWS::IAM::Role]
#   requires: [configuration.AssumeRolePolicyDocument, supplementary.AttachedManagedPolicies, supplementary.RolePolicyList]
#   remediation:
#     console: IAM > Roles > the role > Permissions > remove AdministratorAccess or the admin inline policy and grant only what the other account needs; or remove the external account from Trust relationships.
#     cli: aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
#     terraform: Attach a least-privilege aws_iam_policy to the cross-account aws_iam_role instead of AdministratorAccess.
#   frameworks:
#     nist-800-53-r5: [AC-6]
#     pci-dss-4.0: [7.2.2]
package meerkat.checks.iam_role_cross_account_admin

import data.meerkat.lib.iam
import rego.v1

admin contains "AdministratorAccess" if iam.aws_managed_attached("AdministratorAccess")

admin contains sprintf("customer-managed policy %v", [arn]) if {
	some arn in input.facts.customer_managed_admin
}

admin contains sprintf("inline policy %v", [s.policy]) if {
	some s in input.facts.inline_admin_equivalent
}

fail contains {"reason": sprintf("account(s) %v may assume the role, which has %v", [concat(", ", input.facts.trust_policy.cross_account), concat(", ", admin)]), "evidence": {"cross_account": input.facts.trust_policy.cross_account, "admin": admin}} if {
	count(input.facts.trust_policy.cross_account) > 0
	count(admin) > 0
}
