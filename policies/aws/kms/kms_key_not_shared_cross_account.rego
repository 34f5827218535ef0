# METADATA
# title: KMS key policy grants no other account
# description: >-
#   Each account named in an Allow statement of the key policy can use the key (within the
#   actions granted) from its own IAM policies, outside this account's control.
#   Cross-account use should be deliberate, limited to the actions needed, and reviewed.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
# custom:
#   id: kms_key_not_shared_cross_account
#   severity: low
#   resource_types: [AWS::KMS::Key]
#   requires: [supplementary.KeyPolicy]
#   remediation:
#     console: >-
#       KMS > Customer managed keys > the key > Key policy > Edit: remove the other accounts'
#       principals that no longer need the key > Save.
#     cli: >-
#       aws kms put-key-policy --key-id <key-id> --policy-name default --policy
#       file://policy.json
#     terraform: >-
#       aws_kms_key { policy = ... } naming only this account's principals, or the intended
#       external ones
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.kms_key_not_shared_cross_account

import rego.v1

fail contains {"reason": sprintf("the key policy grants accounts %v", [concat(", ", accounts)]), "evidence": {"accounts": accounts}} if {
	accounts := input.facts.resource_policy.cross_account
	count(accounts) > 0
}
