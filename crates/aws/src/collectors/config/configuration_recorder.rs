//! `AWS::Config::ConfigurationRecorder`: what the recorder records (all supported types,
//! global types, inclusions and exclusions, recording frequency), its role, whether it is
//! recording now (DescribeConfigurationRecorderStatus), and the region's delivery channels
//! (bucket, key, topic, snapshot frequency) with their delivery status.
//!
//! A region without a recorder has no resource of this type, and its scope is still
//! collected: a posture check sees "a complete scope with no recorder", which is how
//! "AWS Config is off in this region" (CIS 3.3) is told apart from "could not read".
//! Field names are the API's own camelCase ones, as boto3 shows them.

use aws_sdk_config::types::{
    ConfigExportDeliveryInfo, ConfigurationRecorder, ConfigurationRecorderStatus, DeliveryChannel,
    DeliveryChannelStatus,
};

use crate::collectors::references::kms_key_id;
use crate::collectors::references::role_name;
use crate::collectors::prelude::*;

/// The configuration recorder collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::Config::ConfigurationRecorder",
    service: "config",
    global: false,
    iam_actions: &[
        "config:DescribeConfigurationRecorderStatus",
        "config:DescribeConfigurationRecorders",
        "config:DescribeDeliveryChannelStatus",
        "config:DescribeDeliveryChannels",
    ],
    refresh_events: &[
        "AssociateResourceTypes",
        "DeleteConfigurationRecorder",
        "DeleteDeliveryChannel",
        "DisassociateResourceTypes",
        "PutConfigurationRecorder",
        "PutDeliveryChannel",
        "StartConfigurationRecorder",
        "StopConfigurationRecorder",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let region = &scope.region;
    let client = ctx.config(region);
    // None of these four calls is paginated: a region has at most one customer managed
    // recorder and one delivery channel.
    let recorders = client
        .describe_configuration_recorders()
        .send()
        .await
        .map_err(api_err!("config", "DescribeConfigurationRecorders", region))?
        .configuration_recorders
        .unwrap_or_default();
    if recorders.is_empty() {
        return Ok(Vec::new());
    }
    let statuses: Result<Vec<ConfigurationRecorderStatus>, ApiError> = client
        .describe_configuration_recorder_status()
        .send()
        .await
        .map_err(api_err!("config", "DescribeConfigurationRecorderStatus", region))
        .map(|out| out.configuration_recorders_status.unwrap_or_default());
    let channels: Result<Vec<DeliveryChannel>, ApiError> = client
        .describe_delivery_channels()
        .send()
        .await
        .map_err(api_err!("config", "DescribeDeliveryChannels", region))
        .map(|out| out.delivery_channels.unwrap_or_default());
    let channel_statuses: Result<Vec<DeliveryChannelStatus>, ApiError> = client
        .describe_delivery_channel_status()
        .send()
        .await
        .map_err(api_err!("config", "DescribeDeliveryChannelStatus", region))
        .map(|out| out.delivery_channels_status.unwrap_or_default());
    Ok(recorders.iter().map(|rec| resource(ctx, scope, rec, &statuses, &channels, &channel_statuses)).collect())
}

fn resource(
    ctx: &ScanContext,
    scope: &Scope,
    rec: &ConfigurationRecorder,
    statuses: &Result<Vec<ConfigurationRecorderStatus>, ApiError>,
    channels: &Result<Vec<DeliveryChannel>, ApiError>,
    channel_statuses: &Result<Vec<DeliveryChannelStatus>, ApiError>,
) -> Resource {
    let name = rec.name().unwrap_or_default().to_owned();
    let configuration = obj! {
        "name" => s(rec.name()),
        "arn" => s(rec.arn()),
        "roleARN" => s(rec.role_arn()),
        "recordingGroup" => rec.recording_group().map(|g| obj! {
            "allSupported" => v(g.all_supported()),
            "includeGlobalResourceTypes" => v(g.include_global_resource_types()),
            "resourceTypes" => list(g.resource_types(), |rt| v(rt.as_str())),
            "exclusionByResourceTypes" => g.exclusion_by_resource_types().map(|x| obj! {
                "resourceTypes" => list(x.resource_types(), |rt| v(rt.as_str())),
            }).unwrap_or(Value::Null),
            "recordingStrategy" => g.recording_strategy().map(|st| obj! { "useOnly" => s(st.use_only()) }).unwrap_or(Value::Null),
        }).unwrap_or(Value::Null),
        "recordingMode" => rec.recording_mode().map(|m| obj! {
            "recordingFrequency" => v(m.recording_frequency().as_str()),
            "recordingModeOverrides" => list(m.recording_mode_overrides(), |o| obj! {
                "description" => s(o.description()),
                "resourceTypes" => list(o.resource_types(), |rt| v(rt.as_str())),
                "recordingFrequency" => v(o.recording_frequency().as_str()),
            }),
        }).unwrap_or(Value::Null),
        "recordingScope" => s(rec.recording_scope()),
        "servicePrincipal" => s(rec.service_principal()),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = rec.arn().map(str::to_owned);
    r.name = Some(name.clone());
    if let Some(role) = rec.role_arn().and_then(role_name) {
        r.relationships.push(Relationship::new("uses_role", "AWS::IAM::Role", role));
    }

    let status = statuses.as_ref().map(|all| {
        all.iter().find(|st| st.name() == Some(name.as_str())).map(|st| {
            obj! {
                "name" => s(st.name()),
                "recording" => v(st.recording()),
                "lastStartTime" => t(st.last_start_time()),
                "lastStopTime" => t(st.last_stop_time()),
                "lastStatus" => s(st.last_status()),
                "lastErrorCode" => s(st.last_error_code()),
                "lastErrorMessage" => s(st.last_error_message()),
                "lastStatusChangeTime" => t(st.last_status_change_time()),
            }
        })
    });
    supplement(&mut r, "ConfigurationRecorderStatus", status.map_err(Clone::clone));

    if let Ok(channels) = channels {
        for channel in channels {
            if let Some(bucket) = channel.s3_bucket_name() {
                r.relationships.push(Relationship::new("logs_to", "AWS::S3::Bucket", bucket));
            }
            if let Some(key) = channel.s3_kms_key_arn().and_then(kms_key_id) {
                r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
            }
        }
    }
    supplement(
        &mut r,
        "DeliveryChannels",
        channels.as_ref().map(|all| Some(list(all, delivery_channel))).map_err(Clone::clone),
    );
    supplement(
        &mut r,
        "DeliveryChannelsStatus",
        channel_statuses.as_ref().map(|all| Some(list(all, delivery_channel_status))).map_err(Clone::clone),
    );
    // The recorder's last run and the channels' deliveries change every few hours on their
    // own; `recording` itself changes only when someone starts or stops the recorder.
    r.volatile = vec![
        "supplementary.ConfigurationRecorderStatus.lastStatus".into(),
        "supplementary.ConfigurationRecorderStatus.lastErrorCode".into(),
        "supplementary.ConfigurationRecorderStatus.lastErrorMessage".into(),
        "supplementary.ConfigurationRecorderStatus.lastStatusChangeTime".into(),
        "supplementary.DeliveryChannelsStatus".into(),
    ];
    r.seal()
}

fn delivery_channel(c: &DeliveryChannel) -> Value {
    obj! {
        "name" => s(c.name()),
        "s3BucketName" => s(c.s3_bucket_name()),
        "s3KeyPrefix" => s(c.s3_key_prefix()),
        "s3KmsKeyArn" => s(c.s3_kms_key_arn()),
        "snsTopicARN" => s(c.sns_topic_arn()),
        "configSnapshotDeliveryProperties" => c.config_snapshot_delivery_properties().map(|p| obj! {
            "deliveryFrequency" => s(p.delivery_frequency()),
        }).unwrap_or(Value::Null),
    }
}

fn delivery_channel_status(c: &DeliveryChannelStatus) -> Value {
    let export = |i: &ConfigExportDeliveryInfo| {
        obj! {
            "lastStatus" => s(i.last_status()),
            "lastErrorCode" => s(i.last_error_code()),
            "lastErrorMessage" => s(i.last_error_message()),
            "lastAttemptTime" => t(i.last_attempt_time()),
            "lastSuccessfulTime" => t(i.last_successful_time()),
            "nextDeliveryTime" => t(i.next_delivery_time()),
        }
    };
    obj! {
        "name" => s(c.name()),
        "configSnapshotDeliveryInfo" => c.config_snapshot_delivery_info().map(export).unwrap_or(Value::Null),
        "configHistoryDeliveryInfo" => c.config_history_delivery_info().map(export).unwrap_or(Value::Null),
        "configStreamDeliveryInfo" => c.config_stream_delivery_info().map(|i| obj! {
            "lastStatus" => s(i.last_status()),
            "lastErrorCode" => s(i.last_error_code()),
            "lastErrorMessage" => s(i.last_error_message()),
            "lastStatusChangeTime" => t(i.last_status_change_time()),
        }).unwrap_or(Value::Null),
    }
}
