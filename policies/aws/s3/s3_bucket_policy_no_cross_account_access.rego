# METADATA
# title: S3 bucket policy grants no access to other accounts
# description: >-
#   A bucket policy that allows principals of other AWS accounts lets them read or
#   change the data with their own credentials, outside this account's IAM. Fails on
#   each account id other than the bucket's own in an Allow statement; review and mute
#   the grants that are deliberate (log delivery, a partner, the organization's
#   security account).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html
# custom:
#   id: s3_bucket_policy_no_cross_account_access
#   severity: medium
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.BucketPolicy]
#   remediation:
#     console: S3 > the bucket > Permissions > Bucket policy > Edit > remove the other accounts from the Allow statements, or restrict them with aws:PrincipalOrgID > Save changes.
#     cli: aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json (without the other accounts' principals)
#     terraform: aws_s3_bucket_policy without principals of other accounts (or with a condition on aws:PrincipalOrgID)
#   frameworks:
#     nist-800-53-r5: [AC-3, AC-6]
package meerkat.checks.s3_bucket_policy_no_cross_account_access

import rego.v1

policy := input.facts.resource_policy

fail contains {"reason": sprintf("statement %v allows account %v %v", [s.sid, account, s.actions]), "evidence": {"statement": s}} if {
	some s in policy.statements
	s.effect == "Allow"
	not s.restricted_by_condition
	some account in s.cross_account
}

not_assessed contains sprintf("the bucket policy is not valid JSON: %v", [policy.error]) if {
	not policy.valid
}
