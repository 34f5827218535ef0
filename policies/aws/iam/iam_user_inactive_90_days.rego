# METADATA
# title: IAM user has been active in the last 90 days
# description: >-
#   A user that has not signed in nor used an access key for 90 days usually belongs to
#   someone who left or a retired workload; its credentials and permissions remain for
#   whoever finds them. Judged against the evaluation time, for users older than 90 days.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html
# custom:
#   id: iam_user_inactive_90_days
#   severity: medium
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.AccessKeys, "supplementary.AccessKeys[].AccessKeyLastUsed"]
#   remediation:
#     console: IAM > Users > the user > confirm with its owner, then Delete (or remove its console access and access keys).
#     cli: aws iam delete-login-profile --user-name <user>; aws iam delete-access-key --user-name <user> --access-key-id <id>; aws iam delete-user --user-name <user> (after detaching policies and groups)
#     terraform: Remove the aws_iam_user (and its login profile, keys, memberships).
#   frameworks:
#     nist-800-53-r5: [AC-2(3)]
#     pci-dss-4.0: [8.2.6]
package meerkat.checks.iam_user_inactive_90_days

import rego.v1

limit := 90

uses := array.concat(
	[d | d := input.facts.password_last_used_days; d != null],
	[k.last_used_days | some k in input.facts.access_keys; k.last_used_days != null],
)

recent if {
	some d in uses
	d <= limit
}

fail contains {"reason": sprintf("no sign-in or access key use in the last %v days (user is %v days old)", [limit, input.facts.age_days]), "evidence": {"age_days": input.facts.age_days, "password_last_used_days": input.facts.password_last_used_days, "access_keys": input.facts.access_keys}} if {
	input.facts.age_days > limit
	not recent
}

# PasswordLastUsed is left out when null (never used), so it is not a `requires` path.
not_assessed contains sprintf("PasswordLastUsed not read: %v", [why]) if {
	why := input.not_assessed.PasswordLastUsed
}
