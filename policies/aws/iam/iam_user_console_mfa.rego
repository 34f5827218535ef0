# METADATA
# title: IAM user with a console password has MFA
# description: >-
#   A user who can sign in to the console with a password alone loses the account to
#   one phished or reused password. Read from the user's login profile and MFA devices
#   (the credential report's password_enabled / mfa_active say the same, per account).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html
# custom:
#   id: iam_user_console_mfa
#   severity: high
#   resource_types: [AWS::IAM::User]
#   requires: [supplementary.LoginProfile, supplementary.MFADevices]
#   remediation:
#     console: IAM > Users > the user > Security credentials > Multi-factor authentication (MFA) > Assign MFA device.
#     cli: aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png --bootstrap-method QRCodePNG, then aws iam enable-mfa-device --user-name <user> --serial-number <arn> --authentication-code1 <code> --authentication-code2 <code>
#     terraform: 'aws_iam_virtual_mfa_device + enforce with an IAM policy denying actions when aws:MultiFactorAuthPresent is false'
#   frameworks:
#     cis-aws-3.0: ["1.10"]
#     nist-800-53-r5: [IA-2(1), IA-2(2)]
#     pci-dss-4.0: [8.4.2]
package meerkat.checks.iam_user_console_mfa

import rego.v1

# The collector stores null under LoginProfile when the user has no console password.
fail contains {"reason": "console password without MFA", "evidence": {"LoginProfile": input.supplementary.LoginProfile, "MFADevices": []}} if {
	input.supplementary.LoginProfile != null
	count(input.supplementary.MFADevices) == 0
}
