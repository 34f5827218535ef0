//! `AWS::EC2::Image`: the AMIs the account owns, with the public flag, block devices (their
//! snapshots and encryption), and who may launch them (`supplementary.LaunchPermissions`:
//! `{"Group": "all"}` is public; user ids, organizations and OUs are shares).
//!
//! Only owned images are listed (`Owners=["self"]`); DescribeImages otherwise answers
//! the whole public catalogue. `LastLaunchedTime` is volatile. Images have no account in
//! their ARN: `arn:aws:ec2:{region}::image/{id}`.

use aws_sdk_ec2::types::{BlockDeviceMapping, Image, ImageAttributeName, LaunchPermission};

use super::{ec2_tags, name_tag, product_code_list};
use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// The AMI collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::Image",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeImageAttribute", "ec2:DescribeImages"],
    refresh_events: &[
        "CopyImage",
        "CreateImage",
        "CreateTags",
        "DeleteTags",
        "DeregisterImage",
        "DisableImageDeprecation",
        "DisableImageDeregistrationProtection",
        "EnableImageDeprecation",
        "EnableImageDeregistrationProtection",
        "ImportImage",
        "ModifyImageAttribute",
        "RegisterImage",
        "ResetImageAttribute",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let images: Vec<Image> = ctx
        .ec2(&scope.region)
        .describe_images()
        .owners("self")
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeImages", &scope.region))?;
    let owned = images.into_iter().filter(|i| i.owner_id().is_none_or(|o| o == ctx.account_id())).collect();
    Ok(ctx.fan_out(owned, |i| image(ctx, scope, i)).await)
}

async fn image(ctx: &ScanContext, scope: &Scope, img: Image) -> Resource {
    let id = img.image_id().unwrap_or_default().to_owned();
    let configuration = obj! {
        "ImageId" => s(img.image_id()),
        "Name" => s(img.name()),
        "Description" => s(img.description()),
        "OwnerId" => s(img.owner_id()),
        "ImageOwnerAlias" => s(img.image_owner_alias()),
        "Public" => v(img.public()),
        "State" => s(img.state()),
        "StateReason" => img.state_reason().map(|st| obj! { "Code" => s(st.code()), "Message" => s(st.message()) }).unwrap_or(Value::Null),
        "CreationDate" => s(img.creation_date()),
        "DeprecationTime" => s(img.deprecation_time()),
        "LastLaunchedTime" => s(img.last_launched_time()),
        "DeregistrationProtection" => s(img.deregistration_protection()),
        "ImageType" => s(img.image_type()),
        "ImageLocation" => s(img.image_location()),
        "Architecture" => s(img.architecture()),
        "Platform" => s(img.platform()),
        "PlatformDetails" => s(img.platform_details()),
        "Hypervisor" => s(img.hypervisor()),
        "VirtualizationType" => s(img.virtualization_type()),
        "BootMode" => s(img.boot_mode()),
        "TpmSupport" => s(img.tpm_support()),
        "ImdsSupport" => s(img.imds_support()),
        "EnaSupport" => v(img.ena_support()),
        "SriovNetSupport" => s(img.sriov_net_support()),
        "KernelId" => s(img.kernel_id()),
        "RamdiskId" => s(img.ramdisk_id()),
        "RootDeviceName" => s(img.root_device_name()),
        "RootDeviceType" => s(img.root_device_type()),
        "SourceInstanceId" => s(img.source_instance_id()),
        "SourceImageId" => s(img.source_image_id()),
        "SourceImageRegion" => s(img.source_image_region()),
        "ProductCodes" => product_code_list(img.product_codes()),
        "BlockDeviceMappings" => list(img.block_device_mappings(), block_device),
    };
    let mut r = Resource::new(scope, id.clone(), configuration, ctx.now());
    r.arn = Some(format!("arn:{}:ec2:{}::image/{id}", ctx.partition(), scope.region));
    r.tags = ec2_tags(img.tags());
    r.name = img.name().map(str::to_owned).or_else(|| name_tag(&r.tags));
    r.volatile.push("configuration.LastLaunchedTime".into());
    for key in img.block_device_mappings().iter().filter_map(|b| b.ebs().and_then(|e| e.kms_key_id()).and_then(kms_key_id)) {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    let permissions = ctx
        .ec2(&scope.region)
        .describe_image_attribute()
        .image_id(&id)
        .attribute(ImageAttributeName::LaunchPermission)
        .send()
        .await
        .map_err(api_err!("ec2", "DescribeImageAttribute", &scope.region))
        .map(|out| Some(list(out.launch_permissions(), permission)));
    supplement(&mut r, "LaunchPermissions", permissions);
    r.seal()
}

fn block_device(b: &BlockDeviceMapping) -> Value {
    obj! {
        "DeviceName" => s(b.device_name()),
        "VirtualName" => s(b.virtual_name()),
        "NoDevice" => s(b.no_device()),
        "Ebs" => b.ebs().map(|e| obj! {
            "SnapshotId" => s(e.snapshot_id()),
            "VolumeSize" => v(e.volume_size()),
            "VolumeType" => s(e.volume_type()),
            "Iops" => v(e.iops()),
            "Throughput" => v(e.throughput()),
            "Encrypted" => v(e.encrypted()),
            "KmsKeyId" => s(e.kms_key_id()),
            "DeleteOnTermination" => v(e.delete_on_termination()),
        }).unwrap_or(Value::Null),
    }
}

fn permission(p: &LaunchPermission) -> Value {
    obj! {
        "Group" => s(p.group()),
        "UserId" => s(p.user_id()),
        "OrganizationArn" => s(p.organization_arn()),
        "OrganizationalUnitArn" => s(p.organizational_unit_arn()),
    }
}
