# METADATA
# title: CloudTrail trail encrypts its logs with a KMS key
# description: >-
#   By default trail logs are encrypted with S3-managed keys, so anyone who may read the
#   bucket reads the logs. With SSE-KMS, reading them also needs decrypt permission on a
#   customer managed key, which separates who administers storage from who reads the audit
#   trail.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
# custom:
#   id: cloudtrail_kms_encryption_enabled
#   severity: medium
#   resource_types: [AWS::CloudTrail::Trail]
#   remediation:
#     console: >-
#       CloudTrail > Trails > the trail > General details > Edit > Log file SSE-KMS encryption:
#       Enabled, choose or create a KMS key whose policy allows CloudTrail > Save changes.
#     cli: >-
#       aws cloudtrail update-trail --name <name> --kms-key-id <key-arn>
#     terraform: >-
#       aws_cloudtrail { kms_key_id = aws_kms_key.cloudtrail.arn }
#   frameworks:
#     cis-aws-3.0: ["3.5"]
#     nist-800-53-r5: [AU-9, SC-28]
package meerkat.checks.cloudtrail_kms_encryption_enabled

import rego.v1

fail contains {"reason": "logs are not encrypted with a KMS key", "evidence": {"KmsKeyId": null}} if {
	not input.configuration.KmsKeyId
}
