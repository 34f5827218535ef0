# METADATA
# title: S3 bucket has versioning enabled
# description: >-
#   With versioning, an overwritten or deleted object can be recovered; without it, one
#   bad write or a ransomware run destroys data for good.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
# custom:
#   id: s3_bucket_versioning_enabled
#   severity: medium
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.BucketVersioningConfiguration]
#   remediation:
#     console: S3 > the bucket > Properties > Bucket Versioning > Edit > Enable > Save changes.
#     cli: aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled
#     terraform: aws_s3_bucket_versioning { versioning_configuration { status = "Enabled" } }
#   frameworks:
#     nist-800-53-r5: [CP-9]
package meerkat.checks.s3_bucket_versioning_enabled

import rego.v1

# The collector writes "Off" for a bucket that never had versioning; "Suspended" keeps
# old versions but makes no new ones.
fail contains {"reason": sprintf("versioning is %v", [status]), "evidence": {"Status": status}} if {
	status := input.supplementary.BucketVersioningConfiguration.Status
	status != "Enabled"
}
