# METADATA
# title: IAM user's console password was changed in the last 90 days
# description: >-
#   Where the password is the only factor, PCI DSS asks that it change at least every
#   90 days. Read from the user's row of the credential report (password_last_changed),
#   judged against the evaluation time; NOT_ASSESSED when no readable report of the
#   account is in the inventory. (NIST SP 800-63B prefers no forced rotation with MFA;
#   mute where MFA is enforced.)
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_admin-change-user.html
# custom:
#   id: iam_user_password_rotated_90_days
#   severity: low
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.LoginProfile]
#   remediation:
#     console: IAM > Users > the user > Security credentials > Console sign-in > Manage console access > Reset password (require a new password at next sign-in); or set password expiration in the account password policy.
#     cli: aws iam update-login-profile --user-name <user> --password-reset-required
#     terraform: aws_iam_account_password_policy { max_password_age = 90 }
#   frameworks:
#     nist-800-53-r5: [IA-5(1)]
#     pci-dss-4.0: [8.3.9]
package meerkat.checks.iam_user_password_rotated_90_days

import rego.v1

limit := 90

report := input.facts.credential_report

fail contains {"reason": sprintf("console password last changed %v days ago", [report.password_last_changed_days]), "evidence": {"password_last_changed": report.row.password_last_changed}} if {
	input.supplementary.LoginProfile != null
	report.password_last_changed_days > limit
}

not_assessed contains "no readable credential report of the account is in the inventory" if {
	input.supplementary.LoginProfile != null
	not report.known
}

not_assessed contains "the user is not in the credential report (created after it)" if {
	input.supplementary.LoginProfile != null
	report.known
	report.row == null
}
