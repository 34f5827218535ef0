# METADATA
# title: A log metric filter and alarm exist for VPC changes
# description: >-
#   New VPCs and peering connections change what can reach what across the account and
#   beyond it. Judged on the account, as CIS 4.14 asks: a multi-region trail that is logging
#   read and write management events delivers to a CloudWatch Logs group; a metric filter on
#   that group matches every clause of the benchmark's pattern (spacing, quoting and order
#   do not matter); and an alarm on the filter's metric notifies an SNS topic that has a
#   confirmed subscription. A trail, filter, alarm or topic that was not read makes the
#   result NOT_ASSESSED.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
# custom:
#   id: cloudwatch_log_metric_filter_vpc_changes
#   severity: medium
#   resource_types: [AWS::Account]
#   requires: [supplementary.AWS::CloudTrail::Trail, supplementary.AWS::Logs::MetricFilter, supplementary.AWS::CloudWatch::Alarm]
#   remediation:
#     console: >-
#       CloudWatch > Log groups > the multi-region trail's log group > Metric filters > Create
#       metric filter with the pattern { ($.eventName = CreateVpc) || ($.eventName = DeleteVpc)
#       || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) ||
#       ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection)
#       || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) ||
#       ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) ||
#       ($.eventName = EnableVpcClassicLink) } (metric value 1); then Alarms > Create alarm on
#       that metric, Sum >= 1 over 5 minutes, notification to an SNS topic with a subscriber.
#     cli: >-
#       aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name vpc_changes
#       --metric-transformations
#       metricName=vpc_changes,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{
#       ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName =
#       ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName =
#       CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) ||
#       ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) ||
#       ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) ||
#       ($.eventName = EnableVpcClassicLink) }'; aws cloudwatch put-metric-alarm --alarm-name
#       vpc_changes --metric-name vpc_changes --namespace CISBenchmark --statistic Sum --period
#       300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#       --evaluation-periods 1 --alarm-actions <sns-topic-arn>
#     terraform: >-
#       aws_cloudwatch_log_metric_filter { log_group_name = <trail log group>, pattern = <the
#       pattern above>, metric_transformation { name = "vpc_changes", namespace =
#       "CISBenchmark", value = "1" } } + aws_cloudwatch_metric_alarm { metric_name =
#       "vpc_changes", namespace = "CISBenchmark", statistic = "Sum", threshold = 1,
#       alarm_actions = [aws_sns_topic.alerts.arn] }
#   frameworks:
#     cis-aws-3.0: ["4.14"]
#     nist-800-53-r5: [AU-6, SI-4]
#     pci-dss-4.0: ["10.4.1.1"]
package meerkat.checks.cloudwatch_log_metric_filter_vpc_changes

import rego.v1

chain := input.facts.cis_monitoring.vpc_changes

fail contains {"reason": chain.reason, "evidence": chain.evidence} if chain.status == "fail"

not_assessed contains chain.reason if chain.status == "unknown"
