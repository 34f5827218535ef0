# METADATA
# title: Security Hub is enabled in the region
# description: >-
#   Security Hub gathers the findings of GuardDuty, Inspector, Macie, IAM Access Analyzer
#   and partner tools of one region and checks the account against security standards;
#   CIS 4.16 asks for it in every region in use. Judged on the region pseudo-resource: a
#   region whose Security Hub scope was not read is NOT_ASSESSED, never a pass or a
#   failure.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html
# custom:
#   id: securityhub_enabled_in_region
#   severity: medium
#   resource_types: [AWS::Region]
#   requires: [supplementary.AWS::SecurityHub::Hub]
#   remediation:
#     console: Security Hub (in the region) > Go to Security Hub > Enable Security Hub; or enable it for the organization from the delegated administrator with central configuration.
#     cli: aws securityhub enable-security-hub --enable-default-standards --region <region>
#     terraform: aws_securityhub_account {} (one per region provider)
#   frameworks:
#     cis-aws-3.0: ["4.16"]
#     nist-800-53-r5: [SI-4]
#     pci-dss-4.0: [10.4.1.1]
package meerkat.checks.securityhub_enabled_in_region

import rego.v1

fail contains {"reason": "Security Hub is not enabled", "evidence": {"region": input.resource_id}} if {
	count(input.supplementary["AWS::SecurityHub::Hub"]) == 0
}
