# METADATA
# title: Secrets Manager secret was read in the last 90 days
# description: >-
#   A secret nobody has read for 90 days is probably a leftover: it still grants whatever it
#   unlocks and costs money each month. Delete it, or confirm what still needs it. Secrets
#   Manager records the last access to the day.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-secret.html
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring_cloudwatch_deleted-secrets.html
# custom:
#   id: secretsmanager_secret_unused
#   severity: low
#   resource_types: [AWS::SecretsManager::Secret]
#   remediation:
#     console: >-
#       Secrets Manager > Secrets > the secret > check Last retrieved; if unused, Actions >
#       Delete secret with a recovery window.
#     cli: >-
#       aws secretsmanager delete-secret --secret-id <arn> --recovery-window-in-days 30
#     terraform: >-
#       remove the aws_secretsmanager_secret (recovery_window_in_days = 30)
package meerkat.checks.secretsmanager_secret_unused

import rego.v1

fail contains {"reason": sprintf("last read %v days ago", [days]), "evidence": {"LastAccessedDate": input.configuration.LastAccessedDate, "evaluated_at": input.facts.evaluated_at}} if {
	days := input.facts.last_accessed_days
	days > 90
}

fail contains {"reason": sprintf("never read since its creation %v days ago", [days]), "evidence": {"CreatedDate": input.configuration.CreatedDate, "evaluated_at": input.facts.evaluated_at}} if {
	input.facts.last_accessed_days == null
	days := input.facts.age_days
	days > 90
}
