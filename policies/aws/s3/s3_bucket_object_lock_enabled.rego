# METADATA
# title: S3 bucket has Object Lock enabled
# description: >-
#   Object Lock keeps object versions from being deleted or overwritten for a retention
#   period, even by the root user in compliance mode: the write-once protection that
#   audit logs, backups and records under retention rules need against ransomware and
#   insiders. Informational for buckets that hold neither.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
# custom:
#   id: s3_bucket_object_lock_enabled
#   severity: low
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.ObjectLockConfiguration]
#   remediation:
#     console: S3 > the bucket > Properties > Object Lock > Edit > Enable (versioning must be on) > set a default retention mode and period > Save changes.
#     cli: "aws s3api put-object-lock-configuration --bucket <bucket> --object-lock-configuration '{\"ObjectLockEnabled\":\"Enabled\",\"Rule\":{\"DefaultRetention\":{\"Mode\":\"GOVERNANCE\",\"Days\":90}}}'"
#     terraform: 'aws_s3_bucket_object_lock_configuration { rule { default_retention { mode = "GOVERNANCE", days = 90 } } } (aws_s3_bucket { object_lock_enabled = true } for new buckets)'
#   frameworks:
#     nist-800-53-r5: [CP-9]
package meerkat.checks.s3_bucket_object_lock_enabled

import rego.v1

# The collector writes null when the bucket has no Object Lock configuration.
fail contains {"reason": "Object Lock is not enabled", "evidence": {"ObjectLockConfiguration": input.supplementary.ObjectLockConfiguration}} if {
	not input.supplementary.ObjectLockConfiguration.ObjectLockEnabled == "Enabled"
}
