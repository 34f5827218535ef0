# METADATA
# title: SQS queue policy does not allow public access
# description: >-
#   A queue policy statement that allows any principal (`*`) without a condition naming an
#   account, organization, source ARN or network lets anyone send, read or delete messages,
#   depending on the actions granted.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html
# custom:
#   id: sqs_queue_not_publicly_accessible
#   severity: critical
#   resource_types: [AWS::SQS::Queue]
#   remediation:
#     console: >-
#       SQS > Queues > the queue > Access policy > Edit: replace Principal * with account or
#       role ARNs, or add an aws:SourceArn / aws:SourceAccount condition > Save.
#     cli: >-
#       aws sqs set-queue-attributes --queue-url <url> --attributes file://policy-attribute.json
#     terraform: >-
#       aws_sqs_queue_policy { policy = data.aws_iam_policy_document.queue.json } with named
#       principals or a source condition
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.sqs_queue_not_publicly_accessible

import rego.v1

fail contains {"reason": sprintf("statement %v allows anyone %v", [s.sid, s.actions]), "evidence": {"sid": s.sid, "actions": s.actions}} if {
	some s in input.facts.resource_policy.statements
	s.public
}

not_assessed contains sprintf("attributes could not be read: %v", [why]) if {
	why := input.not_assessed.Attributes
}
