# METADATA
# title: Secrets Manager secret was rotated in the last 90 days
# description: >-
#   Rotation that is configured but failing, or a secret created long ago and never rotated,
#   leaves the same credential in use. The age is measured against the evaluation time (the
#   newest observation of the inventory).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html
# custom:
#   id: secretsmanager_secret_rotated_periodically
#   severity: medium
#   resource_types: [AWS::SecretsManager::Secret]
#   remediation:
#     console: >-
#       Secrets Manager > Secrets > the secret > Rotation > Rotate secret immediately; if
#       rotation fails, check the rotation function's CloudWatch logs and its permissions.
#     cli: >-
#       aws secretsmanager rotate-secret --secret-id <arn>
#     terraform: >-
#       aws_secretsmanager_secret_rotation { rotation_rules { automatically_after_days = 90 } }
#       (or fewer days)
#   frameworks:
#     nist-800-53-r5: [IA-5]
#     pci-dss-4.0: ["8.6.3"]
package meerkat.checks.secretsmanager_secret_rotated_periodically

import rego.v1

fail contains {"reason": sprintf("last rotated %v days ago", [days]), "evidence": {"LastRotatedDate": input.configuration.LastRotatedDate, "evaluated_at": input.facts.evaluated_at}} if {
	days := input.facts.last_rotated_days
	days > 90
}

fail contains {"reason": sprintf("never rotated since its creation %v days ago", [days]), "evidence": {"CreatedDate": input.configuration.CreatedDate, "evaluated_at": input.facts.evaluated_at}} if {
	input.facts.last_rotated_days == null
	days := input.facts.age_days
	days > 90
}
