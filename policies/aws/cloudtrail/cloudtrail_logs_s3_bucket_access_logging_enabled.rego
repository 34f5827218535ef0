# METADATA
# title: The CloudTrail bucket has server access logging
# description: >-
#   Server access logging on the bucket that receives a trail's logs records every request
#   made to those logs — who read, copied or deleted them — which the trail itself does not
#   show unless data events are on. The bucket must be in the inventory (same account) to be
#   judged.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
# custom:
#   id: cloudtrail_logs_s3_bucket_access_logging_enabled
#   severity: medium
#   resource_types: [AWS::CloudTrail::Trail]
#   remediation:
#     console: >-
#       S3 > the trail's bucket > Properties > Server access logging > Edit > Enable, target
#       bucket (a different bucket) > Save changes.
#     cli: >-
#       aws s3api put-bucket-logging --bucket <trail-bucket> --bucket-logging-status
#       '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<trail-bucket>/"}}'
#     terraform: >-
#       aws_s3_bucket_logging { bucket = aws_s3_bucket.trail.id, target_bucket =
#       aws_s3_bucket.access_logs.id, target_prefix = "trail/" }
#   frameworks:
#     cis-aws-3.0: ["3.4"]
package meerkat.checks.cloudtrail_logs_s3_bucket_access_logging_enabled

import rego.v1

bucket := input.facts.s3_bucket

fail contains {"reason": sprintf("server access logging is off on bucket %v", [bucket.name]), "evidence": {"bucket": bucket.name, "BucketLoggingConfiguration": bucket.logging}} if {
	bucket.in_inventory
	bucket.unread == null
	not bucket.logging.DestinationBucketName
}

not_assessed contains sprintf("bucket %v is not in the inventory (another account, or S3 not scanned)", [bucket.name]) if {
	bucket.in_inventory == false
}

not_assessed contains sprintf("the logging of bucket %v could not be read: %v", [bucket.name, bucket.unread]) if {
	bucket.unread != null
}
