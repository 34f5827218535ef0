# METADATA
# title: CloudWatch log group is encrypted with a KMS key
# description: >-
#   CloudWatch Logs always encrypts at rest, but with a customer managed KMS key reading the
#   logs also needs permission on the key, which can be audited and revoked on its own.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
# custom:
#   id: cloudwatch_log_group_kms_encryption_enabled
#   severity: low
#   resource_types: [AWS::Logs::LogGroup]
#   remediation:
#     console: >-
#       The console cannot set it: use the CLI or infrastructure code to associate a KMS key
#       whose policy allows logs.<region>.amazonaws.com.
#     cli: >-
#       aws logs associate-kms-key --log-group-name <name> --kms-key-id <key-arn>
#     terraform: >-
#       aws_cloudwatch_log_group { kms_key_id = aws_kms_key.logs.arn }
#   frameworks:
#     nist-800-53-r5: [SC-28]
package meerkat.checks.cloudwatch_log_group_kms_encryption_enabled

import rego.v1

fail contains {"reason": "no KMS key is associated", "evidence": {"kmsKeyId": null}} if {
	not input.configuration.kmsKeyId
}
