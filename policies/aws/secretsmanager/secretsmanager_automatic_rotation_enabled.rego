# METADATA
# title: Secrets Manager secret rotates automatically
# description: >-
#   A secret that never changes stays valid for as long as anyone who ever saw it — a leaked
#   log, a former employee, a compromised build — keeps a copy. Automatic rotation replaces
#   it on a schedule with a rotation function or managed rotation.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
# custom:
#   id: secretsmanager_automatic_rotation_enabled
#   severity: medium
#   resource_types: [AWS::SecretsManager::Secret]
#   remediation:
#     console: >-
#       Secrets Manager > Secrets > the secret > Rotation > Edit rotation > Automatic rotation
#       on, schedule (e.g. every 30 days), rotation function > Save.
#     cli: >-
#       aws secretsmanager rotate-secret --secret-id <arn> --rotation-lambda-arn <function-arn>
#       --rotation-rules AutomaticallyAfterDays=30
#     terraform: >-
#       aws_secretsmanager_secret_rotation { secret_id = ..., rotation_lambda_arn = ...,
#       rotation_rules { automatically_after_days = 30 } }
#   frameworks:
#     nist-800-53-r5: [IA-5]
#     pci-dss-4.0: ["8.6.3"]
package meerkat.checks.secretsmanager_automatic_rotation_enabled

import rego.v1

fail contains {"reason": "automatic rotation is off", "evidence": {"RotationEnabled": object.get(input.configuration, "RotationEnabled", false)}} if {
	not input.configuration.RotationEnabled
}
