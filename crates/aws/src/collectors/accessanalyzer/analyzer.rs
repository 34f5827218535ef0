//! `AWS::AccessAnalyzer::Analyzer`: each analyzer's type (`ACCOUNT`, `ORGANIZATION`, and
//! their unused-access and internal-access variants), status and its reason, analysis
//! configuration, and tags. A region without an external-access analyzer (CIS 1.20) has
//! no resource of type `ACCOUNT` or `ORGANIZATION`; its scope is still collected.
//! Field names are the API's own camelCase ones, as boto3 shows them.

use aws_sdk_accessanalyzer::types::{AnalyzerConfiguration, AnalyzerSummary};

use crate::collectors::prelude::*;

/// The analyzer collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::AccessAnalyzer::Analyzer",
    service: "accessanalyzer",
    global: false,
    iam_actions: &["access-analyzer:ListAnalyzers"],
    refresh_events: &["CreateAnalyzer", "DeleteAnalyzer", "TagResource", "UntagResource", "UpdateAnalyzer"],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let analyzers = ctx
        .accessanalyzer(&scope.region)
        .list_analyzers()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("accessanalyzer", "ListAnalyzers", &scope.region))?;
    Ok(analyzers.iter().map(|a| resource(ctx, scope, a)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, a: &AnalyzerSummary) -> Resource {
    let configuration = obj! {
        "arn" => v(a.arn()),
        "name" => v(a.name()),
        "type" => v(a.r#type().as_str()),
        "createdAt" => t(Some(a.created_at())),
        "status" => v(a.status().as_str()),
        "statusReason" => a.status_reason().map(|r| obj! { "code" => v(r.code().as_str()) }).unwrap_or(Value::Null),
        "lastResourceAnalyzed" => s(a.last_resource_analyzed()),
        "lastResourceAnalyzedAt" => t(a.last_resource_analyzed_at()),
        "configuration" => a.configuration().map(analyzer_configuration).unwrap_or(Value::Null),
        "managedBy" => s(a.managed_by()),
        "tags" => v(a.tags()),
    };
    let mut r = Resource::new(scope, a.name(), configuration, ctx.now());
    r.arn = Some(a.arn().to_owned());
    r.name = Some(a.name().to_owned());
    r.tags = a.tags().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
    // The analyzer re-reads resources continuously.
    r.volatile = vec!["configuration.lastResourceAnalyzed".into(), "configuration.lastResourceAnalyzedAt".into()];
    r.seal()
}

fn analyzer_configuration(c: &AnalyzerConfiguration) -> Value {
    match c {
        AnalyzerConfiguration::UnusedAccess(u) => obj! {
            "unusedAccess" => obj! {
                "unusedAccessAge" => v(u.unused_access_age()),
                "analysisRule" => u.analysis_rule().map(|rule| obj! {
                    "exclusions" => list(rule.exclusions(), |x| obj! {
                        "accountIds" => v(x.account_ids.as_deref()),
                        "resourceTags" => v(x.resource_tags.as_deref()),
                    }),
                }).unwrap_or(Value::Null),
            },
        },
        AnalyzerConfiguration::InternalAccess(i) => obj! {
            "internalAccess" => obj! {
                "analysisRule" => i.analysis_rule().map(|rule| obj! {
                    "inclusions" => list(rule.inclusions(), |x| obj! {
                        "accountIds" => v(x.account_ids.as_deref()),
                        "resourceTypes" => v(x.resource_types.as_ref().map(|types| types.iter().map(|t| t.as_str()).collect::<Vec<_>>())),
                        "resourceArns" => v(x.resource_arns.as_deref()),
                    }),
                }).unwrap_or(Value::Null),
            },
        },
        // A configuration kind newer than this SDK: say so rather than drop it silently.
        _ => json!({"unknown": "analyzer configuration of a kind this version of Meerkat does not read"}),
    }
}
