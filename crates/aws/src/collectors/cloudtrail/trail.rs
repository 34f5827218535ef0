//! `AWS::CloudTrail::Trail`: where a trail delivers (S3 bucket and prefix, CloudWatch Logs
//! group and role, SNS topic), whether it covers all regions and global service events,
//! log file validation, the KMS key, organization scope, whether it is logging and its
//! latest delivery errors (`GetTrailStatus`), its basic and advanced event selectors
//! (`GetEventSelectors`), and tags.
//!
//! Trails are listed with `includeShadowTrails=true` and kept only in their home region:
//! every region lists a multi-region trail again (a "shadow"), and one trail must be one
//! resource, deleted once when it goes. Shadows are still needed, because an organization
//! trail reaches a member account only as a shadow: without them a member account would
//! look unlogged. A check asking "is every region covered" reads `IsMultiRegionTrail` and
//! `IsOrganizationTrail` on the home-region copy.

use aws_sdk_cloudtrail::types::{AdvancedEventSelector, EventSelector, Trail};

use crate::collectors::references::kms_key_id;
use crate::collectors::references::role_name;
use crate::collectors::logs::log_group_name;
use crate::collectors::prelude::*;

/// The trail collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::CloudTrail::Trail",
    service: "cloudtrail",
    global: false,
    iam_actions: &[
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetEventSelectors",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:ListTags",
    ],
    refresh_events: &[
        "AddTags",
        "CreateTrail",
        "DeleteTrail",
        "PutEventSelectors",
        "PutInsightSelectors",
        "RemoveTags",
        "StartLogging",
        "StopLogging",
        "UpdateTrail",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    // DescribeTrails is not paginated: one answer holds every trail of the region.
    let out = ctx
        .cloudtrail(&scope.region)
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await
        .map_err(api_err!("cloudtrail", "DescribeTrails", &scope.region))?;
    let trails: Vec<Trail> =
        out.trail_list().iter().filter(|t| t.home_region().is_none_or(|home| home == scope.region)).cloned().collect();
    Ok(ctx.fan_out(trails, |trail| resource(ctx, scope, trail)).await)
}

async fn resource(ctx: &ScanContext, scope: &Scope, trail: Trail) -> Resource {
    let region = &scope.region;
    let client = ctx.cloudtrail(region);
    let name = trail.name().unwrap_or_default().to_owned();
    // The ARN names the trail unambiguously, also for the status and selector calls.
    let arn =
        trail.trail_arn().map(str::to_owned).unwrap_or_else(|| ctx.arn("cloudtrail", region, &format!("trail/{name}")));
    let configuration = obj! {
        "Name" => s(trail.name()),
        "TrailARN" => s(trail.trail_arn()),
        "HomeRegion" => s(trail.home_region()),
        "S3BucketName" => s(trail.s3_bucket_name()),
        "S3KeyPrefix" => s(trail.s3_key_prefix()),
        "SnsTopicARN" => s(trail.sns_topic_arn()),
        "IncludeGlobalServiceEvents" => v(trail.include_global_service_events()),
        "IsMultiRegionTrail" => v(trail.is_multi_region_trail()),
        "IsOrganizationTrail" => v(trail.is_organization_trail()),
        "LogFileValidationEnabled" => v(trail.log_file_validation_enabled()),
        "CloudWatchLogsLogGroupArn" => s(trail.cloud_watch_logs_log_group_arn()),
        "CloudWatchLogsRoleArn" => s(trail.cloud_watch_logs_role_arn()),
        "KmsKeyId" => s(trail.kms_key_id()),
        "HasCustomEventSelectors" => v(trail.has_custom_event_selectors()),
        "HasInsightSelectors" => v(trail.has_insight_selectors()),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = Some(arn.clone());
    r.name = Some(name.clone());
    if let Some(bucket) = trail.s3_bucket_name() {
        r.relationships.push(Relationship::new("logs_to", "AWS::S3::Bucket", bucket));
    }
    if let Some(group) = trail.cloud_watch_logs_log_group_arn().and_then(log_group_name) {
        r.relationships.push(Relationship::new("logs_to", "AWS::Logs::LogGroup", group));
    }
    if let Some(key) = trail.kms_key_id().and_then(kms_key_id) {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    if let Some(role) = trail.cloud_watch_logs_role_arn().and_then(role_name) {
        r.relationships.push(Relationship::new("uses_role", "AWS::IAM::Role", role));
    }

    let status =
        client.get_trail_status().name(&arn).send().await.map_err(api_err!("cloudtrail", "GetTrailStatus", region));
    supplement(
        &mut r,
        "TrailStatus",
        status.map(|st| {
            Some(obj! {
                "IsLogging" => v(st.is_logging()),
                "StartLoggingTime" => t(st.start_logging_time()),
                "StopLoggingTime" => t(st.stop_logging_time()),
                "LatestDeliveryTime" => t(st.latest_delivery_time()),
                "LatestDeliveryError" => s(st.latest_delivery_error()),
                "LatestNotificationTime" => t(st.latest_notification_time()),
                "LatestNotificationError" => s(st.latest_notification_error()),
                "LatestCloudWatchLogsDeliveryTime" => t(st.latest_cloud_watch_logs_delivery_time()),
                "LatestCloudWatchLogsDeliveryError" => s(st.latest_cloud_watch_logs_delivery_error()),
                "LatestDigestDeliveryTime" => t(st.latest_digest_delivery_time()),
                "LatestDigestDeliveryError" => s(st.latest_digest_delivery_error()),
            })
        }),
    );
    // Deliveries happen every few minutes and their errors come and go with the bucket's
    // or log group's state: current values are kept, but they make no new version.
    r.volatile = [
        "LatestDeliveryTime",
        "LatestDeliveryError",
        "LatestNotificationTime",
        "LatestNotificationError",
        "LatestCloudWatchLogsDeliveryTime",
        "LatestCloudWatchLogsDeliveryError",
        "LatestDigestDeliveryTime",
        "LatestDigestDeliveryError",
    ]
    .iter()
    .map(|field| format!("supplementary.TrailStatus.{field}"))
    .collect();

    let selectors = client
        .get_event_selectors()
        .trail_name(&arn)
        .send()
        .await
        .map_err(api_err!("cloudtrail", "GetEventSelectors", region));
    match selectors {
        Ok(out) => {
            r.supplementary.insert("EventSelectors".into(), list(out.event_selectors(), event_selector));
            r.supplementary
                .insert("AdvancedEventSelectors".into(), list(out.advanced_event_selectors(), advanced_selector));
        }
        Err(e) => {
            let why = format!("{}: {}", e.code, e.message);
            r.not_assessed.insert("EventSelectors".into(), why.clone());
            r.not_assessed.insert("AdvancedEventSelectors".into(), why);
        }
    }

    let tag_pages = client
        .list_tags()
        .resource_id_list(&arn)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("cloudtrail", "ListTags", region));
    match tag_pages {
        Ok(resources) => {
            r.tags = tags(resources.iter().flat_map(|rt| rt.tags_list()).map(|t| (Some(t.key()), t.value())));
        }
        Err(e) => {
            r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
        }
    }
    r.seal()
}

fn event_selector(e: &EventSelector) -> Value {
    obj! {
        "ReadWriteType" => s(e.read_write_type()),
        "IncludeManagementEvents" => v(e.include_management_events()),
        "DataResources" => list(e.data_resources(), |d| obj! { "Type" => s(d.r#type()), "Values" => v(d.values()) }),
        "ExcludeManagementEventSources" => v(e.exclude_management_event_sources()),
    }
}

fn advanced_selector(a: &AdvancedEventSelector) -> Value {
    obj! {
        "Name" => s(a.name()),
        "FieldSelectors" => list(a.field_selectors(), |f| obj! {
            "Field" => v(f.field()),
            "Equals" => v(f.equals.as_deref()),
            "StartsWith" => v(f.starts_with.as_deref()),
            "EndsWith" => v(f.ends_with.as_deref()),
            "NotEquals" => v(f.not_equals.as_deref()),
            "NotStartsWith" => v(f.not_starts_with.as_deref()),
            "NotEndsWith" => v(f.not_ends_with.as_deref()),
        }),
    }
}
