# METADATA
# title: CloudWatch log group has a retention period
# description: >-
#   A log group without retention keeps every event forever: storage cost grows without
#   bound, and personal or sensitive data in logs is kept longer than any policy allows.
#   Choose a period that meets the retention requirement (365 days for audit logs under PCI
#   DSS), not "never".
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
# custom:
#   id: cloudwatch_log_group_retention_set
#   severity: low
#   resource_types: [AWS::Logs::LogGroup]
#   remediation:
#     console: >-
#       CloudWatch > Log groups > the group > Actions > Edit retention setting > choose a period
#       > Save.
#     cli: >-
#       aws logs put-retention-policy --log-group-name <name> --retention-in-days 365
#     terraform: >-
#       aws_cloudwatch_log_group { retention_in_days = 365 }
#   frameworks:
#     nist-800-53-r5: [SI-12]
package meerkat.checks.cloudwatch_log_group_retention_set

import rego.v1

fail contains {"reason": "events never expire (no retention period)", "evidence": {"retentionInDays": null}} if {
	not input.configuration.retentionInDays
}
