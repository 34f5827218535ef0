# METADATA
# title: KMS key policy does not allow public access
# description: >-
#   A key policy statement that allows any principal (`*`) without a condition naming an
#   account, organization or network lets anyone use or manage the key — decrypting what it
#   protects, or scheduling its deletion.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
#   - https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
# custom:
#   id: kms_key_not_publicly_accessible
#   severity: high
#   resource_types: [AWS::KMS::Key]
#   requires: [supplementary.KeyPolicy]
#   remediation:
#     console: >-
#       KMS > Customer managed keys > the key > Key policy > Edit: replace Principal * with
#       account or role ARNs, or add a kms:CallerAccount / aws:PrincipalOrgID condition > Save.
#     cli: >-
#       aws kms put-key-policy --key-id <key-id> --policy-name default --policy
#       file://policy-without-public-statement.json
#     terraform: >-
#       aws_kms_key { policy = data.aws_iam_policy_document.key.json } with named principals or
#       a kms:CallerAccount condition
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.kms_key_not_publicly_accessible

import rego.v1

fail contains {"reason": sprintf("statement %v allows anyone %v", [s.sid, s.actions]), "evidence": {"sid": s.sid, "actions": s.actions, "conditions": s.conditions}} if {
	some s in input.facts.resource_policy.statements
	s.public
}
