//! `AWS::RDS::DBSnapshot` (no CloudFormation type; Meerkat's name): the manual and
//! automated DB snapshots this account owns, with encryption and its key, and who may
//! restore them (`DescribeDBSnapshotAttributes`: a `restore` attribute value `all` makes
//! the snapshot public, account ids share it with those accounts).
//!
//! Snapshots shared with this account by others, and public snapshots of others, are not
//! listed: DescribeDBSnapshots leaves them out unless asked, and they are not this
//! account's to fix.

use aws_sdk_rds::types::DbSnapshot;

use super::{rds_tags, tag_list};
use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// The DB snapshot collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::RDS::DBSnapshot",
    service: "rds",
    global: false,
    iam_actions: &["rds:DescribeDBSnapshotAttributes", "rds:DescribeDBSnapshots"],
    refresh_events: &[
        "AddTagsToResource",
        "CopyDBSnapshot",
        "CreateDBSnapshot",
        "DeleteDBSnapshot",
        "ModifyDBSnapshot",
        "ModifyDBSnapshotAttribute",
        "RemoveTagsFromResource",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let snapshots = ctx
        .rds(&scope.region)
        .describe_db_snapshots()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("rds", "DescribeDBSnapshots", &scope.region))?;
    Ok(ctx.fan_out(snapshots, |sn| resource(ctx, scope, sn)).await)
}

async fn resource(ctx: &ScanContext, scope: &Scope, sn: DbSnapshot) -> Resource {
    let id = sn.db_snapshot_identifier().unwrap_or_default();
    let configuration = obj! {
        "DBSnapshotIdentifier" => s(sn.db_snapshot_identifier()),
        "DBSnapshotArn" => s(sn.db_snapshot_arn()),
        "DBInstanceIdentifier" => s(sn.db_instance_identifier()),
        "DbiResourceId" => s(sn.dbi_resource_id()),
        "SnapshotType" => s(sn.snapshot_type()),
        "Status" => s(sn.status()),
        "PercentProgress" => v(sn.percent_progress()),
        "SnapshotCreateTime" => t(sn.snapshot_create_time()),
        "OriginalSnapshotCreateTime" => t(sn.original_snapshot_create_time()),
        "SnapshotDatabaseTime" => t(sn.snapshot_database_time()),
        "InstanceCreateTime" => t(sn.instance_create_time()),
        "Engine" => s(sn.engine()),
        "EngineVersion" => s(sn.engine_version()),
        "LicenseModel" => s(sn.license_model()),
        "MasterUsername" => s(sn.master_username()),
        "AllocatedStorage" => v(sn.allocated_storage()),
        "StorageType" => s(sn.storage_type()),
        "Iops" => v(sn.iops()),
        "Port" => v(sn.port()),
        "AvailabilityZone" => s(sn.availability_zone()),
        "VpcId" => s(sn.vpc_id()),
        "Encrypted" => v(sn.encrypted()),
        "KmsKeyId" => s(sn.kms_key_id()),
        "TdeCredentialArn" => s(sn.tde_credential_arn()),
        "IAMDatabaseAuthenticationEnabled" => v(sn.iam_database_authentication_enabled()),
        "OptionGroupName" => s(sn.option_group_name()),
        "SourceRegion" => s(sn.source_region()),
        "SourceDBSnapshotIdentifier" => s(sn.source_db_snapshot_identifier()),
        "SnapshotTarget" => s(sn.snapshot_target()),
        "TagList" => tag_list(sn.tag_list()),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = sn.db_snapshot_arn().map(str::to_owned);
    r.name = Some(id.to_owned());
    r.tags = rds_tags(sn.tag_list());
    r.volatile = vec!["configuration.PercentProgress".into()];
    if let Some(key) = sn.kms_key_id().and_then(kms_key_id) {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    // Automated snapshots cannot be shared or made public
    // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html):
    // there is no restore attribute to read, so the part is absent rather than unread.
    if sn.snapshot_type() == Some("automated") {
        supplement(&mut r, "DBSnapshotAttributesResult", Ok(None));
        return r.seal();
    }
    let attributes = ctx
        .rds(&scope.region)
        .describe_db_snapshot_attributes()
        .db_snapshot_identifier(id)
        .send()
        .await
        .map_err(api_err!("rds", "DescribeDBSnapshotAttributes", &scope.region));
    supplement(
        &mut r,
        "DBSnapshotAttributesResult",
        attributes.map(|out| {
            out.db_snapshot_attributes_result().map(|a| {
                obj! {
                    "DBSnapshotIdentifier" => s(a.db_snapshot_identifier()),
                    "DBSnapshotAttributes" => list(a.db_snapshot_attributes(), |attr| obj! {
                        "AttributeName" => s(attr.attribute_name()),
                        "AttributeValues" => v(attr.attribute_values()),
                    }),
                }
            })
        }),
    );
    r.seal()
}
