# METADATA
# title: No inline policy of an IAM user, group or role allows privilege escalation
# description: >-
#   Some IAM actions let their holder give itself (or a principal it controls) more
#   permissions: create or switch a policy version, attach or put a policy, join a group,
#   rewrite a trust policy, create keys or passwords for others, pass any role to a
#   service, assume any role. Allowed on every resource, they make the holder an
#   administrator in a few calls. Admin-equivalent statements are reported by
#   iam_inline_policy_admin_equivalent instead.
# scope: package
# related_resources:
#   - https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
# custom:
#   id: iam_inline_policy_privilege_escalation
#   severity: high
#   resource_types: [AWS::IAM::User, AWS::IAM::Group, AWS::IAM::Role]
#   remediation:
#     console: IAM > the user, group or role > Permissions > the inline policy > Edit; restrict the listed actions to specific resource ARNs or remove them.
#     cli: aws iam put-role-policy --role-name <role> --policy-name <name> --policy-document file://scoped.json (put-user-policy / put-group-policy alike)
#     terraform: 'In the inline policy, give iam:PassRole, iam:Attach*/Put*Policy, iam:CreatePolicyVersion and similar actions explicit resource ARNs instead of "*"'
#   frameworks:
#     nist-800-53-r5: [AC-6]
#     pci-dss-4.0: [7.2.2]
package meerkat.checks.iam_inline_policy_privilege_escalation

import data.meerkat.lib.iam
import rego.v1

fail contains {"reason": sprintf("inline policy %v, statement %v allows %v on a wildcard resource", [s.policy, s.sid, concat(", ", s.actions)]), "evidence": s} if {
	not iam.service_linked_role
	some s in input.facts.inline_escalation
}

not_assessed contains sprintf("inline policies not read: %v", [why]) if {
	some key in ["UserPolicyList", "GroupPolicyList", "RolePolicyList"]
	why := input.not_assessed[key]
}
