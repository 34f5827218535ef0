# METADATA
# title: IAM password policy requires at least 14 characters
# description: >-
#   Longer passwords resist guessing and cracking. An account without a password policy
#   accepts IAM's default minimum of 8 characters.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: iam_password_policy_min_length_14
#   severity: medium
#   resource_types: [AWS::IAM::AccountPasswordPolicy]
#   requires: [configuration.Configured]
#   remediation:
#     console: IAM > Account settings > Password policy > Edit > Custom > Password minimum length 14 > Save changes.
#     cli: aws iam update-account-password-policy --minimum-password-length 14
#     terraform: aws_iam_account_password_policy { minimum_password_length = 14 }
#   frameworks:
#     cis-aws-3.0: ["1.8"]
#     nist-800-53-r5: [IA-5(1)]
#     pci-dss-4.0: [8.3.6]
package meerkat.checks.iam_password_policy_min_length_14

import rego.v1

minimum := 14

fail contains {"reason": "the account has no password policy", "evidence": {"Configured": false}} if {
	input.configuration.Configured == false
}

fail contains {"reason": sprintf("minimum length is %v, under %v", [length, minimum]), "evidence": {"MinimumPasswordLength": length}} if {
	input.configuration.Configured == true
	length := object.get(input.configuration, "MinimumPasswordLength", 0)
	length < minimum
}
