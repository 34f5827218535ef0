//! `AWS::EC2::Snapshot`: the EBS snapshots the account owns, with encryption and KMS key,
//! source volume, state, and who may create volumes from them
//! (`supplementary.CreateVolumePermissions`: `{"Group": "all"}` is public, `{"UserId": …}`
//! is shared with that account).
//!
//! Only the account's own snapshots are listed (`OwnerIds=["self"]`): DescribeSnapshots
//! without it also answers every public and shared snapshot, which are not this account's
//! resources. A snapshot whose `OwnerId` is another account is dropped as well, for
//! endpoints that ignore the filter (moto answers ~1,300 catalogue snapshots of Amazon
//! accounts regardless). `Progress` is volatile.
//!
//! Snapshots have no account in their ARN: `arn:aws:ec2:{region}::snapshot/{id}`.

use aws_sdk_ec2::types::{CreateVolumePermission, Snapshot, SnapshotAttributeName};

use super::{ec2_tags, name_tag};
use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// The EBS snapshot collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::Snapshot",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeSnapshotAttribute", "ec2:DescribeSnapshots"],
    refresh_events: &[
        "CopySnapshot",
        "CreateSnapshot",
        "CreateSnapshots",
        "CreateTags",
        "DeleteSnapshot",
        "DeleteTags",
        "ImportSnapshot",
        "ModifySnapshotAttribute",
        "ResetSnapshotAttribute",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let snapshots: Vec<Snapshot> = ctx
        .ec2(&scope.region)
        .describe_snapshots()
        .owner_ids("self")
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeSnapshots", &scope.region))?;
    let owned = snapshots.into_iter().filter(|s| s.owner_id().is_none_or(|o| o == ctx.account_id())).collect();
    Ok(ctx.fan_out(owned, |s| snapshot(ctx, scope, s)).await)
}

async fn snapshot(ctx: &ScanContext, scope: &Scope, snap: Snapshot) -> Resource {
    let id = snap.snapshot_id().unwrap_or_default().to_owned();
    let configuration = obj! {
        "SnapshotId" => s(snap.snapshot_id()),
        "VolumeId" => s(snap.volume_id()),
        "VolumeSize" => v(snap.volume_size()),
        "Description" => s(snap.description()),
        "OwnerId" => s(snap.owner_id()),
        "OwnerAlias" => s(snap.owner_alias()),
        "State" => s(snap.state()),
        "StateMessage" => s(snap.state_message()),
        "StartTime" => t(snap.start_time()),
        "Progress" => s(snap.progress()),
        "Encrypted" => v(snap.encrypted()),
        "KmsKeyId" => s(snap.kms_key_id()),
        "SseType" => s(snap.sse_type()),
        "StorageTier" => s(snap.storage_tier()),
        "OutpostArn" => s(snap.outpost_arn()),
    };
    let mut r = Resource::new(scope, id.clone(), configuration, ctx.now());
    r.arn = Some(format!("arn:{}:ec2:{}::snapshot/{id}", ctx.partition(), scope.region));
    r.tags = ec2_tags(snap.tags());
    r.name = name_tag(&r.tags);
    r.volatile.push("configuration.Progress".into());
    if let Some(key) = snap.kms_key_id().and_then(kms_key_id) {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    let permissions = ctx
        .ec2(&scope.region)
        .describe_snapshot_attribute()
        .snapshot_id(&id)
        .attribute(SnapshotAttributeName::CreateVolumePermission)
        .send()
        .await
        .map_err(api_err!("ec2", "DescribeSnapshotAttribute", &scope.region))
        .map(|out| Some(list(out.create_volume_permissions(), permission)));
    supplement(&mut r, "CreateVolumePermissions", permissions);
    r.seal()
}

fn permission(p: &CreateVolumePermission) -> Value {
    obj! { "Group" => s(p.group()), "UserId" => s(p.user_id()) }
}
