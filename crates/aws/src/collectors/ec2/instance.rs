//! `AWS::EC2::Instance`: state, type, image, key pair, subnet and VPC, private and public
//! addresses, instance profile, metadata options (IMDSv2), security groups, network
//! interfaces, block devices, monitoring, platform and tags; user data only as a fingerprint.
//!
//! User data often carries bootstrap secrets, so its content is never stored:
//! `supplementary.UserData` is `{Present, Length, Sha256}` of the decoded bytes — enough to
//! tell that there is some, that it changed, and whether it is a known script.
//!
//! `LaunchTime` is volatile: a stop and start sets it anew without any change of
//! configuration, and an instance stopped and started between two scans would otherwise get
//! a version that differs in nothing else. It stays in the document for age checks.
//!
//! Terminated instances stay visible to DescribeInstances for about an hour
//! (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/terminating-instances.html>); they
//! are no longer resources, so they are left out and the scope's commit marks them deleted.
//!
//! Relationship targets: subnet, VPC, security groups, network interfaces and volumes by id;
//! the instance profile by name (the end of its ARN), as the IAM collectors key profiles.

use aws_sdk_ec2::types::{
    Instance, InstanceAttributeName, InstanceNetworkInterface, InstanceNetworkInterfaceAssociation, InstanceStateName,
};
use sha2::{Digest, Sha256};

use super::{ec2_tags, group_list, name_tag, product_code_list, some_id};
use crate::collectors::references::iam_name;
use crate::collectors::prelude::*;

/// The instance collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::Instance",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeInstanceAttribute", "ec2:DescribeInstances"],
    refresh_events: &[
        "AssociateAddress",
        "AssociateIamInstanceProfile",
        "AttachNetworkInterface",
        "AttachVolume",
        "CreateTags",
        "DeleteTags",
        "DetachNetworkInterface",
        "DetachVolume",
        "DisassociateAddress",
        "DisassociateIamInstanceProfile",
        "ModifyInstanceAttribute",
        "ModifyInstanceMaintenanceOptions",
        "ModifyInstanceMetadataOptions",
        "ModifyInstancePlacement",
        "ModifyNetworkInterfaceAttribute",
        "MonitorInstances",
        "ReplaceIamInstanceProfileAssociation",
        "RunInstances",
        "StartInstances",
        "StopInstances",
        "TerminateInstances",
        "UnmonitorInstances",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let reservations = ctx
        .ec2(&scope.region)
        .describe_instances()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeInstances", &scope.region))?;
    let instances: Vec<Instance> = reservations
        .into_iter()
        .flat_map(|r| r.instances.unwrap_or_default())
        .filter(|i| i.state().and_then(|s| s.name()) != Some(&InstanceStateName::Terminated))
        .collect();
    Ok(ctx.fan_out(instances, |i| instance(ctx, scope, i)).await)
}

async fn instance(ctx: &ScanContext, scope: &Scope, i: Instance) -> Resource {
    let id = i.instance_id().unwrap_or_default().to_owned();
    let mut r = Resource::new(scope, id.clone(), configuration(&i), ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("instance/{id}")));
    r.tags = ec2_tags(i.tags());
    r.name = name_tag(&r.tags);
    r.volatile.push("configuration.LaunchTime".into());
    relationships(&mut r, &i);

    let user_data = ctx
        .ec2(&scope.region)
        .describe_instance_attribute()
        .instance_id(&id)
        .attribute(InstanceAttributeName::UserData)
        .send()
        .await
        .map_err(api_err!("ec2", "DescribeInstanceAttribute", &scope.region));
    let user_data = match user_data {
        Ok(out) => user_data_fingerprint(out.user_data().and_then(|u| u.value())).map(Some).map_err(|message| ApiError {
            service: "ec2".into(),
            operation: "DescribeInstanceAttribute".into(),
            region: scope.region.clone(),
            code: "InvalidUserDataEncoding".into(),
            message,
            http_status: None,
            kind: crate::error::ErrorKind::Other,
        }),
        Err(e) => Err(e),
    };
    supplement(&mut r, "UserData", user_data);
    r.seal()
}

/// `{Present, Length, Sha256}` of base64 user data; the content itself is dropped here.
/// An answer that is not base64 cannot be fingerprinted as the bytes the instance sees:
/// that is an error, rather than a hash of the wrong thing.
fn user_data_fingerprint(encoded: Option<&str>) -> Result<Value, String> {
    let Some(encoded) = encoded.filter(|e| !e.is_empty()) else {
        return Ok(json!({"Present": false, "Length": 0, "Sha256": null}));
    };
    let bytes = aws_smithy_types::base64::decode(encoded).map_err(|e| format!("user data is not base64: {e}"))?;
    let digest = Sha256::digest(&bytes);
    let sha256: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(json!({"Present": true, "Length": bytes.len(), "Sha256": sha256}))
}

fn configuration(i: &Instance) -> Value {
    obj! {
        "InstanceId" => s(i.instance_id()),
        "ImageId" => s(i.image_id()),
        "InstanceType" => s(i.instance_type()),
        "KeyName" => s(i.key_name()),
        "State" => i.state().map(|st| obj! { "Code" => v(st.code()), "Name" => s(st.name()) }).unwrap_or(Value::Null),
        "StateReason" => i.state_reason().map(|st| obj! { "Code" => s(st.code()), "Message" => s(st.message()) }).unwrap_or(Value::Null),
        "StateTransitionReason" => s(i.state_transition_reason()),
        "LaunchTime" => t(i.launch_time()),
        "Placement" => i.placement().map(|p| obj! {
            "AvailabilityZone" => s(p.availability_zone()),
            "AvailabilityZoneId" => s(p.availability_zone_id()),
            "GroupName" => s(p.group_name()),
            "HostId" => s(p.host_id()),
            "Tenancy" => s(p.tenancy()),
        }).unwrap_or(Value::Null),
        "Platform" => s(i.platform()),
        "PlatformDetails" => s(i.platform_details()),
        "Architecture" => s(i.architecture()),
        "Monitoring" => i.monitoring().map(|m| obj! { "State" => s(m.state()) }).unwrap_or(Value::Null),
        "SubnetId" => s(i.subnet_id()),
        "VpcId" => s(i.vpc_id()),
        "PrivateIpAddress" => s(i.private_ip_address()),
        "PrivateDnsName" => s(i.private_dns_name()),
        "PublicIpAddress" => s(i.public_ip_address()),
        "PublicDnsName" => s(i.public_dns_name()),
        "Ipv6Address" => s(i.ipv6_address()),
        "IamInstanceProfile" => i.iam_instance_profile().map(|p| obj! { "Arn" => s(p.arn()), "Id" => s(p.id()) }).unwrap_or(Value::Null),
        "MetadataOptions" => i.metadata_options().map(|m| obj! {
            "State" => s(m.state()),
            "HttpTokens" => s(m.http_tokens()),
            "HttpEndpoint" => s(m.http_endpoint()),
            "HttpPutResponseHopLimit" => v(m.http_put_response_hop_limit()),
            "HttpProtocolIpv6" => s(m.http_protocol_ipv6()),
            "InstanceMetadataTags" => s(m.instance_metadata_tags()),
        }).unwrap_or(Value::Null),
        "SecurityGroups" => group_list(i.security_groups()),
        "NetworkInterfaces" => list(i.network_interfaces(), network_interface),
        "BlockDeviceMappings" => list(i.block_device_mappings(), |b| obj! {
            "DeviceName" => s(b.device_name()),
            "Ebs" => b.ebs().map(|e| obj! {
                "VolumeId" => s(e.volume_id()),
                "DeleteOnTermination" => v(e.delete_on_termination()),
                "Status" => s(e.status()),
                "AttachTime" => t(e.attach_time()),
            }).unwrap_or(Value::Null),
        }),
        "RootDeviceName" => s(i.root_device_name()),
        "RootDeviceType" => s(i.root_device_type()),
        "EbsOptimized" => v(i.ebs_optimized()),
        "EnaSupport" => v(i.ena_support()),
        "SourceDestCheck" => v(i.source_dest_check()),
        "Hypervisor" => s(i.hypervisor()),
        "VirtualizationType" => s(i.virtualization_type()),
        "InstanceLifecycle" => s(i.instance_lifecycle()),
        "SpotInstanceRequestId" => s(i.spot_instance_request_id()),
        "CapacityReservationId" => s(i.capacity_reservation_id()),
        "OutpostArn" => s(i.outpost_arn()),
        "KernelId" => s(i.kernel_id()),
        "RamdiskId" => s(i.ramdisk_id()),
        "ProductCodes" => product_code_list(i.product_codes()),
        "HibernationOptions" => i.hibernation_options().map(|h| obj! { "Configured" => v(h.configured()) }).unwrap_or(Value::Null),
        "EnclaveOptions" => i.enclave_options().map(|e| obj! { "Enabled" => v(e.enabled()) }).unwrap_or(Value::Null),
        "MaintenanceOptions" => i.maintenance_options().map(|m| obj! { "AutoRecovery" => s(m.auto_recovery()) }).unwrap_or(Value::Null),
        "PrivateDnsNameOptions" => i.private_dns_name_options().map(|p| obj! {
            "HostnameType" => s(p.hostname_type()),
            "EnableResourceNameDnsARecord" => v(p.enable_resource_name_dns_a_record()),
            "EnableResourceNameDnsAAAARecord" => v(p.enable_resource_name_dns_aaaa_record()),
        }).unwrap_or(Value::Null),
        "BootMode" => s(i.boot_mode()),
        "CurrentInstanceBootMode" => s(i.current_instance_boot_mode()),
        "TpmSupport" => s(i.tpm_support()),
    }
}

fn association(a: &InstanceNetworkInterfaceAssociation) -> Value {
    obj! {
        "PublicIp" => s(a.public_ip()),
        "PublicDnsName" => s(a.public_dns_name()),
        "IpOwnerId" => s(a.ip_owner_id()),
        "CarrierIp" => s(a.carrier_ip()),
        "CustomerOwnedIp" => s(a.customer_owned_ip()),
    }
}

fn network_interface(n: &InstanceNetworkInterface) -> Value {
    obj! {
        "NetworkInterfaceId" => s(n.network_interface_id()),
        "InterfaceType" => s(n.interface_type()),
        "Description" => s(n.description()),
        "OwnerId" => s(n.owner_id()),
        "Status" => s(n.status()),
        "SubnetId" => s(n.subnet_id()),
        "VpcId" => s(n.vpc_id()),
        "MacAddress" => s(n.mac_address()),
        "PrivateIpAddress" => s(n.private_ip_address()),
        "PrivateDnsName" => s(n.private_dns_name()),
        "SourceDestCheck" => v(n.source_dest_check()),
        "Groups" => group_list(n.groups()),
        "Association" => n.association().map(association).unwrap_or(Value::Null),
        "Attachment" => n.attachment().map(|a| obj! {
            "AttachmentId" => s(a.attachment_id()),
            "AttachTime" => t(a.attach_time()),
            "DeleteOnTermination" => v(a.delete_on_termination()),
            "DeviceIndex" => v(a.device_index()),
            "NetworkCardIndex" => v(a.network_card_index()),
            "Status" => s(a.status()),
        }).unwrap_or(Value::Null),
        "PrivateIpAddresses" => list(n.private_ip_addresses(), |p| obj! {
            "PrivateIpAddress" => s(p.private_ip_address()),
            "PrivateDnsName" => s(p.private_dns_name()),
            "Primary" => v(p.primary()),
            "Association" => p.association().map(association).unwrap_or(Value::Null),
        }),
        "Ipv6Addresses" => list(n.ipv6_addresses(), |a| obj! { "Ipv6Address" => s(a.ipv6_address()), "IsPrimaryIpv6" => v(a.is_primary_ipv6()) }),
        "Ipv4Prefixes" => list(n.ipv4_prefixes(), |p| obj! { "Ipv4Prefix" => s(p.ipv4_prefix()) }),
        "Ipv6Prefixes" => list(n.ipv6_prefixes(), |p| obj! { "Ipv6Prefix" => s(p.ipv6_prefix()) }),
    }
}

fn relationships(r: &mut Resource, i: &Instance) {
    if let Some(subnet) = some_id(i.subnet_id()) {
        r.relationships.push(Relationship::new("in_subnet", "AWS::EC2::Subnet", subnet));
    }
    if let Some(vpc) = some_id(i.vpc_id()) {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    // Traffic reaches the instance through every interface, each with its own groups; the
    // instance-level list only mirrors the primary one.
    let groups = i.security_groups().iter().chain(i.network_interfaces().iter().flat_map(|n| n.groups()));
    for group in groups.filter_map(|g| some_id(g.group_id())) {
        r.relationships.push(Relationship::new("uses_security_group", "AWS::EC2::SecurityGroup", group));
    }
    for eni in i.network_interfaces().iter().filter_map(|n| some_id(n.network_interface_id())) {
        r.relationships.push(Relationship::new("has_network_interface", "AWS::EC2::NetworkInterface", eni));
    }
    for volume in i.block_device_mappings().iter().filter_map(|b| b.ebs().and_then(|e| some_id(e.volume_id()))) {
        r.relationships.push(Relationship::new("attached_to", "AWS::EC2::Volume", volume));
    }
    if let Some(profile) = i.iam_instance_profile().and_then(|p| p.arn()).and_then(iam_name) {
        r.relationships.push(Relationship::new("uses_instance_profile", "AWS::IAM::InstanceProfile", profile));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_data_is_fingerprinted_never_kept() {
        // "#!/bin/bash\necho hi\n"
        let fp = user_data_fingerprint(Some("IyEvYmluL2Jhc2gKZWNobyBoaQo=")).unwrap();
        assert_eq!(fp["Present"], json!(true));
        assert_eq!(fp["Length"], json!(20));
        assert_eq!(fp["Sha256"], json!("e8fc5c680bb3d5d8960346207d709feee1d93251aff7795f27c18a40373d7f18"));
        assert!(!fp.to_string().contains("echo"));
        assert_eq!(user_data_fingerprint(None).unwrap(), json!({"Present": false, "Length": 0, "Sha256": null}));
        assert_eq!(user_data_fingerprint(Some("")).unwrap()["Present"], json!(false));
        assert!(user_data_fingerprint(Some("not base64!")).unwrap_err().starts_with("user data is not base64"));
    }
}
