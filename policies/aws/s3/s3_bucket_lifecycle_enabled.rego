# METADATA
# title: S3 bucket has an enabled lifecycle rule
# description: >-
#   Without lifecycle rules, objects, old versions and incomplete multipart uploads are
#   kept for ever: data outlives its retention period, and a versioned bucket grows
#   without bound. At least one enabled rule shows that retention was decided.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html
# custom:
#   id: s3_bucket_lifecycle_enabled
#   severity: low
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.BucketLifecycleConfiguration]
#   remediation:
#     console: S3 > the bucket > Management > Lifecycle rules > Create lifecycle rule > choose expiration / transition / noncurrent version and incomplete upload actions > Create rule.
#     cli: "aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration '{\"Rules\":[{\"ID\":\"retention\",\"Status\":\"Enabled\",\"Filter\":{},\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":90},\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":7}}]}'"
#     terraform: 'aws_s3_bucket_lifecycle_configuration { rule { id = "retention", status = "Enabled", noncurrent_version_expiration { noncurrent_days = 90 } } }'
#   frameworks:
#     nist-800-53-r5: [SI-12]
#     pci-dss-4.0: ["3.2.1"]
package meerkat.checks.s3_bucket_lifecycle_enabled

import rego.v1

enabled := [r | some r in object.get(input.supplementary.BucketLifecycleConfiguration, "Rules", []); r.Status == "Enabled"]

fail contains {"reason": "no lifecycle configuration", "evidence": {"BucketLifecycleConfiguration": null}} if {
	input.supplementary.BucketLifecycleConfiguration == null
}

fail contains {"reason": "no lifecycle rule is enabled", "evidence": {"rules": [{"ID": r.ID, "Status": r.Status} | some r in input.supplementary.BucketLifecycleConfiguration.Rules]}} if {
	input.supplementary.BucketLifecycleConfiguration != null
	count(enabled) == 0
}
