# METADATA
# title: IAM password policy prevents reuse of the last 24 passwords
# description: >-
#   Without reuse prevention a user forced to change a leaked password can set it back. CIS asks that the last 24 passwords be remembered.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: iam_password_policy_reuse_24
#   severity: medium
#   resource_types: [AWS::IAM::AccountPasswordPolicy]
#   requires: [configuration.Configured]
#   remediation:
#     console: IAM > Account settings > Password policy > Edit > Prevent password reuse > Remember 24 passwords > Save changes.
#     cli: aws iam update-account-password-policy --password-reuse-prevention 24 (repeat the other settings, as the call replaces the whole policy)
#     terraform: aws_iam_account_password_policy { password_reuse_prevention = 24 }
#   frameworks:
#     cis-aws-3.0: ["1.9"]
#     nist-800-53-r5: [IA-5(1)]
#     pci-dss-4.0: [8.3.7]
package meerkat.checks.iam_password_policy_reuse_24

import rego.v1

fail contains {"reason": "the account has no password policy", "evidence": {"Configured": false}} if {
	input.configuration.Configured == false
}

fail contains {"reason": "PasswordReusePrevention is not set", "evidence": {"PasswordReusePrevention": null}} if {
	input.configuration.Configured == true
	object.get(input.configuration, "PasswordReusePrevention", null) == null
}

fail contains {"reason": sprintf("PasswordReusePrevention is %v, under %v", [n, 24]), "evidence": {"PasswordReusePrevention": n}} if {
	input.configuration.Configured == true
	n := object.get(input.configuration, "PasswordReusePrevention", 0)
	is_number(n)
	n < 24
}
