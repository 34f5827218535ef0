# METADATA
# title: IAM role assumable from another account does not have ReadOnlyAccess
# description: >-
#   The AWS managed ReadOnlyAccess policy reads far more than configuration: S3 objects,
#   DynamoDB items, CloudWatch Logs, SSM parameters. On a role another account may assume
#   it exposes the account's data to that account. Third-party auditors usually need
#   SecurityAudit or ViewOnlyAccess, which do not read data.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SecurityAudit.html
# custom:
#   id: iam_role_cross_account_readonly_access
#   severity: medium
#   resource_types: [AWS::IAM::Role]
#   requires: [configuration.AssumeRolePolicyDocument, supplementary.AttachedManagedPolicies]
#   remediation:
#     console: IAM > Roles > the role > Permissions > replace ReadOnlyAccess with SecurityAudit or ViewOnlyAccess (or a custom policy).
#     cli: aws iam attach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/SecurityAudit && aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
#     terraform: 'aws_iam_role_policy_attachment: policy_arn = "arn:aws:iam::aws:policy/SecurityAudit" instead of ReadOnlyAccess'
#   frameworks:
#     nist-800-53-r5: [AC-6]
package meerkat.checks.iam_role_cross_account_readonly_access

import data.meerkat.lib.iam
import rego.v1

fail contains {"reason": sprintf("account(s) %v may assume the role, which has ReadOnlyAccess", [concat(", ", input.facts.trust_policy.cross_account)]), "evidence": {"cross_account": input.facts.trust_policy.cross_account, "policy": p}} if {
	count(input.facts.trust_policy.cross_account) > 0
	p := iam.aws_managed_attached("ReadOnlyAccess")
}
