# METADATA
# title: CloudTrail trail delivers to CloudWatch Logs
# description: >-
#   Logs in S3 are for investigations after the fact; delivered to a CloudWatch Logs group
#   they can be searched at once and feed the metric filters and alarms that report root
#   use, policy changes and the other events of CIS section 4 as they happen.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
# custom:
#   id: cloudtrail_cloudwatch_logging_enabled
#   severity: low
#   resource_types: [AWS::CloudTrail::Trail]
#   remediation:
#     console: >-
#       CloudTrail > Trails > the trail > CloudWatch Logs > Edit > Enabled, log group (new or
#       existing), IAM role > Save changes.
#     cli: >-
#       aws cloudtrail update-trail --name <name> --cloud-watch-logs-log-group-arn
#       <log-group-arn> --cloud-watch-logs-role-arn <role-arn>
#     terraform: >-
#       aws_cloudtrail { cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*",
#       cloud_watch_logs_role_arn = aws_iam_role.trail.arn }
#   frameworks:
#     nist-800-53-r5: [AU-6, SI-4]
package meerkat.checks.cloudtrail_cloudwatch_logging_enabled

import rego.v1

fail contains {"reason": "the trail does not deliver to CloudWatch Logs", "evidence": {"CloudWatchLogsLogGroupArn": null}} if {
	not input.configuration.CloudWatchLogsLogGroupArn
}
