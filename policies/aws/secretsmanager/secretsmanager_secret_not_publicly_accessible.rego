# METADATA
# title: Secrets Manager secret policy does not allow public access
# description: >-
#   A resource policy statement that allows any principal (`*`) without a condition naming
#   an account, organization or network lets anyone read the secret's value or change it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/determine-acccess_examine-iam-policies.html
# custom:
#   id: secretsmanager_secret_not_publicly_accessible
#   severity: critical
#   resource_types: [AWS::SecretsManager::Secret]
#   requires: [supplementary.ResourcePolicy]
#   remediation:
#     console: >-
#       Secrets Manager > Secrets > the secret > Overview > Resource permissions > Edit
#       permissions: remove the statement with Principal *, or add an aws:PrincipalOrgID
#       condition > Save.
#     cli: >-
#       aws secretsmanager delete-resource-policy --secret-id <arn> (or put-resource-policy
#       --secret-id <arn> --resource-policy file://policy.json --block-public-policy)
#     terraform: >-
#       aws_secretsmanager_secret_policy { policy = ..., block_public_policy = true }
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.secretsmanager_secret_not_publicly_accessible

import rego.v1

fail contains {"reason": sprintf("statement %v allows anyone %v", [s.sid, s.actions]), "evidence": {"sid": s.sid, "actions": s.actions}} if {
	some s in input.facts.resource_policy.statements
	s.public
}
