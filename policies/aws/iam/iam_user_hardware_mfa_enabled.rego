# METADATA
# title: IAM console user's MFA is a hardware or FIDO device
# description: >-
#   A virtual MFA app can be cloned with the phone's backup or phished along with the
#   password; a FIDO security key or hardware token cannot. Flags console users whose
#   every MFA device is virtual (serial arn:…:mfa/…); users without MFA are
#   iam_user_console_mfa's.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_fido.html
# custom:
#   id: iam_user_hardware_mfa_enabled
#   severity: low
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.LoginProfile, supplementary.MFADevices]
#   remediation:
#     console: IAM > Users > the user > Security credentials > Assign MFA device > Passkey or security key (or Hardware TOTP token); then remove the virtual device.
#     cli: aws iam enable-mfa-device --user-name <user> --serial-number <hardware serial> --authentication-code1 <code> --authentication-code2 <code>; aws iam deactivate-mfa-device --user-name <user> --serial-number <virtual arn>
#     terraform: Hardware MFA is registered interactively; enforce it with an IAM policy condition on aws:MultiFactorAuthPresent.
#   frameworks:
#     nist-800-53-r5: [IA-2(6)]
package meerkat.checks.iam_user_hardware_mfa_enabled

import rego.v1

virtual(d) if contains(d.SerialNumber, ":mfa/")

fail contains {"reason": "every MFA device of the console user is virtual", "evidence": {"MFADevices": [d.SerialNumber | some d in devices]}} if {
	input.supplementary.LoginProfile != null
	devices := input.supplementary.MFADevices
	count(devices) > 0
	every d in devices {
		virtual(d)
	}
}
