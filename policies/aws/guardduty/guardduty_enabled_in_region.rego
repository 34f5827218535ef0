# METADATA
# title: GuardDuty is enabled in the region
# description: >-
#   GuardDuty watches CloudTrail, VPC flow and DNS logs of one region for compromise;
#   a region without an enabled detector is where an attacker goes unnoticed. Judged on
#   the region pseudo-resource: a region whose GuardDuty scope was not read is
#   NOT_ASSESSED, never a pass or a failure.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html
# custom:
#   id: guardduty_enabled_in_region
#   severity: medium
#   resource_types: [AWS::Region]
#   requires: [supplementary.AWS::GuardDuty::Detector]
#   remediation:
#     console: GuardDuty (in the region) > Get started > Enable GuardDuty; or enable it organization-wide from the delegated administrator.
#     cli: aws guardduty create-detector --enable --region <region>
#     terraform: aws_guardduty_detector { enable = true } (one per region provider)
#   frameworks:
#     nist-800-53-r5: [SI-4]
#     pci-dss-4.0: [11.5.1]
package meerkat.checks.guardduty_enabled_in_region

import rego.v1

detectors := input.supplementary["AWS::GuardDuty::Detector"]

enabled := [d | some d in detectors; d.configuration.Status == "ENABLED"]

# A detector that was listed but could not be read may be the enabled one.
unreadable := [d.resource_id | some d in detectors; d.not_assessed.Detector]

fail contains {"reason": "no GuardDuty detector", "evidence": {"region": input.resource_id}} if {
	count(detectors) == 0
}

fail contains {"reason": "GuardDuty detector is not enabled", "evidence": {"detectors": [{"id": d.resource_id, "Status": d.configuration.Status} | some d in detectors]}} if {
	count(detectors) > 0
	count(enabled) == 0
	count(unreadable) == 0
}

not_assessed contains sprintf("detector %v could not be read", [id]) if {
	count(enabled) == 0
	some id in unreadable
}
