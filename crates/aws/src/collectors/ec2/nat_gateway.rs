//! `AWS::EC2::NatGateway`: subnet, VPC, connectivity type, state, and its public and
//! private addresses with their Elastic IP allocations and interfaces.
//!
//! A deleted NAT gateway stays visible to DescribeNatGateways for about an hour in state
//! `deleted` (<https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html>);
//! it is no longer a resource, so it is left out and the scope's commit marks it deleted.

use aws_sdk_ec2::types::{NatGateway, NatGatewayState};

use super::{ec2_tags, name_tag, some_id};
use crate::collectors::prelude::*;

/// The NAT gateway collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::NatGateway",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeNatGateways"],
    refresh_events: &[
        "AssignPrivateNatGatewayAddress",
        "AssociateNatGatewayAddress",
        "CreateNatGateway",
        "CreateTags",
        "DeleteNatGateway",
        "DeleteTags",
        "DisassociateNatGatewayAddress",
        "UnassignPrivateNatGatewayAddress",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let gateways = ctx
        .ec2(&scope.region)
        .describe_nat_gateways()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeNatGateways", &scope.region))?;
    Ok(gateways.iter().filter(|g| g.state() != Some(&NatGatewayState::Deleted)).map(|g| resource(ctx, scope, g)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, g: &NatGateway) -> Resource {
    let id = g.nat_gateway_id().unwrap_or_default();
    let configuration = obj! {
        "NatGatewayId" => s(g.nat_gateway_id()),
        "SubnetId" => s(g.subnet_id()),
        "VpcId" => s(g.vpc_id()),
        "State" => s(g.state()),
        "ConnectivityType" => s(g.connectivity_type()),
        "AvailabilityMode" => s(g.availability_mode()),
        "CreateTime" => t(g.create_time()),
        "FailureCode" => s(g.failure_code()),
        "FailureMessage" => s(g.failure_message()),
        "NatGatewayAddresses" => list(g.nat_gateway_addresses(), |a| obj! {
            "AllocationId" => s(a.allocation_id()),
            "AssociationId" => s(a.association_id()),
            "NetworkInterfaceId" => s(a.network_interface_id()),
            "PrivateIp" => s(a.private_ip()),
            "PublicIp" => s(a.public_ip()),
            "IsPrimary" => v(a.is_primary()),
            "Status" => s(a.status()),
        }),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("natgateway/{id}")));
    r.tags = ec2_tags(g.tags());
    r.name = name_tag(&r.tags);
    if let Some(subnet) = some_id(g.subnet_id()) {
        r.relationships.push(Relationship::new("in_subnet", "AWS::EC2::Subnet", subnet));
    }
    if let Some(vpc) = some_id(g.vpc_id()) {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    for eni in g.nat_gateway_addresses().iter().filter_map(|a| some_id(a.network_interface_id())) {
        r.relationships.push(Relationship::new("has_network_interface", "AWS::EC2::NetworkInterface", eni));
    }
    r.seal()
}
