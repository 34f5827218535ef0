# METADATA
# title: No inline policy of an IAM user, group or role is admin-equivalent
# description: >-
#   An inline policy that allows "*" on every resource, every IAM action, or every
#   action but a few non-IAM ones (NotAction) makes its holder an administrator, in a
#   place policy reviews tend to miss. See docs/policy-authoring.md for what counts as
#   admin-equivalent.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
# custom:
#   id: iam_inline_policy_admin_equivalent
#   severity: high
#   resource_types: [AWS::IAM::User, AWS::IAM::Group, AWS::IAM::Role]
#   remediation:
#     console: IAM > Users / User groups / Roles > the entity > Permissions > the inline policy > Edit, list only the actions and resources needed (or Remove it).
#     cli: aws iam put-role-policy --role-name <role> --policy-name <name> --policy-document file://least-privilege.json (put-user-policy / put-group-policy alike), or delete-role-policy
#     terraform: 'aws_iam_role_policy / aws_iam_user_policy / aws_iam_group_policy: replace Action "*", "iam:*" or NotAction with the needed actions'
#   frameworks:
#     nist-800-53-r5: [AC-6]
#     pci-dss-4.0: [7.2.2]
package meerkat.checks.iam_inline_policy_admin_equivalent

import data.meerkat.lib.iam
import rego.v1

fail contains {"reason": sprintf("inline policy %v, statement %v: %v", [s.policy, s.sid, s.why]), "evidence": s} if {
	not iam.service_linked_role
	some s in input.facts.inline_admin_equivalent
}

not_assessed contains sprintf("inline policies not read: %v", [why]) if {
	some key in ["UserPolicyList", "GroupPolicyList", "RolePolicyList"]
	why := input.not_assessed[key]
}
