# METADATA
# title: CloudWatch log group keeps events for at least 365 days
# description: >-
#   Investigations often start months after the first event; audit requirements ask for a
#   year of log history. A retention shorter than 365 days deletes the evidence first. A
#   group whose events never expire passes.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
# custom:
#   id: cloudwatch_log_group_retention_365_days
#   severity: low
#   resource_types: [AWS::Logs::LogGroup]
#   remediation:
#     console: >-
#       CloudWatch > Log groups > the group > Actions > Edit retention setting > 1 year (365
#       days) or longer > Save; or export older events to S3.
#     cli: >-
#       aws logs put-retention-policy --log-group-name <name> --retention-in-days 365
#     terraform: >-
#       aws_cloudwatch_log_group { retention_in_days = 365 }
#   frameworks:
#     nist-800-53-r5: [AU-11]
#     pci-dss-4.0: ["10.5.1"]
package meerkat.checks.cloudwatch_log_group_retention_365_days

import rego.v1

fail contains {"reason": sprintf("events expire after %v days", [days]), "evidence": {"retentionInDays": days}} if {
	days := input.configuration.retentionInDays
	days < 365
}
