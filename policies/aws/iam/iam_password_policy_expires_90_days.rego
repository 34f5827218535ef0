# METADATA
# title: IAM password policy expires passwords within 90 days
# description: >-
#   Where a password is the only factor, PCI DSS asks that it change at least every 90 days, so a leaked one stops working. (NIST SP 800-63B prefers no forced rotation with MFA; mute this check where MFA is enforced.)
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: iam_password_policy_expires_90_days
#   severity: low
#   resource_types: [AWS::IAM::AccountPasswordPolicy]
#   requires: [configuration.Configured]
#   remediation:
#     console: IAM > Account settings > Password policy > Edit > Turn on password expiration > Expire passwords in 90 days > Save changes.
#     cli: aws iam update-account-password-policy --max-password-age 90 (repeat the other settings, as the call replaces the whole policy)
#     terraform: aws_iam_account_password_policy { max_password_age = 90 }
#   frameworks:
#     nist-800-53-r5: [IA-5(1)]
#     pci-dss-4.0: [8.3.9]
package meerkat.checks.iam_password_policy_expires_90_days

import rego.v1

fail contains {"reason": "the account has no password policy", "evidence": {"Configured": false}} if {
	input.configuration.Configured == false
}

fail contains {"reason": "passwords never expire", "evidence": {"ExpirePasswords": object.get(input.configuration, "ExpirePasswords", false)}} if {
	input.configuration.Configured == true
	not expires
}

fail contains {"reason": sprintf("passwords expire after %v days, over 90", [n]), "evidence": {"MaxPasswordAge": n}} if {
	expires
	n := input.configuration.MaxPasswordAge
	n > 90
}

expires if {
	input.configuration.ExpirePasswords == true
	is_number(input.configuration.MaxPasswordAge)
}
