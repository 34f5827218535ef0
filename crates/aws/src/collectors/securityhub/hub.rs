//! `AWS::SecurityHub::Hub`: Security Hub in a region — when it was enabled, whether new
//! controls are enabled automatically, how control findings are generated — and the
//! security standards it checks (`EnabledStandards`).
//!
//! A region where Security Hub was never enabled answers `InvalidAccessException` ("not
//! subscribed"): its scope is collected and empty, which a posture check reads as
//! "Security Hub off in this region" (CIS 4.16). Any other error leaves the scope not
//! assessed.

use crate::collectors::prelude::*;

/// The hub collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::SecurityHub::Hub",
    service: "securityhub",
    global: false,
    iam_actions: &["securityhub:DescribeHub", "securityhub:GetEnabledStandards"],
    refresh_events: &[
        "BatchDisableStandards",
        "BatchEnableStandards",
        "DisableSecurityHub",
        "EnableSecurityHub",
        "UpdateSecurityHubConfiguration",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let region = &scope.region;
    let client = ctx.securityhub(region);
    let hub = match client.describe_hub().send().await.map_err(api_err!("securityhub", "DescribeHub", region)) {
        Ok(hub) => hub,
        Err(e) if e.code == "InvalidAccessException" => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let arn = hub.hub_arn().map(str::to_owned).unwrap_or_else(|| ctx.arn("securityhub", region, "hub/default"));
    let configuration = obj! {
        "HubArn" => v(&arn),
        "SubscribedAt" => s(hub.subscribed_at()),
        "AutoEnableControls" => v(hub.auto_enable_controls()),
        "ControlFindingGenerator" => s(hub.control_finding_generator()),
    };
    let mut r = Resource::new(scope, arn.clone(), configuration, ctx.now());
    r.arn = Some(arn);
    r.name = Some(format!("Security Hub in {region}"));
    let standards = client
        .get_enabled_standards()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("securityhub", "GetEnabledStandards", region));
    match standards {
        Ok(list) => {
            let list: Vec<Value> = list
                .iter()
                .map(|st| {
                    obj! {
                        "StandardsArn" => s(st.standards_arn()),
                        "StandardsSubscriptionArn" => s(st.standards_subscription_arn()),
                        "StandardsStatus" => s(st.standards_status()),
                    }
                })
                .collect();
            r.supplementary.insert("EnabledStandards".into(), Value::Array(list));
        }
        Err(e) => {
            r.not_assessed.insert("EnabledStandards".into(), format!("{}: {}", e.code, e.message));
        }
    }
    Ok(vec![r.seal()])
}
