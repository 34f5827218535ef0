# METADATA
# title: S3 bucket has default encryption configured
# description: >-
#   The bucket names a default server-side encryption rule (SSE-S3, SSE-KMS or
#   DSSE-KMS). S3 has applied SSE-S3 to new objects since January 2023 even without one;
#   an explicit rule documents the choice and is where a KMS key is set.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
# custom:
#   id: s3_bucket_default_encryption
#   severity: medium
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.ServerSideEncryptionConfiguration]
#   remediation:
#     console: S3 > the bucket > Properties > Default encryption > Edit > choose SSE-KMS (or SSE-S3) > Save.
#     cli: "aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\"}}]}'"
#     terraform: aws_s3_bucket_server_side_encryption_configuration { rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" } } }
#   frameworks:
#     nist-800-53-r5: [SC-28, SC-28(1)]
#     pci-dss-4.0: [3.5.1]
package meerkat.checks.s3_bucket_default_encryption

import rego.v1

algorithms := {rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm |
	some rule in input.supplementary.ServerSideEncryptionConfiguration.Rules
}

fail contains {"reason": "no default encryption rule", "evidence": {"ServerSideEncryptionConfiguration": input.supplementary.ServerSideEncryptionConfiguration}} if {
	count(algorithms) == 0
}
