# METADATA
# title: SNS topic policy does not allow public access
# description: >-
#   A topic policy statement that allows any principal (`*`) without a condition naming an
#   account, organization or source lets anyone publish to the topic (spam or forged alerts
#   to every subscriber) or subscribe to it and receive its messages.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
# custom:
#   id: sns_topic_not_publicly_accessible
#   severity: high
#   resource_types: [AWS::SNS::Topic]
#   remediation:
#     console: >-
#       SNS > Topics > the topic > Edit > Access policy: replace Principal * with account or
#       role ARNs, or add an aws:SourceAccount / aws:SourceArn condition > Save changes.
#     cli: >-
#       aws sns set-topic-attributes --topic-arn <arn> --attribute-name Policy --attribute-value
#       file://policy.json
#     terraform: >-
#       aws_sns_topic_policy { policy = data.aws_iam_policy_document.topic.json } with named
#       principals or a source condition
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.sns_topic_not_publicly_accessible

import rego.v1

fail contains {"reason": sprintf("statement %v allows anyone %v", [s.sid, s.actions]), "evidence": {"sid": s.sid, "actions": s.actions}} if {
	some s in input.facts.resource_policy.statements
	s.public
}

not_assessed contains sprintf("attributes could not be read: %v", [why]) if {
	why := input.not_assessed.Attributes
}
