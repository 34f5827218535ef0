# METADATA
# title: IAM password policy requires a symbol
# description: >-
#   Character-class requirements widen the space an attacker must guess; without a policy, IAM requires none.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: iam_password_policy_symbol
#   severity: medium
#   resource_types: [AWS::IAM::AccountPasswordPolicy]
#   requires: [configuration.Configured]
#   remediation:
#     console: IAM > Account settings > Password policy > Edit > Require at least one non-alphanumeric character > Save changes.
#     cli: aws iam update-account-password-policy --require-symbols (repeat the other settings, as the call replaces the whole policy)
#     terraform: aws_iam_account_password_policy { require_symbols = true }
#   frameworks:
#     nist-800-53-r5: [IA-5(1)]
package meerkat.checks.iam_password_policy_symbol

import rego.v1

fail contains {"reason": "the account has no password policy", "evidence": {"Configured": false}} if {
	input.configuration.Configured == false
}

fail contains {"reason": "RequireSymbols is off", "evidence": {"RequireSymbols": object.get(input.configuration, "RequireSymbols", false)}} if {
	input.configuration.Configured == true
	object.get(input.configuration, "RequireSymbols", false) != true
}
