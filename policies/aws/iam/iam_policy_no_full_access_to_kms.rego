# METADATA
# title: Attached customer managed policy does not allow kms:* on every resource
# description: >-
#   kms:* on every key lets its holder decrypt any data encrypted under the account's customer managed keys, change key policies, and schedule keys for deletion, destroying the data they protect. Judged on the default version of customer managed policies attached to at
#   least one user, group or role; statements already admin ("*") are left to the admin
#   checks.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: iam_policy_no_full_access_to_kms
#   severity: medium
#   resource_types: [AWS::IAM::Policy]
#   requires: [supplementary.PolicyVersion, configuration.AttachmentCount]
#   remediation:
#     console: IAM > Policies > the policy > Edit; replace "kms:*" with the KMS actions needed and name the resources, Save as the default version.
#     cli: aws iam create-policy-version --policy-arn <arn> --policy-document file://scoped.json --set-as-default
#     terraform: 'aws_iam_policy: replace "kms:*" on "*" with the needed actions and ARNs'
#   frameworks:
#     nist-800-53-r5: [AC-6]
package meerkat.checks.iam_policy_no_full_access_to_kms

import rego.v1

fail contains {"reason": sprintf("statement %v allows kms:* on every resource", [s.sid]), "evidence": s} if {
	input.configuration.AttachmentCount > 0
	some s in input.facts.default_version.statements
	s.effect == "Allow"
	"kms:*" in s.actions
	"*" in s.resources
}
