# METADATA
# title: Attached customer managed policy does not allow cloudtrail:* on every resource
# description: >-
#   cloudtrail:* on every trail lets its holder stop logging, delete trails or change where logs go: the first step of covering one's tracks. Judged on the default version of customer managed policies attached to at
#   least one user, group or role; statements already admin ("*") are left to the admin
#   checks.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: iam_policy_no_full_access_to_cloudtrail
#   severity: medium
#   resource_types: [AWS::IAM::Policy]
#   requires: [supplementary.PolicyVersion, configuration.AttachmentCount]
#   remediation:
#     console: IAM > Policies > the policy > Edit; replace "cloudtrail:*" with the CloudTrail actions needed and name the resources, Save as the default version.
#     cli: aws iam create-policy-version --policy-arn <arn> --policy-document file://scoped.json --set-as-default
#     terraform: 'aws_iam_policy: replace "cloudtrail:*" on "*" with the needed actions and ARNs'
#   frameworks:
#     nist-800-53-r5: [AC-6]
package meerkat.checks.iam_policy_no_full_access_to_cloudtrail

import rego.v1

fail contains {"reason": sprintf("statement %v allows cloudtrail:* on every resource", [s.sid]), "evidence": s} if {
	input.configuration.AttachmentCount > 0
	some s in input.facts.default_version.statements
	s.effect == "Allow"
	"cloudtrail:*" in s.actions
	"*" in s.resources
}
