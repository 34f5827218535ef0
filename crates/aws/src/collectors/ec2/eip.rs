//! `AWS::EC2::EIP`: each Elastic IP address with its allocation, the instance or network
//! interface it is associated with, and the private address it maps to.
//!
//! The resource id is the allocation id (`eipalloc-…`), which AWS Config also uses; the
//! public IP is kept in the configuration. DescribeAddresses has no pagination: one call
//! answers every address of the region.

use aws_sdk_ec2::types::Address;

use super::{ec2_tags, name_tag, some_id};
use crate::collectors::prelude::*;

/// The Elastic IP collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::EIP",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeAddresses"],
    refresh_events: &[
        "AllocateAddress",
        "AssociateAddress",
        "CreateTags",
        "DeleteTags",
        "DisassociateAddress",
        "ReleaseAddress",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let out = ctx
        .ec2(&scope.region)
        .describe_addresses()
        .send()
        .await
        .map_err(api_err!("ec2", "DescribeAddresses", &scope.region))?;
    Ok(out.addresses().iter().map(|a| resource(ctx, scope, a)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, a: &Address) -> Resource {
    // Addresses of EC2-Classic had no allocation id; the public IP was their identity.
    let id = some_id(a.allocation_id()).or(a.public_ip()).unwrap_or_default();
    let configuration = obj! {
        "AllocationId" => s(a.allocation_id()),
        "PublicIp" => s(a.public_ip()),
        "Domain" => s(a.domain()),
        "AssociationId" => s(some_id(a.association_id())),
        "InstanceId" => s(some_id(a.instance_id())),
        "NetworkInterfaceId" => s(some_id(a.network_interface_id())),
        "NetworkInterfaceOwnerId" => s(some_id(a.network_interface_owner_id())),
        "PrivateIpAddress" => s(some_id(a.private_ip_address())),
        "PublicIpv4Pool" => s(a.public_ipv4_pool()),
        "NetworkBorderGroup" => s(a.network_border_group()),
        "CustomerOwnedIp" => s(a.customer_owned_ip()),
        "CarrierIp" => s(a.carrier_ip()),
        "ServiceManaged" => s(a.service_managed()),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("elastic-ip/{id}")));
    r.tags = ec2_tags(a.tags());
    r.name = name_tag(&r.tags);
    if let Some(instance) = some_id(a.instance_id()) {
        r.relationships.push(Relationship::new("attached_to", "AWS::EC2::Instance", instance));
    }
    if let Some(eni) = some_id(a.network_interface_id()) {
        r.relationships.push(Relationship::new("attached_to", "AWS::EC2::NetworkInterface", eni));
    }
    r.seal()
}
