//! `AWS::GuardDuty::Detector`: whether GuardDuty is enabled (`Status`), how often findings
//! are published, the service role, the protection plans (`Features`, with their
//! additional configuration, and the older `DataSources` view of the same), and tags.
//!
//! A region where GuardDuty was never enabled has no detector: its scope is collected and
//! empty, which a posture check reads as "GuardDuty off in this region".

use aws_sdk_guardduty::types::{DataSourceConfigurationsResult, DetectorFeatureConfigurationResult};

use crate::collectors::prelude::*;

/// The detector collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::GuardDuty::Detector",
    service: "guardduty",
    global: false,
    iam_actions: &["guardduty:GetDetector", "guardduty:ListDetectors"],
    refresh_events: &["CreateDetector", "DeleteDetector", "TagResource", "UntagResource", "UpdateDetector"],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let ids = ctx
        .guardduty(&scope.region)
        .list_detectors()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("guardduty", "ListDetectors", &scope.region))?;
    let resources = ctx.fan_out(ids, |id| resource(ctx, scope, id)).await;
    Ok(resources.into_iter().flatten().collect())
}

/// Reads one detector; `None` when it was deleted since it was listed.
// `DataSources` is deprecated in favour of `Features`, but detectors whose plans were set
// before features existed, and checks written against it, still read it.
#[allow(deprecated)]
async fn resource(ctx: &ScanContext, scope: &Scope, id: String) -> Option<Resource> {
    let region = &scope.region;
    let arn = ctx.arn("guardduty", region, &format!("detector/{id}"));
    let out = ctx
        .guardduty(region)
        .get_detector()
        .detector_id(&id)
        .send()
        .await
        .map_err(api_err!("guardduty", "GetDetector", region));
    let (configuration, tags, failure) = match out {
        Ok(d) => (
            obj! {
                "DetectorId" => v(&id),
                "Status" => s(d.status()),
                "FindingPublishingFrequency" => s(d.finding_publishing_frequency()),
                "ServiceRole" => s(d.service_role()),
                "CreatedAt" => s(d.created_at()),
                "UpdatedAt" => s(d.updated_at()),
                "DataSources" => d.data_sources().map(data_sources).unwrap_or(Value::Null),
                "Features" => list(d.features(), feature),
            },
            d.tags().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default(),
            None,
        ),
        Err(e) if e.is_not_found() => return None,
        Err(e) => (obj! { "DetectorId" => v(&id) }, BTreeMap::new(), Some(e)),
    };
    let mut r = Resource::new(scope, id.clone(), configuration, ctx.now());
    r.arn = Some(arn);
    r.name = Some(id);
    r.tags = tags;
    if let Some(e) = failure {
        // GetDetector carries the tags too: neither is known.
        let why = format!("{}: {}", e.code, e.message);
        r.not_assessed.insert("Tags".into(), why.clone());
        r.not_assessed.insert("Detector".into(), why);
    }
    Some(r.seal())
}

fn data_sources(d: &DataSourceConfigurationsResult) -> Value {
    let status = |st: Option<&aws_sdk_guardduty::types::DataSourceStatus>| obj! { "Status" => s(st) };
    obj! {
        "CloudTrail" => d.cloud_trail().map(|x| status(x.status())).unwrap_or(Value::Null),
        "DNSLogs" => d.dns_logs().map(|x| status(x.status())).unwrap_or(Value::Null),
        "FlowLogs" => d.flow_logs().map(|x| status(x.status())).unwrap_or(Value::Null),
        "S3Logs" => d.s3_logs().map(|x| status(x.status())).unwrap_or(Value::Null),
        "Kubernetes" => d.kubernetes().map(|k| obj! {
            "AuditLogs" => k.audit_logs().map(|x| status(x.status())).unwrap_or(Value::Null),
        }).unwrap_or(Value::Null),
        "MalwareProtection" => d.malware_protection().map(|m| obj! {
            "ScanEc2InstanceWithFindings" => m.scan_ec2_instance_with_findings().map(|sc| obj! {
                "EbsVolumes" => sc.ebs_volumes().map(|e| obj! { "Status" => s(e.status()), "Reason" => s(e.reason()) }).unwrap_or(Value::Null),
            }).unwrap_or(Value::Null),
            "ServiceRole" => s(m.service_role()),
        }).unwrap_or(Value::Null),
    }
}

fn feature(f: &DetectorFeatureConfigurationResult) -> Value {
    obj! {
        "Name" => s(f.name()),
        "Status" => s(f.status()),
        "UpdatedAt" => t(f.updated_at()),
        "ManagedBy" => s(f.managed_by()),
        "AdditionalConfiguration" => list(f.additional_configuration(), |a| obj! {
            "Name" => s(a.name()),
            "Status" => s(a.status()),
            "UpdatedAt" => t(a.updated_at()),
            "ManagedBy" => s(a.managed_by()),
        }),
    }
}
