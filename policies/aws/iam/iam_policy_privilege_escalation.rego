# METADATA
# title: Attached customer managed policy does not allow privilege escalation
# description: >-
#   Some IAM actions let their holder give itself (or a principal it controls) more
#   permissions: create or switch a policy version, attach or put a policy, join a group,
#   rewrite a trust policy, create keys or passwords for others, pass any role to a
#   service, assume any role. Allowed on every resource by an attached policy, they make
#   its holders administrators in a few calls. Judged on the default version;
#   admin-equivalent statements are reported by the admin checks instead.
# scope: package
# related_resources:
#   - https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
# custom:
#   id: iam_policy_privilege_escalation
#   severity: high
#   resource_types: [AWS::IAM::Policy]
#   requires: [supplementary.PolicyVersion, configuration.AttachmentCount]
#   remediation:
#     console: IAM > Policies > the policy > Edit; give the listed actions specific resource ARNs (or remove them), Save as the default version.
#     cli: aws iam create-policy-version --policy-arn <arn> --policy-document file://scoped.json --set-as-default
#     terraform: 'aws_iam_policy: give iam:PassRole, iam:Attach*/Put*Policy, iam:CreatePolicyVersion and similar actions explicit resource ARNs instead of "*"'
#   frameworks:
#     nist-800-53-r5: [AC-6]
#     pci-dss-4.0: [7.2.2]
package meerkat.checks.iam_policy_privilege_escalation

import rego.v1

fail contains {"reason": sprintf("statement %v allows %v on a wildcard resource", [s.sid, concat(", ", s.actions)]), "evidence": s} if {
	input.configuration.AttachmentCount > 0
	some s in input.facts.escalation
}
