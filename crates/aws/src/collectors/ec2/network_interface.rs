//! `AWS::EC2::NetworkInterface`: security groups, subnet and VPC, private and public
//! addresses (with the Elastic IP association), the attachment to an instance, the
//! interface type, and whether a service manages it (`RequesterManaged`: Lambda, ELB, RDS…).

use aws_sdk_ec2::types::{NetworkInterface, NetworkInterfaceAssociation};

use super::{ec2_tags, group_list, name_tag, some_id};
use crate::collectors::prelude::*;

/// The network interface collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::NetworkInterface",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeNetworkInterfaces"],
    refresh_events: &[
        "AssignIpv6Addresses",
        "AssignPrivateIpAddresses",
        "AssociateAddress",
        "AttachNetworkInterface",
        "CreateNetworkInterface",
        "CreateTags",
        "DeleteNetworkInterface",
        "DeleteTags",
        "DetachNetworkInterface",
        "DisassociateAddress",
        "ModifyNetworkInterfaceAttribute",
        "UnassignIpv6Addresses",
        "UnassignPrivateIpAddresses",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let interfaces = ctx
        .ec2(&scope.region)
        .describe_network_interfaces()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeNetworkInterfaces", &scope.region))?;
    Ok(interfaces.iter().map(|n| resource(ctx, scope, n)).collect())
}

fn association(a: &NetworkInterfaceAssociation) -> Value {
    obj! {
        "AllocationId" => s(a.allocation_id()),
        "AssociationId" => s(a.association_id()),
        "IpOwnerId" => s(a.ip_owner_id()),
        "PublicIp" => s(a.public_ip()),
        "PublicDnsName" => s(a.public_dns_name()),
        "CarrierIp" => s(a.carrier_ip()),
        "CustomerOwnedIp" => s(a.customer_owned_ip()),
    }
}

fn resource(ctx: &ScanContext, scope: &Scope, n: &NetworkInterface) -> Resource {
    let id = n.network_interface_id().unwrap_or_default();
    let configuration = obj! {
        "NetworkInterfaceId" => s(n.network_interface_id()),
        "InterfaceType" => s(n.interface_type()),
        "Description" => s(n.description()),
        "OwnerId" => s(n.owner_id()),
        "RequesterId" => s(n.requester_id()),
        "RequesterManaged" => v(n.requester_managed()),
        "Status" => s(n.status()),
        "AvailabilityZone" => s(n.availability_zone()),
        "SubnetId" => s(n.subnet_id()),
        "VpcId" => s(n.vpc_id()),
        "MacAddress" => s(n.mac_address()),
        "PrivateIpAddress" => s(n.private_ip_address()),
        "PrivateDnsName" => s(n.private_dns_name()),
        "PublicDnsName" => s(n.public_dns_name()),
        "SourceDestCheck" => v(n.source_dest_check()),
        "DenyAllIgwTraffic" => v(n.deny_all_igw_traffic()),
        "Ipv6Native" => v(n.ipv6_native()),
        "Ipv6Address" => s(n.ipv6_address()),
        "OutpostArn" => s(n.outpost_arn()),
        "Groups" => group_list(n.groups()),
        "Association" => n.association().map(association).unwrap_or(Value::Null),
        "Attachment" => n.attachment().map(|a| obj! {
            "AttachmentId" => s(a.attachment_id()),
            "AttachTime" => t(a.attach_time()),
            "DeleteOnTermination" => v(a.delete_on_termination()),
            "DeviceIndex" => v(a.device_index()),
            "NetworkCardIndex" => v(a.network_card_index()),
            "InstanceId" => s(a.instance_id()),
            "InstanceOwnerId" => s(a.instance_owner_id()),
            "Status" => s(a.status()),
        }).unwrap_or(Value::Null),
        "PrivateIpAddresses" => list(n.private_ip_addresses(), |p| obj! {
            "PrivateIpAddress" => s(p.private_ip_address()),
            "PrivateDnsName" => s(p.private_dns_name()),
            "Primary" => v(p.primary()),
            "Association" => p.association().map(association).unwrap_or(Value::Null),
        }),
        "Ipv6Addresses" => list(n.ipv6_addresses(), |a| obj! {
            "Ipv6Address" => s(a.ipv6_address()),
            "IsPrimaryIpv6" => v(a.is_primary_ipv6()),
            "PublicIpv6DnsName" => s(a.public_ipv6_dns_name()),
        }),
        "Ipv4Prefixes" => list(n.ipv4_prefixes(), |p| obj! { "Ipv4Prefix" => s(p.ipv4_prefix()) }),
        "Ipv6Prefixes" => list(n.ipv6_prefixes(), |p| obj! { "Ipv6Prefix" => s(p.ipv6_prefix()) }),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("network-interface/{id}")));
    r.tags = ec2_tags(n.tag_set());
    r.name = name_tag(&r.tags);
    for group in n.groups().iter().filter_map(|g| some_id(g.group_id())) {
        r.relationships.push(Relationship::new("uses_security_group", "AWS::EC2::SecurityGroup", group));
    }
    if let Some(subnet) = some_id(n.subnet_id()) {
        r.relationships.push(Relationship::new("in_subnet", "AWS::EC2::Subnet", subnet));
    }
    if let Some(vpc) = some_id(n.vpc_id()) {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    // Interfaces of Lambda functions, load balancers and endpoints have an attachment
    // without an instance; only instances are targets here.
    if let Some(instance) = n.attachment().and_then(|a| some_id(a.instance_id())) {
        r.relationships.push(Relationship::new("attached_to", "AWS::EC2::Instance", instance));
    }
    r.seal()
}
