# METADATA
# title: IAM password policy lets users change their own password
# description: >-
#   A user who cannot change their own password cannot react to a suspected leak, nor
#   rotate it when the policy makes passwords expire; it stays with whoever set it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_enable-user-change.html
# custom:
#   id: iam_password_policy_users_can_change
#   severity: low
#   resource_types: [AWS::IAM::AccountPasswordPolicy]
#   requires: [configuration.Configured]
#   remediation:
#     console: IAM > Account settings > Password policy > Edit > Allow users to change their own password > Save changes.
#     cli: aws iam update-account-password-policy --allow-users-to-change-password (repeat the other settings, as the call replaces the whole policy)
#     terraform: aws_iam_account_password_policy { allow_users_to_change_password = true }
#   frameworks:
#     nist-800-53-r5: [IA-5(1)]
package meerkat.checks.iam_password_policy_users_can_change

import rego.v1

# Without a policy IAM lets users change their password (with iam:ChangePassword);
# only an explicit policy can turn it off.
fail contains {"reason": "users may not change their own password", "evidence": {"AllowUsersToChangePassword": false}} if {
	input.configuration.Configured == true
	object.get(input.configuration, "AllowUsersToChangePassword", false) != true
}
