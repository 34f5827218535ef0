# METADATA
# title: SNS topic encrypts messages at rest with KMS
# description: >-
#   Messages published to a topic are stored until delivered. With a KMS key, SNS keeps them
#   encrypted and only principals allowed to use the key can publish to the topic.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
# custom:
#   id: sns_topic_encrypted
#   severity: medium
#   resource_types: [AWS::SNS::Topic]
#   remediation:
#     console: >-
#       SNS > Topics > the topic > Edit > Encryption > Enable encryption > choose a KMS key
#       (alias/aws/sns or a customer managed key) > Save changes.
#     cli: >-
#       aws sns set-topic-attributes --topic-arn <arn> --attribute-name KmsMasterKeyId
#       --attribute-value alias/aws/sns
#     terraform: >-
#       aws_sns_topic { kms_master_key_id = "alias/aws/sns" }
#   frameworks:
#     nist-800-53-r5: [SC-28]
package meerkat.checks.sns_topic_encrypted

import rego.v1

fail contains {"reason": "the topic is not encrypted with a KMS key", "evidence": {"KmsMasterKeyId": null}} if {
	object.get(input.configuration, "KmsMasterKeyId", "") == ""
}

not_assessed contains sprintf("attributes could not be read: %v", [why]) if {
	why := input.not_assessed.Attributes
}
