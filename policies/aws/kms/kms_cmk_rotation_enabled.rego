# METADATA
# title: Customer managed KMS key rotates its key material
# description: >-
#   Automatic rotation replaces a symmetric key's material every year (or the chosen period)
#   while keeping old material for decryption, which limits how much data one compromised
#   key version protects. Judged on enabled customer managed symmetric keys whose material
#   KMS generated; AWS managed keys, asymmetric and HMAC keys, imported material and custom
#   key stores cannot rotate automatically and pass.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html
# custom:
#   id: kms_cmk_rotation_enabled
#   severity: medium
#   resource_types: [AWS::KMS::Key]
#   requires: [supplementary.KeyRotationStatus]
#   remediation:
#     console: >-
#       KMS > Customer managed keys > the key > Key rotation > Automatically rotate this KMS key
#       every year (or set a period) > Save.
#     cli: >-
#       aws kms enable-key-rotation --key-id <key-id> [--rotation-period-in-days 365]
#     terraform: >-
#       aws_kms_key { enable_key_rotation = true }
#   frameworks:
#     cis-aws-3.0: ["3.6"]
#     nist-800-53-r5: [SC-12]
#     pci-dss-4.0: ["3.7.4"]
package meerkat.checks.kms_cmk_rotation_enabled

import rego.v1

rotation := input.supplementary.KeyRotationStatus

fail contains {"reason": "automatic key rotation is off", "evidence": {"KeyRotationEnabled": false, "KeyManager": object.get(input.configuration, "KeyManager", null)}} if {
	rotation.RotationApplicable == true
	rotation.KeyRotationEnabled != true
	input.configuration.KeyState == "Enabled"
}
