# METADATA
# title: Attached customer managed policy is not admin-equivalent
# description: >-
#   Beyond "*:*" (iam_policy_admin_star), a policy that allows every IAM action on every
#   resource, or every action but a few non-IAM ones through NotAction, lets whoever it
#   is attached to grant themselves anything. Judged on the default version of policies
#   attached to at least one user, group or role.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: iam_policy_admin_equivalent
#   severity: high
#   resource_types: [AWS::IAM::Policy]
#   requires: [supplementary.PolicyVersion, configuration.AttachmentCount]
#   remediation:
#     console: IAM > Policies > the policy > Edit; replace "iam:*" or the NotAction statement with the actions needed, Save as the default version.
#     cli: aws iam create-policy-version --policy-arn <arn> --policy-document file://least-privilege.json --set-as-default
#     terraform: 'aws_iam_policy: replace "iam:*" / NotAction on "*" with the needed actions and ARNs'
#   frameworks:
#     nist-800-53-r5: [AC-6]
#     pci-dss-4.0: [7.2.2]
package meerkat.checks.iam_policy_admin_equivalent

import rego.v1

fail contains {"reason": sprintf("statement %v %v", [s.sid, s.why]), "evidence": s} if {
	input.configuration.AttachmentCount > 0
	some s in input.facts.admin_equivalent
	not input.facts.default_version.admin
}
