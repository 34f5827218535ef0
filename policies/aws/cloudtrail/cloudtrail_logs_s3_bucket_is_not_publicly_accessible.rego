# METADATA
# title: The CloudTrail bucket is not public
# description: >-
#   A trail's logs map the whole account: every principal, resource and API call. A bucket
#   policy or ACL that opens the trail's bucket to everyone — not stopped by the bucket's or
#   the account's Block Public Access — publishes them. The bucket must be in the inventory
#   (same account) to be judged.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
# custom:
#   id: cloudtrail_logs_s3_bucket_is_not_publicly_accessible
#   severity: critical
#   resource_types: [AWS::CloudTrail::Trail]
#   remediation:
#     console: >-
#       S3 > the trail's bucket > Permissions > Block public access > Edit > Block all public
#       access > Save; then remove policy statements with Principal * and ACL grants to Everyone
#       or Authenticated users.
#     cli: >-
#       aws s3api put-public-access-block --bucket <trail-bucket>
#       --public-access-block-configuration
#       BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
#     terraform: >-
#       aws_s3_bucket_public_access_block { bucket = aws_s3_bucket.trail.id, block_public_acls =
#       true, ignore_public_acls = true, block_public_policy = true, restrict_public_buckets =
#       true }
#   frameworks:
#     nist-800-53-r5: [AC-3, AU-9]
package meerkat.checks.cloudtrail_logs_s3_bucket_is_not_publicly_accessible

import rego.v1

bucket := input.facts.s3_bucket

fail contains {"reason": sprintf("bucket %v is public", [bucket.name]), "evidence": {"bucket": bucket.name, "policy_statements": bucket.exposure.policy_statements, "acl_grants": bucket.exposure.acl_grants}} if {
	bucket.exposure.public == true
}

not_assessed contains sprintf("bucket %v is not in the inventory (another account, or S3 not scanned)", [bucket.name]) if {
	bucket.in_inventory == false
}

not_assessed contains sprintf("whether bucket %v is public could not be decided: %v", [bucket.name, bucket.exposure_unread]) if {
	bucket.exposure_unread != null
}
