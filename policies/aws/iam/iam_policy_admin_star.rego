# METADATA
# title: Attached customer managed policy does not allow "*:*"
# description: >-
#   A customer managed policy whose default version allows every action on every
#   resource makes each user, group or role it is attached to an administrator. Grant
#   the actions the job needs instead.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: iam_policy_admin_star
#   severity: high
#   resource_types: [AWS::IAM::Policy]
#   requires: [supplementary.PolicyVersion, configuration.AttachmentCount]
#   remediation:
#     console: IAM > Policies > the policy > Entities attached > detach it, or Edit the policy to list the needed actions and resources and set that version as default.
#     cli: aws iam create-policy-version --policy-arn <arn> --policy-document file://least-privilege.json --set-as-default
#     terraform: 'aws_iam_policy: replace Action "*" / Resource "*" with the needed actions and ARNs'
#   frameworks:
#     cis-aws-3.0: ["1.16"]
#     nist-800-53-r5: [AC-6]
#     pci-dss-4.0: [7.2.2]
package meerkat.checks.iam_policy_admin_star

import rego.v1

# CIS 1.16 is about attached policies: an unattached admin policy grants nothing yet.
fail contains {"reason": sprintf("statement %v allows * on * and the policy is attached %v times", [s.sid, input.configuration.AttachmentCount]), "evidence": {"statement": s, "AttachmentCount": input.configuration.AttachmentCount}} if {
	input.configuration.AttachmentCount > 0
	some s in input.facts.default_version.statements
	s.admin
}
