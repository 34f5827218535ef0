# METADATA
# title: S3 bucket has server access logging enabled
# description: >-
#   Server access logs record every request to the bucket, with requester, operation,
#   key, source IP and result, including anonymous requests and data events CloudTrail
#   does not record by default. Without them an access to the data cannot be traced.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
# custom:
#   id: s3_bucket_server_access_logging_enabled
#   severity: medium
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.BucketLoggingConfiguration]
#   remediation:
#     console: S3 > the bucket > Properties > Server access logging > Edit > Enable > choose a destination bucket (not the bucket itself) and prefix > Save changes.
#     cli: "aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"<log-bucket>\",\"TargetPrefix\":\"<bucket>/\"}}'"
#     terraform: 'aws_s3_bucket_logging { bucket = aws_s3_bucket.data.id, target_bucket = aws_s3_bucket.logs.id, target_prefix = "data/" }'
#   frameworks:
#     nist-800-53-r5: [AU-2, AU-12]
#     pci-dss-4.0: ["10.2.1"]
package meerkat.checks.s3_bucket_server_access_logging_enabled

import rego.v1

# The collector writes {} when logging is off, the destination when it is on.
fail contains {"reason": "server access logging is off", "evidence": {"BucketLoggingConfiguration": input.supplementary.BucketLoggingConfiguration}} if {
	not is_string(input.supplementary.BucketLoggingConfiguration.DestinationBucketName)
}
