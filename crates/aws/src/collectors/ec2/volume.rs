//! `AWS::EC2::Volume`: encryption and its KMS key, size, type, performance, state, the
//! snapshot it came from, and its attachments to instances.

use aws_sdk_ec2::types::Volume;

use super::{ec2_tags, name_tag, some_id};
use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// The EBS volume collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::Volume",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeVolumes"],
    refresh_events: &[
        "AttachVolume",
        "CreateTags",
        "CreateVolume",
        "DeleteTags",
        "DeleteVolume",
        "DetachVolume",
        "ModifyVolume",
        "ModifyVolumeAttribute",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let volumes = ctx
        .ec2(&scope.region)
        .describe_volumes()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeVolumes", &scope.region))?;
    Ok(volumes.iter().map(|vol| resource(ctx, scope, vol)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, vol: &Volume) -> Resource {
    let id = vol.volume_id().unwrap_or_default();
    let configuration = obj! {
        "VolumeId" => s(vol.volume_id()),
        "VolumeType" => s(vol.volume_type()),
        "Size" => v(vol.size()),
        "Iops" => v(vol.iops()),
        "Throughput" => v(vol.throughput()),
        "State" => s(vol.state()),
        "AvailabilityZone" => s(vol.availability_zone()),
        "CreateTime" => t(vol.create_time()),
        "Encrypted" => v(vol.encrypted()),
        "KmsKeyId" => s(vol.kms_key_id()),
        "SseType" => s(vol.sse_type()),
        "SnapshotId" => s(some_id(vol.snapshot_id())),
        "SourceVolumeId" => s(vol.source_volume_id()),
        "MultiAttachEnabled" => v(vol.multi_attach_enabled()),
        "FastRestored" => v(vol.fast_restored()),
        "OutpostArn" => s(vol.outpost_arn()),
        "Attachments" => list(vol.attachments(), |a| obj! {
            "InstanceId" => s(a.instance_id()),
            "Device" => s(a.device()),
            "State" => s(a.state()),
            "AttachTime" => t(a.attach_time()),
            "DeleteOnTermination" => v(a.delete_on_termination()),
            "AssociatedResource" => s(a.associated_resource()),
        }),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(vol.volume_arn().map(str::to_owned).unwrap_or_else(|| ctx.arn("ec2", &scope.region, &format!("volume/{id}"))));
    r.tags = ec2_tags(vol.tags());
    r.name = name_tag(&r.tags);
    for instance in vol.attachments().iter().filter_map(|a| some_id(a.instance_id())) {
        r.relationships.push(Relationship::new("attached_to", "AWS::EC2::Instance", instance));
    }
    if let Some(key) = vol.kms_key_id().and_then(kms_key_id) {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    r.seal()
}
