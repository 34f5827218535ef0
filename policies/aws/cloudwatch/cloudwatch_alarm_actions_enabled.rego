# METADATA
# title: CloudWatch alarm notifies when it fires
# description: >-
#   An alarm whose actions are disabled, or that has no action for the ALARM state, changes
#   colour on a dashboard and tells no one.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions
# custom:
#   id: cloudwatch_alarm_actions_enabled
#   severity: low
#   resource_types: [AWS::CloudWatch::Alarm]
#   remediation:
#     console: >-
#       CloudWatch > Alarms > the alarm > Actions > Enable actions; Edit > Configure actions >
#       add a notification to an SNS topic for the In alarm state > Update alarm.
#     cli: >-
#       aws cloudwatch enable-alarm-actions --alarm-names <name>; aws cloudwatch
#       put-metric-alarm ... --alarm-actions <sns-topic-arn>
#     terraform: >-
#       aws_cloudwatch_metric_alarm { actions_enabled = true, alarm_actions =
#       [aws_sns_topic.alerts.arn] }
#   frameworks:
#     nist-800-53-r5: [SI-4]
package meerkat.checks.cloudwatch_alarm_actions_enabled

import rego.v1

fail contains {"reason": "the alarm's actions are disabled", "evidence": {"ActionsEnabled": false}} if {
	input.configuration.ActionsEnabled == false
}

fail contains {"reason": "the alarm has no action for the ALARM state", "evidence": {"AlarmActions": []}} if {
	count(object.get(input.configuration, "AlarmActions", [])) == 0
}
