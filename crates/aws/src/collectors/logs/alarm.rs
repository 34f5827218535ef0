//! `AWS::CloudWatch::Alarm`: metric alarms — the metric (name, namespace, dimensions, or
//! metric math), statistic, threshold and comparison, the actions per state (SNS topic
//! ARNs and others) and whether they are enabled, and tags.
//!
//! The alarm's state (`StateValue`, its reason and timestamps) changes whenever the metric
//! crosses the threshold, without any configuration change: kept, but volatile. Composite
//! alarms are not collected (DescribeAlarms lists only metric alarms unless asked).

use aws_sdk_cloudwatch::types::{MetricAlarm, MetricDataQuery};

use crate::collectors::prelude::*;

/// The metric alarm collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::CloudWatch::Alarm",
    service: "cloudwatch",
    global: false,
    iam_actions: &["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
    refresh_events: &[
        "DeleteAlarms",
        "DisableAlarmActions",
        "EnableAlarmActions",
        "PutMetricAlarm",
        "TagResource",
        "UntagResource",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let pages = ctx
        .cloudwatch(&scope.region)
        .describe_alarms()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("cloudwatch", "DescribeAlarms", &scope.region))?;
    let alarms: Vec<MetricAlarm> = pages.into_iter().flat_map(|page| page.metric_alarms.unwrap_or_default()).collect();
    Ok(ctx.fan_out(alarms, |a| resource(ctx, scope, a)).await)
}

/// Fields that change when the alarm fires or recovers, not when it is configured.
const STATE_FIELDS: &[&str] = &[
    "StateValue",
    "StateReason",
    "StateReasonData",
    "StateUpdatedTimestamp",
    "StateTransitionedTimestamp",
    "EvaluationState",
];

async fn resource(ctx: &ScanContext, scope: &Scope, a: MetricAlarm) -> Resource {
    let name = a.alarm_name().unwrap_or_default().to_owned();
    let mut r = Resource::new(scope, name.clone(), configuration(&a), ctx.now());
    r.arn = a.alarm_arn().map(str::to_owned);
    r.name = Some(name);
    r.volatile = STATE_FIELDS.iter().map(|field| format!("configuration.{field}")).collect();
    if let Some(arn) = a.alarm_arn() {
        let out = ctx
            .cloudwatch(&scope.region)
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(api_err!("cloudwatch", "ListTagsForResource", &scope.region));
        match out {
            Ok(out) => r.tags = tags(out.tags().iter().map(|t| (t.key(), t.value()))),
            Err(e) => {
                r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
            }
        }
    }
    r.seal()
}

fn configuration(a: &MetricAlarm) -> Value {
    obj! {
        "AlarmName" => s(a.alarm_name()),
        "AlarmArn" => s(a.alarm_arn()),
        "AlarmDescription" => s(a.alarm_description()),
        "AlarmConfigurationUpdatedTimestamp" => t(a.alarm_configuration_updated_timestamp()),
        "ActionsEnabled" => v(a.actions_enabled()),
        "OKActions" => v(a.ok_actions()),
        "AlarmActions" => v(a.alarm_actions()),
        "InsufficientDataActions" => v(a.insufficient_data_actions()),
        "StateValue" => s(a.state_value()),
        "StateReason" => s(a.state_reason()),
        "StateReasonData" => s(a.state_reason_data()),
        "StateUpdatedTimestamp" => t(a.state_updated_timestamp()),
        "StateTransitionedTimestamp" => t(a.state_transitioned_timestamp()),
        "EvaluationState" => s(a.evaluation_state()),
        "MetricName" => s(a.metric_name()),
        "Namespace" => s(a.namespace()),
        "Statistic" => s(a.statistic()),
        "ExtendedStatistic" => s(a.extended_statistic()),
        "Dimensions" => list(a.dimensions(), |d| obj! { "Name" => s(d.name()), "Value" => s(d.value()) }),
        "Period" => v(a.period()),
        "Unit" => s(a.unit()),
        "EvaluationPeriods" => v(a.evaluation_periods()),
        "DatapointsToAlarm" => v(a.datapoints_to_alarm()),
        "Threshold" => v(a.threshold()),
        "ComparisonOperator" => s(a.comparison_operator()),
        "TreatMissingData" => s(a.treat_missing_data()),
        "EvaluateLowSampleCountPercentile" => s(a.evaluate_low_sample_count_percentile()),
        "Metrics" => list(a.metrics(), metric_query),
        "ThresholdMetricId" => s(a.threshold_metric_id()),
    }
}

fn metric_query(q: &MetricDataQuery) -> Value {
    obj! {
        "Id" => s(q.id()),
        "Expression" => s(q.expression()),
        "Label" => s(q.label()),
        "ReturnData" => v(q.return_data()),
        "Period" => v(q.period()),
        "AccountId" => s(q.account_id()),
        "MetricStat" => q.metric_stat().map(|st| obj! {
            "Metric" => st.metric().map(|m| obj! {
                "Namespace" => s(m.namespace()),
                "MetricName" => s(m.metric_name()),
                "Dimensions" => list(m.dimensions(), |d| obj! { "Name" => s(d.name()), "Value" => s(d.value()) }),
            }).unwrap_or(Value::Null),
            "Period" => v(st.period()),
            "Stat" => s(st.stat()),
            "Unit" => s(st.unit()),
        }).unwrap_or(Value::Null),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudwatch::types::{ComparisonOperator, StateValue, Statistic};
    use meerkat_model::strip_volatile;

    use super::*;

    fn alarm(state: StateValue, reason: &str) -> MetricAlarm {
        MetricAlarm::builder()
            .alarm_name("root-usage")
            .alarm_arn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:root-usage")
            .actions_enabled(true)
            .alarm_actions("arn:aws:sns:us-east-1:123456789012:security-alerts")
            .metric_name("RootUsage")
            .namespace("CISBenchmark")
            .statistic(Statistic::Sum)
            .period(300)
            .evaluation_periods(1)
            .threshold(1.0)
            .comparison_operator(ComparisonOperator::GreaterThanOrEqualToThreshold)
            .state_value(state)
            .state_reason(reason)
            .build()
    }

    // The emulator cannot serve CloudWatch's CBOR protocol, so the document shape is
    // checked here.
    #[test]
    fn alarm_document_has_metric_actions_and_state() {
        let c = configuration(&alarm(StateValue::Ok, "fine"));
        assert_eq!(c["MetricName"], json!("RootUsage"));
        assert_eq!(c["Namespace"], json!("CISBenchmark"));
        assert_eq!(c["Statistic"], json!("Sum"));
        assert_eq!(c["ComparisonOperator"], json!("GreaterThanOrEqualToThreshold"));
        assert_eq!(c["Threshold"], json!(1.0));
        assert_eq!(c["AlarmActions"], json!(["arn:aws:sns:us-east-1:123456789012:security-alerts"]));
        assert_eq!(c["ActionsEnabled"], json!(true));
        assert_eq!(c["StateValue"], json!("OK"));
        assert_eq!(c["OKActions"], json!([]));
    }

    #[test]
    fn state_changes_are_volatile() {
        let mut quiet = json!({"configuration": configuration(&alarm(StateValue::Ok, "fine"))});
        let mut firing = json!({"configuration": configuration(&alarm(StateValue::Alarm, "threshold crossed"))});
        assert_ne!(quiet, firing);
        for field in STATE_FIELDS {
            strip_volatile(&mut quiet, &format!("configuration.{field}"));
            strip_volatile(&mut firing, &format!("configuration.{field}"));
        }
        assert_eq!(quiet, firing);
    }
}
