# METADATA
# title: Root user has MFA enabled
# description: >-
#   The root user can do anything in the account, including closing it; a password alone
#   is one phishing page away from losing it. Read from the account summary's
#   AccountMFAEnabled flag.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html
# custom:
#   id: iam_root_mfa_enabled
#   severity: critical
#   resource_types: [AWS::IAM::AccountSummary]
#   requires: [configuration.SummaryMap]
#   remediation:
#     console: Sign in as the root user > account menu > Security credentials > Multi-factor authentication (MFA) > Assign MFA device (a FIDO security key or hardware TOTP token).
#     cli: Root MFA cannot be assigned through the CLI; use the console signed in as root.
#     terraform: Root MFA is not managed by Terraform; assign it in the console.
#   frameworks:
#     cis-aws-3.0: ["1.5"]
#     nist-800-53-r5: [IA-2(1)]
#     pci-dss-4.0: [8.4.1]
package meerkat.checks.iam_root_mfa_enabled

import rego.v1

fail contains {"reason": "the root user has no MFA device", "evidence": {"AccountMFAEnabled": object.get(input.configuration.SummaryMap, "AccountMFAEnabled", 0)}} if {
	object.get(input.configuration.SummaryMap, "AccountMFAEnabled", 0) != 1
}
