//! `AWS::Logs::LogGroup`: retention, KMS key, class, data protection, deletion
//! protection, and tags. `storedBytes` grows with every event written, so it is volatile.

use aws_sdk_cloudwatchlogs::types::LogGroup;

use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// The log group collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::Logs::LogGroup",
    service: "logs",
    global: false,
    iam_actions: &["logs:DescribeLogGroups", "logs:ListTagsForResource"],
    refresh_events: &[
        "AssociateKmsKey",
        "CreateLogGroup",
        "DeleteDataProtectionPolicy",
        "DeleteLogGroup",
        "DeleteRetentionPolicy",
        "DisassociateKmsKey",
        "PutDataProtectionPolicy",
        "PutLogGroupDeletionProtection",
        "PutRetentionPolicy",
        "TagLogGroup",
        "TagResource",
        "UntagLogGroup",
        "UntagResource",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let groups = ctx
        .logs(&scope.region)
        .describe_log_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("logs", "DescribeLogGroups", &scope.region))?;
    Ok(ctx.fan_out(groups, |g| resource(ctx, scope, g)).await)
}

async fn resource(ctx: &ScanContext, scope: &Scope, g: LogGroup) -> Resource {
    let name = g.log_group_name().unwrap_or_default().to_owned();
    let configuration = obj! {
        "logGroupName" => s(g.log_group_name()),
        "arn" => s(g.arn()),
        "logGroupArn" => s(g.log_group_arn()),
        "creationTime" => v(g.creation_time()),
        // Absent retention means "never expire", as the API leaves it out.
        "retentionInDays" => v(g.retention_in_days()),
        "kmsKeyId" => s(g.kms_key_id()),
        "logGroupClass" => s(g.log_group_class()),
        "dataProtectionStatus" => s(g.data_protection_status()),
        "inheritedProperties" => list(g.inherited_properties(), |p| v(p.as_str())),
        "deletionProtectionEnabled" => v(g.deletion_protection_enabled()),
        "metricFilterCount" => v(g.metric_filter_count()),
        "storedBytes" => v(g.stored_bytes()),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    // ListTagsForResource and relationships want the ARN without DescribeLogGroups' `:*`.
    let arn = g
        .log_group_arn()
        .map(str::to_owned)
        .or_else(|| g.arn().map(|a| a.strip_suffix(":*").unwrap_or(a).to_owned()))
        .unwrap_or_else(|| ctx.arn("logs", &scope.region, &format!("log-group:{name}")));
    r.arn = Some(arn.clone());
    r.name = Some(name.clone());
    r.volatile = vec!["configuration.storedBytes".into()];
    if let Some(key) = g.kms_key_id().and_then(kms_key_id) {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    let out = ctx
        .logs(&scope.region)
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .map_err(api_err!("logs", "ListTagsForResource", &scope.region));
    match out {
        Ok(out) => {
            r.tags = out.tags().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
        }
        Err(e) => {
            r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
        }
    }
    r.seal()
}
