# METADATA
# title: Root user's MFA is a hardware device
# description: >-
#   A virtual MFA app lives on a phone that is lost, backed up to the cloud or shared;
#   CIS asks for a hardware device on the root user. The root user's MFA is virtual when
#   an assigned virtual MFA device belongs to the root ARN (its serial ends in
#   root-account-mfa-device).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html
# custom:
#   id: iam_root_hardware_mfa_enabled
#   severity: high
#   resource_types: [AWS::IAM::AccountSummary]
#   requires: [configuration.SummaryMap, supplementary.VirtualMFADevices]
#   remediation:
#     console: Sign in as the root user > Security credentials > Multi-factor authentication (MFA) > remove the virtual device and Assign MFA device > Passkey or security key / Hardware TOTP token.
#     cli: Root MFA cannot be changed through the CLI; use the console signed in as root.
#     terraform: Root MFA is not managed by Terraform; assign a hardware device in the console.
#   frameworks:
#     cis-aws-3.0: ["1.6"]
#     nist-800-53-r5: [IA-2(1), IA-2(6)]
#     pci-dss-4.0: [8.4.1]
package meerkat.checks.iam_root_hardware_mfa_enabled

import rego.v1

root_arn := sprintf("arn:aws:iam::%v:root", [input.account_id])

virtual_root := [d.SerialNumber |
	some d in input.supplementary.VirtualMFADevices
	root_device(d)
]

root_device(d) if d.User.Arn == root_arn

root_device(d) if endswith(d.SerialNumber, "root-account-mfa-device")

fail contains {"reason": "the root user has no MFA device", "evidence": {"AccountMFAEnabled": 0}} if {
	object.get(input.configuration.SummaryMap, "AccountMFAEnabled", 0) != 1
}

fail contains {"reason": "the root user's MFA device is virtual", "evidence": {"SerialNumbers": virtual_root}} if {
	input.configuration.SummaryMap.AccountMFAEnabled == 1
	count(virtual_root) > 0
}
