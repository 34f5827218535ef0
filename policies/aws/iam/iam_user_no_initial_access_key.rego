# METADATA
# title: IAM console user has no access key left unused since setup
# description: >-
#   Creating an access key with a new console user "just in case" leaves a long-lived
#   secret nobody uses or watches. CIS 1.11 flags console users with an active key that
#   has never been used.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
# custom:
#   id: iam_user_no_initial_access_key
#   severity: medium
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.LoginProfile, supplementary.AccessKeys, "supplementary.AccessKeys[].AccessKeyLastUsed"]
#   remediation:
#     console: IAM > Users > the user > Security credentials > Access keys > Actions > Deactivate, then Delete the never-used key.
#     cli: aws iam delete-access-key --user-name <user> --access-key-id <id>
#     terraform: Remove the aws_iam_access_key resource of a console user that does not need programmatic access.
#   frameworks:
#     cis-aws-3.0: ["1.11"]
#     nist-800-53-r5: [AC-2]
package meerkat.checks.iam_user_no_initial_access_key

import rego.v1

fail contains {"reason": sprintf("console user has active access key %v that was never used", [k.access_key_id]), "evidence": k} if {
	input.supplementary.LoginProfile != null
	some k in input.facts.access_keys
	k.active
	k.last_used_days == null
}
