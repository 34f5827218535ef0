# METADATA
# title: IAM user has no active access key unused for 45 days or more
# description: >-
#   An active key nobody uses is a standing secret that can only be stolen, not needed.
#   Judged against the evaluation time: an active key last used 45 or more days before
#   it, or never used and created 45 or more days before it, fails.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html
# custom:
#   id: iam_user_access_key_unused_45_days
#   severity: medium
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.AccessKeys, "supplementary.AccessKeys[].AccessKeyLastUsed"]
#   remediation:
#     console: IAM > Users > the user > Security credentials > Access keys > Actions > Deactivate (then Delete once nothing breaks).
#     cli: aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive
#     terraform: aws_iam_access_key { status = "Inactive" }, or remove the resource.
#   frameworks:
#     cis-aws-3.0: ["1.12"]
#     nist-800-53-r5: [AC-2(3)]
#     pci-dss-4.0: [8.2.6]
package meerkat.checks.iam_user_access_key_unused_45_days

import rego.v1

limit := 45

fail contains {"reason": sprintf("active access key %v last used %v days ago", [k.access_key_id, k.last_used_days]), "evidence": k} if {
	some k in input.facts.access_keys
	k.active
	k.last_used_days != null
	k.last_used_days >= limit
}

fail contains {"reason": sprintf("active access key %v never used in its %v days", [k.access_key_id, k.age_days]), "evidence": k} if {
	some k in input.facts.access_keys
	k.active
	k.last_used_days == null
	k.age_days >= limit
}
