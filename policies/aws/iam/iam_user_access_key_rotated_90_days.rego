# METADATA
# title: IAM user's active access keys are at most 90 days old
# description: >-
#   A long-lived key has had time to land in logs, repositories and old laptops;
#   rotating it bounds how long a leaked copy works. Judged against the evaluation time:
#   an active key created more than 90 days before it fails.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html
# custom:
#   id: iam_user_access_key_rotated_90_days
#   severity: medium
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.AccessKeys]
#   remediation:
#     console: IAM > Users > the user > Security credentials > Create access key, move its users to the new key, then Deactivate and Delete the old one.
#     cli: aws iam create-access-key --user-name <user>; update the consumers; aws iam update-access-key --user-name <user> --access-key-id <old-id> --status Inactive; aws iam delete-access-key --user-name <user> --access-key-id <old-id>
#     terraform: Replace the aws_iam_access_key (e.g. terraform apply -replace=aws_iam_access_key.<name>) and distribute the new secret; better, move the workload to an IAM role.
#   frameworks:
#     cis-aws-3.0: ["1.14"]
#     nist-800-53-r5: [IA-5]
#     pci-dss-4.0: [8.6.3]
package meerkat.checks.iam_user_access_key_rotated_90_days

import rego.v1

limit := 90

fail contains {"reason": sprintf("active access key %v is %v days old", [k.access_key_id, k.age_days]), "evidence": k} if {
	some k in input.facts.access_keys
	k.active
	k.age_days > limit
}
