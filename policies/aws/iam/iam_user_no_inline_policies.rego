# METADATA
# title: IAM user has no inline policies
# description: >-
#   An inline policy lives inside one user: it is invisible from the policy list, cannot
#   be reused or reviewed with the others, and goes when the user goes. Grant through
#   groups instead (CIS 1.15).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html
# custom:
#   id: iam_user_no_inline_policies
#   severity: low
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.UserPolicyList]
#   remediation:
#     console: IAM > Policies > Create policy from the inline document, attach it to a group the user joins; then IAM > Users > the user > Permissions > Remove the inline policy.
#     cli: aws iam get-user-policy --user-name <user> --policy-name <name>; aws iam create-policy ...; aws iam attach-group-policy ...; aws iam delete-user-policy --user-name <user> --policy-name <name>
#     terraform: Replace aws_iam_user_policy with aws_iam_policy + aws_iam_group_policy_attachment.
#   frameworks:
#     cis-aws-3.0: ["1.15"]
#     nist-800-53-r5: [AC-2]
#     pci-dss-4.0: [7.2.1]
package meerkat.checks.iam_user_no_inline_policies

import rego.v1

fail contains {"reason": sprintf("inline policy %v", [p.PolicyName]), "evidence": {"PolicyName": p.PolicyName}} if {
	some p in input.supplementary.UserPolicyList
}
