# METADATA
# title: S3 bucket encrypts by default with a KMS key
# description: >-
#   SSE-S3 (AES256) encrypts with keys S3 holds: anyone allowed to read an object gets
#   it decrypted. With SSE-KMS or DSSE-KMS, reading also needs kms:Decrypt on the key,
#   whose policy and CloudTrail records give a second, audited control over the data.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
# custom:
#   id: s3_bucket_kms_encryption
#   severity: low
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.ServerSideEncryptionConfiguration]
#   remediation:
#     console: S3 > the bucket > Properties > Default encryption > Edit > Server-side encryption with AWS Key Management Service keys (SSE-KMS) > choose a customer managed key > Bucket Key Enable > Save changes.
#     cli: "aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"<key-arn>\"},\"BucketKeyEnabled\":true}]}'"
#     terraform: 'aws_s3_bucket_server_side_encryption_configuration { rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms", kms_master_key_id = aws_kms_key.s3.arn }, bucket_key_enabled = true } }'
#   frameworks:
#     nist-800-53-r5: [SC-12, SC-28(1)]
#     pci-dss-4.0: ["3.5.1"]
package meerkat.checks.s3_bucket_kms_encryption

import rego.v1

algorithms := {rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm |
	some rule in object.get(input.supplementary.ServerSideEncryptionConfiguration, "Rules", [])
}

fail contains {"reason": sprintf("default encryption is %v, not a KMS key", [algorithm]), "evidence": {"SSEAlgorithm": algorithm}} if {
	count(algorithms & {"aws:kms", "aws:kms:dsse"}) == 0
	algorithm := concat(", ", sort(algorithms))
	algorithm != ""
}

fail contains {"reason": "no default encryption rule", "evidence": {"ServerSideEncryptionConfiguration": input.supplementary.ServerSideEncryptionConfiguration}} if {
	count(algorithms) == 0
}
