# METADATA
# title: IAM user has no console password unused for 45 days or more
# description: >-
#   A console password nobody signs in with is a credential to guess or reuse, and
#   often belongs to someone who has left. Judged against the evaluation time: a
#   password last used 45 or more days before it, or never used with a login profile
#   45 or more days old, fails.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html
# custom:
#   id: iam_user_console_password_unused_45_days
#   severity: medium
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.LoginProfile]
#   remediation:
#     console: IAM > Users > the user > Security credentials > Console sign-in > Manage console access > Disable access.
#     cli: aws iam delete-login-profile --user-name <user>
#     terraform: Remove the aws_iam_user_login_profile resource of the user.
#   frameworks:
#     cis-aws-3.0: ["1.12"]
#     nist-800-53-r5: [AC-2(3)]
#     pci-dss-4.0: [8.2.6]
package meerkat.checks.iam_user_console_password_unused_45_days

import rego.v1

limit := 45

fail contains {"reason": sprintf("console password last used %v days ago", [days]), "evidence": {"PasswordLastUsed": object.get(input.configuration, "PasswordLastUsed", null)}} if {
	input.supplementary.LoginProfile != null
	days := input.facts.password_last_used_days
	days != null
	days >= limit
}

fail contains {"reason": sprintf("console password never used since it was set %v days ago", [days]), "evidence": {"LoginProfile": input.supplementary.LoginProfile}} if {
	input.supplementary.LoginProfile != null
	input.facts.password_last_used_days == null
	days := input.facts.login_profile_age_days
	days >= limit
}

# The collector leaves PasswordLastUsed out when it is null (never used), so it cannot be
# a `requires` path; it names it in not_assessed when ListUsers failed.
not_assessed contains sprintf("PasswordLastUsed not read: %v", [why]) if {
	input.supplementary.LoginProfile != null
	why := input.not_assessed.PasswordLastUsed
}
