# METADATA
# title: A CloudTrail trail has Insights enabled
# description: >-
#   CloudTrail Insights learns the usual rate of write (and error) API calls and records an
#   event when it changes sharply — a burst of resource creation or of AccessDenied errors
#   that a fixed alarm threshold would miss. Judged on the account: at least one logging
#   trail selects Insights.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
# custom:
#   id: cloudtrail_insights_exist
#   severity: low
#   resource_types: [AWS::Account]
#   requires: [supplementary.AWS::CloudTrail::Trail]
#   remediation:
#     console: >-
#       CloudTrail > Trails > the trail > Insights events > Edit > API call rate and API error
#       rate > Save changes.
#     cli: >-
#       aws cloudtrail put-insight-selectors --trail-name <name> --insight-selectors
#       '[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]'
#     terraform: >-
#       aws_cloudtrail { insight_selector { insight_type = "ApiCallRateInsight" }
#       insight_selector { insight_type = "ApiErrorRateInsight" } }
#   frameworks:
#     nist-800-53-r5: [SI-4]
package meerkat.checks.cloudtrail_insights_exist

import rego.v1

trails := input.supplementary["AWS::CloudTrail::Trail"]

with_insights := [t.resource_id |
	some t in trails
	t.configuration.HasInsightSelectors == true
	t.supplementary.TrailStatus.IsLogging == true
]

fail contains {"reason": "no logging trail has Insights selectors", "evidence": {"trails": [t.resource_id | some t in trails]}} if {
	count(with_insights) == 0
}
