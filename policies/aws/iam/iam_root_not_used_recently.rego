# METADATA
# title: Root user was not used in the last day
# description: >-
#   The root user is for the few tasks only it can do; signing in or calling APIs as root
#   day to day leaves no per-person trail and no way to limit damage. Read from the
#   credential report's <root_account> row (password and both access keys' last use),
#   judged against the evaluation time. The report may be up to four hours old.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
# custom:
#   id: iam_root_not_used_recently
#   severity: high
#   resource_types: [AWS::IAM::CredentialReport]
#   requires: [configuration.Content]
#   remediation:
#     console: Create an IAM Identity Center user or IAM role for daily administration, sign out of the root user, and store its credentials away; review CloudTrail for what root did.
#     cli: aws iam generate-credential-report && aws iam get-credential-report --query Content --output text | base64 -d | grep root_account
#     terraform: Manage administrators as aws_iam_role / aws_ssoadmin_permission_set resources; root use itself is not a Terraform setting.
#   frameworks:
#     cis-aws-3.0: ["1.7"]
#     nist-800-53-r5: [AC-6(2)]
package meerkat.checks.iam_root_not_used_recently

import rego.v1

window_days := 1

fail contains {"reason": sprintf("the root user was used %v day(s) before the evaluation", [root.last_used_days]), "evidence": root} if {
	root := input.facts.root
	root.last_used_days != null
	root.last_used_days < window_days
}

not_assessed contains "the credential report has no <root_account> row" if {
	not input.facts.root.present
}
