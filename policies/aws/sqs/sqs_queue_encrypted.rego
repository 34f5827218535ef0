# METADATA
# title: SQS queue encrypts messages at rest
# description: >-
#   Messages wait in the queue for up to 14 days. Server-side encryption (SQS-managed keys
#   or a KMS key) keeps them encrypted on disk; a KMS key adds access control and an audit
#   trail of every decryption.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
# custom:
#   id: sqs_queue_encrypted
#   severity: medium
#   resource_types: [AWS::SQS::Queue]
#   remediation:
#     console: >-
#       SQS > Queues > the queue > Edit > Encryption > Server-side encryption: Enabled (Amazon
#       SQS key SSE-SQS, or an AWS KMS key) > Save.
#     cli: >-
#       aws sqs set-queue-attributes --queue-url <url> --attributes SqsManagedSseEnabled=true
#       (or KmsMasterKeyId=<key-id>)
#     terraform: >-
#       aws_sqs_queue { sqs_managed_sse_enabled = true } or { kms_master_key_id =
#       aws_kms_key.q.arn }
#   frameworks:
#     nist-800-53-r5: [SC-28]
package meerkat.checks.sqs_queue_encrypted

import rego.v1

fail contains {"reason": "server-side encryption is off", "evidence": {"SqsManagedSseEnabled": object.get(input.configuration, "SqsManagedSseEnabled", null), "KmsMasterKeyId": null}} if {
	object.get(input.configuration, "SqsManagedSseEnabled", "false") != "true"
	object.get(input.configuration, "KmsMasterKeyId", "") == ""
}

not_assessed contains sprintf("attributes could not be read: %v", [why]) if {
	why := input.not_assessed.Attributes
}
