# METADATA
# title: IAM user has no managed policies attached directly
# description: >-
#   Permissions given user by user drift apart and are forgotten when people change
#   jobs; granted through groups (or roles), they are reviewed and revoked in one place.
#   CIS 1.15 asks that users receive permissions only through groups.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html
# custom:
#   id: iam_user_no_attached_policies
#   severity: low
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.AttachedManagedPolicies]
#   remediation:
#     console: IAM > User groups > create or pick a group with the policy > Add users; then IAM > Users > the user > Permissions > Remove the directly attached policy.
#     cli: aws iam add-user-to-group --group-name <group> --user-name <user> && aws iam detach-user-policy --user-name <user> --policy-arn <arn>
#     terraform: Replace aws_iam_user_policy_attachment with aws_iam_group_policy_attachment + aws_iam_user_group_membership.
#   frameworks:
#     cis-aws-3.0: ["1.15"]
#     nist-800-53-r5: [AC-2]
#     pci-dss-4.0: [7.2.1]
package meerkat.checks.iam_user_no_attached_policies

import rego.v1

fail contains {"reason": sprintf("managed policy %v is attached to the user", [p.PolicyName]), "evidence": p} if {
	some p in input.supplementary.AttachedManagedPolicies
}
