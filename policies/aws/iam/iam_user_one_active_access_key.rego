# METADATA
# title: IAM user has at most one active access key
# description: >-
#   Two active keys are meant for a rotation in progress; left in place, one of them is
#   usually forgotten in some script or laptop. CIS 1.13.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html
# custom:
#   id: iam_user_one_active_access_key
#   severity: medium
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.AccessKeys]
#   remediation:
#     console: IAM > Users > the user > Security credentials > Access keys > Deactivate the key no longer in use, then Delete it.
#     cli: aws iam update-access-key --user-name <user> --access-key-id <old-id> --status Inactive && aws iam delete-access-key --user-name <user> --access-key-id <old-id>
#     terraform: Keep a single aws_iam_access_key per user (status = "Active").
#   frameworks:
#     cis-aws-3.0: ["1.13"]
#     nist-800-53-r5: [IA-5]
package meerkat.checks.iam_user_one_active_access_key

import rego.v1

active := [k.access_key_id | some k in input.facts.access_keys; k.active]

fail contains {"reason": sprintf("%v active access keys", [count(active)]), "evidence": {"active": active}} if {
	count(active) > 1
}
