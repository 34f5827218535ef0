//! `AWS::EC2::FlowLog`: what a flow log watches (a VPC, subnet, interface or transit
//! gateway), which traffic, where it delivers (CloudWatch Logs, S3 or Firehose) with which
//! role and record format, and its delivery status.
//!
//! Edges: `watches` the watched resource; `logs_to` the destination (log group by name,
//! bucket by name, delivery stream by name); `uses_role` the delivery role by name.
//! `DeliverLogsStatus` stays in the hash although AWS sets it: a delivery turning `FAILED`
//! means the logs stopped, which a history should show.

use aws_sdk_ec2::types::{FlowLog, LogDestinationType};

use super::{ec2_tags, name_tag, some_id};
use crate::collectors::references::iam_name;
use crate::collectors::prelude::*;

/// The VPC flow log collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::FlowLog",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeFlowLogs"],
    refresh_events: &[
        "CreateFlowLogs",
        "CreateTags",
        "DeleteFlowLogs",
        "DeleteTags",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let logs = ctx
        .ec2(&scope.region)
        .describe_flow_logs()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeFlowLogs", &scope.region))?;
    Ok(logs.iter().map(|f| resource(ctx, scope, f)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, f: &FlowLog) -> Resource {
    let id = f.flow_log_id().unwrap_or_default();
    let configuration = obj! {
        "FlowLogId" => s(f.flow_log_id()),
        "ResourceId" => s(f.resource_id()),
        "TrafficType" => s(f.traffic_type()),
        "LogDestinationType" => s(f.log_destination_type()),
        "LogDestination" => s(f.log_destination()),
        "LogGroupName" => s(f.log_group_name()),
        "DeliverLogsPermissionArn" => s(f.deliver_logs_permission_arn()),
        "DeliverCrossAccountRole" => s(f.deliver_cross_account_role()),
        "DeliverLogsStatus" => s(f.deliver_logs_status()),
        "DeliverLogsErrorMessage" => s(f.deliver_logs_error_message()),
        "FlowLogStatus" => s(f.flow_log_status()),
        "LogFormat" => s(f.log_format()),
        "MaxAggregationInterval" => v(f.max_aggregation_interval()),
        "DestinationOptions" => f.destination_options().map(|d| obj! {
            "FileFormat" => s(d.file_format()),
            "HiveCompatiblePartitions" => v(d.hive_compatible_partitions()),
            "PerHourPartition" => v(d.per_hour_partition()),
        }).unwrap_or(Value::Null),
        "CreationTime" => t(f.creation_time()),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("vpc-flow-log/{id}")));
    r.tags = ec2_tags(f.tags());
    r.name = name_tag(&r.tags);
    if let Some((target_type, watched)) = some_id(f.resource_id()).and_then(watched_type) {
        r.relationships.push(Relationship::new("watches", target_type, watched));
    }
    if let Some((target_type, destination)) = destination(f) {
        r.relationships.push(Relationship::new("logs_to", target_type, destination));
    }
    if let Some(role) = f.deliver_logs_permission_arn().and_then(iam_name) {
        r.relationships.push(Relationship::new("uses_role", "AWS::IAM::Role", role));
    }
    r.seal()
}

/// The type of the watched resource, by id prefix (`tgw-attach-` before `tgw-`).
fn watched_type(id: &str) -> Option<(&'static str, &str)> {
    let target_type = if id.starts_with("vpc-") {
        "AWS::EC2::VPC"
    } else if id.starts_with("subnet-") {
        "AWS::EC2::Subnet"
    } else if id.starts_with("eni-") {
        "AWS::EC2::NetworkInterface"
    } else if id.starts_with("tgw-attach-") {
        "AWS::EC2::TransitGatewayAttachment"
    } else if id.starts_with("tgw-") {
        "AWS::EC2::TransitGateway"
    } else {
        return None;
    };
    Some((target_type, id))
}

/// The destination resource: CloudWatch Logs answers the group name (and, newer, its ARN
/// in `LogDestination`); S3 an ARN that may end in a prefix; Firehose a stream ARN.
fn destination(f: &FlowLog) -> Option<(&'static str, String)> {
    let arn_resource = |arn: &str| arn.splitn(6, ':').nth(5).map(str::to_owned);
    match f.log_destination_type() {
        Some(LogDestinationType::S3) => {
            let bucket = arn_resource(f.log_destination()?)?.split('/').next()?.to_owned();
            (!bucket.is_empty()).then_some(("AWS::S3::Bucket", bucket))
        }
        Some(LogDestinationType::KinesisDataFirehose) => {
            let stream = arn_resource(f.log_destination()?)?.strip_prefix("deliverystream/")?.to_owned();
            Some(("AWS::KinesisFirehose::DeliveryStream", stream))
        }
        // CloudWatch Logs is the default when the type is absent.
        _ => {
            let group = some_id(f.log_group_name()).map(str::to_owned).or_else(|| {
                let resource = arn_resource(f.log_destination()?)?;
                let name = resource.strip_prefix("log-group:")?;
                Some(name.strip_suffix(":*").unwrap_or(name).to_owned())
            })?;
            Some(("AWS::Logs::LogGroup", group))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_name_their_resources() {
        let s3 = FlowLog::builder().log_destination_type(LogDestinationType::S3).log_destination("arn:aws:s3:::logs-bucket/vpc/").build();
        assert_eq!(destination(&s3), Some(("AWS::S3::Bucket", "logs-bucket".to_owned())));
        let cw = FlowLog::builder()
            .log_destination_type(LogDestinationType::CloudWatchLogs)
            .log_destination("arn:aws:logs:us-east-1:1:log-group:/vpc/flow:*")
            .build();
        assert_eq!(destination(&cw), Some(("AWS::Logs::LogGroup", "/vpc/flow".to_owned())));
        let old = FlowLog::builder().log_group_name("/vpc/old").build();
        assert_eq!(destination(&old), Some(("AWS::Logs::LogGroup", "/vpc/old".to_owned())));
        let fh = FlowLog::builder()
            .log_destination_type(LogDestinationType::KinesisDataFirehose)
            .log_destination("arn:aws:firehose:us-east-1:1:deliverystream/flows")
            .build();
        assert_eq!(destination(&fh), Some(("AWS::KinesisFirehose::DeliveryStream", "flows".to_owned())));
    }

    #[test]
    fn watched_resources_by_prefix() {
        assert_eq!(watched_type("vpc-1"), Some(("AWS::EC2::VPC", "vpc-1")));
        assert_eq!(watched_type("subnet-1"), Some(("AWS::EC2::Subnet", "subnet-1")));
        assert_eq!(watched_type("eni-1"), Some(("AWS::EC2::NetworkInterface", "eni-1")));
        assert_eq!(watched_type("tgw-attach-1"), Some(("AWS::EC2::TransitGatewayAttachment", "tgw-attach-1")));
        assert_eq!(watched_type("tgw-1"), Some(("AWS::EC2::TransitGateway", "tgw-1")));
        assert_eq!(watched_type("x-1"), None);
    }
}
