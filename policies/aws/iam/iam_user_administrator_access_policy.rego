# METADATA
# title: IAM user does not have AdministratorAccess attached
# description: >-
#   The AWS managed AdministratorAccess policy allows every action on every resource
#   ("*:*"): whoever holds the user's credentials owns the account. Grant what the job
#   needs instead, and keep administrators few and behind MFA.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: iam_user_administrator_access_policy
#   severity: high
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.AttachedManagedPolicies]
#   remediation:
#     console: IAM > Users > the user > Permissions > remove AdministratorAccess; grant the needed policies through a group.
#     cli: aws iam detach-user-policy --user-name <name> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
#     terraform: Remove the aws_iam_user_policy_attachment of arn:aws:iam::aws:policy/AdministratorAccess; attach least-privilege policies.
#   frameworks:
#     cis-aws-3.0: ["1.16"]
#     nist-800-53-r5: [AC-6]
#     pci-dss-4.0: [7.2.2]
package meerkat.checks.iam_user_administrator_access_policy

import data.meerkat.lib.iam
import rego.v1

fail contains {"reason": "AdministratorAccess is attached", "evidence": p} if {
	p := iam.aws_managed_attached("AdministratorAccess")
}
