# METADATA
# title: IAM Access Analyzer is enabled in the region
# description: >-
#   An external-access analyzer (type ACCOUNT or ORGANIZATION) continuously reports
#   buckets, keys, roles, queues and other resources of its region shared outside the
#   account or organization. Judged on the region pseudo-resource (CIS 1.20): a region
#   whose analyzers were not read is NOT_ASSESSED.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html
# custom:
#   id: accessanalyzer_enabled_in_region
#   severity: medium
#   resource_types: [AWS::Region]
#   requires: [supplementary.AWS::AccessAnalyzer::Analyzer]
#   remediation:
#     console: IAM > Access analyzer (in the region) > Analyzer settings > Create analyzer > Type External access, zone of trust Current account or Organization > Create.
#     cli: aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region <region>
#     terraform: aws_accessanalyzer_analyzer { analyzer_name = "external-access", type = "ACCOUNT" } (one per region provider)
#   frameworks:
#     cis-aws-3.0: ["1.20"]
package meerkat.checks.accessanalyzer_enabled_in_region

import rego.v1

external_types := {"ACCOUNT", "ORGANIZATION"}

analyzers := input.supplementary["AWS::AccessAnalyzer::Analyzer"]

external := [a | some a in analyzers; a.configuration.type in external_types]

active := [a.resource_id | some a in external; a.configuration.status == "ACTIVE"]

fail contains {"reason": "no external-access analyzer", "evidence": {"analyzers": [{"name": a.resource_id, "type": a.configuration.type} | some a in analyzers]}} if {
	count(external) == 0
}

fail contains {"reason": "no external-access analyzer is ACTIVE", "evidence": {"analyzers": [{"name": a.resource_id, "status": a.configuration.status, "statusReason": object.get(a.configuration, "statusReason", null)} | some a in external]}} if {
	count(external) > 0
	count(active) == 0
}
