//! `AWS::Logs::MetricFilter`: the filter pattern, the metric it feeds (name, namespace,
//! value) and its log group.

use aws_sdk_cloudwatchlogs::types::MetricFilter;

use crate::collectors::prelude::*;

/// The metric filter collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::Logs::MetricFilter",
    service: "logs",
    global: false,
    iam_actions: &["logs:DescribeMetricFilters"],
    refresh_events: &["DeleteLogGroup", "DeleteMetricFilter", "PutMetricFilter"],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let filters = ctx
        .logs(&scope.region)
        .describe_metric_filters()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("logs", "DescribeMetricFilters", &scope.region))?;
    Ok(filters.iter().map(|f| resource(ctx, scope, f)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, f: &MetricFilter) -> Resource {
    let group = f.log_group_name().unwrap_or_default();
    let name = f.filter_name().unwrap_or_default();
    let configuration = obj! {
        "filterName" => s(f.filter_name()),
        "filterPattern" => s(f.filter_pattern()),
        "logGroupName" => s(f.log_group_name()),
        "metricTransformations" => list(f.metric_transformations(), |m| obj! {
            "metricName" => v(m.metric_name()),
            "metricNamespace" => v(m.metric_namespace()),
            "metricValue" => v(m.metric_value()),
            "defaultValue" => v(m.default_value()),
            "dimensions" => v(m.dimensions()),
            "unit" => s(m.unit()),
        }),
        "creationTime" => v(f.creation_time()),
        "applyOnTransformedLogs" => v(f.apply_on_transformed_logs()),
        "fieldSelectionCriteria" => s(f.field_selection_criteria()),
        "emitSystemFieldDimensions" => v(f.emit_system_field_dimensions.as_deref()),
    };
    let mut r = Resource::new(scope, format!("{group}:{name}"), configuration, ctx.now());
    r.name = Some(name.to_owned());
    if !group.is_empty() {
        r.relationships.push(Relationship::new("for_log_group", "AWS::Logs::LogGroup", group));
    }
    r.seal()
}
