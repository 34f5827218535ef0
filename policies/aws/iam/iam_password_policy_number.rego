# METADATA
# title: IAM password policy requires a number
# description: >-
#   Character-class requirements widen the space an attacker must guess; PCI DSS asks for both letters and digits. Without a policy, IAM requires none.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
# custom:
#   id: iam_password_policy_number
#   severity: medium
#   resource_types: [AWS::IAM::AccountPasswordPolicy]
#   requires: [configuration.Configured]
#   remediation:
#     console: IAM > Account settings > Password policy > Edit > Require at least one number > Save changes.
#     cli: aws iam update-account-password-policy --require-numbers (repeat the other settings, as the call replaces the whole policy)
#     terraform: aws_iam_account_password_policy { require_numbers = true }
#   frameworks:
#     nist-800-53-r5: [IA-5(1)]
#     pci-dss-4.0: [8.3.6]
package meerkat.checks.iam_password_policy_number

import rego.v1

fail contains {"reason": "the account has no password policy", "evidence": {"Configured": false}} if {
	input.configuration.Configured == false
}

fail contains {"reason": "RequireNumbers is off", "evidence": {"RequireNumbers": object.get(input.configuration, "RequireNumbers", false)}} if {
	input.configuration.Configured == true
	object.get(input.configuration, "RequireNumbers", false) != true
}
