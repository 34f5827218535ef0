//! `AWS::EC2::RouteTable`: routes with their targets, associations (the main one included)
//! and propagating virtual private gateways.
//!
//! Each route target becomes a `routes_to` edge to its CloudFormation type (internet, NAT,
//! egress-only, transit and VPN gateways, peering connections, gateway endpoints, instances,
//! interfaces); the `local` target is the VPC itself and gives none. `associated_with` edges
//! go to explicitly associated subnets and gateways (edge association); the subnets that fall
//! back to a main table carry that edge themselves (see the subnet collector).

use aws_sdk_ec2::types::{Route, RouteTable};

use super::{ec2_tags, name_tag, some_id};
use crate::collectors::prelude::*;

/// The route table collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::RouteTable",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeRouteTables"],
    refresh_events: &[
        "AssociateRouteTable",
        "CreateRoute",
        "CreateRouteTable",
        "CreateTags",
        "DeleteRoute",
        "DeleteRouteTable",
        "DeleteTags",
        "DisableVgwRoutePropagation",
        "DisassociateRouteTable",
        "EnableVgwRoutePropagation",
        "ReplaceRoute",
        "ReplaceRouteTableAssociation",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let tables = ctx
        .ec2(&scope.region)
        .describe_route_tables()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeRouteTables", &scope.region))?;
    Ok(tables.iter().map(|t| resource(ctx, scope, t)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, table: &RouteTable) -> Resource {
    let id = table.route_table_id().unwrap_or_default();
    let configuration = obj! {
        "RouteTableId" => s(table.route_table_id()),
        "VpcId" => s(table.vpc_id()),
        "OwnerId" => s(table.owner_id()),
        "Routes" => list(table.routes(), route),
        "Associations" => list(table.associations(), |a| obj! {
            "RouteTableAssociationId" => s(a.route_table_association_id()),
            "RouteTableId" => s(a.route_table_id()),
            "Main" => v(a.main()),
            "SubnetId" => s(a.subnet_id()),
            "GatewayId" => s(a.gateway_id()),
            "PublicIpv4Pool" => s(a.public_ipv4_pool()),
            "AssociationState" => a.association_state().map(|st| obj! { "State" => s(st.state()), "StatusMessage" => s(st.status_message()) }).unwrap_or(Value::Null),
        }),
        "PropagatingVgws" => list(table.propagating_vgws(), |p| obj! { "GatewayId" => s(p.gateway_id()) }),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("route-table/{id}")));
    r.tags = ec2_tags(table.tags());
    r.name = name_tag(&r.tags);
    if let Some(vpc) = some_id(table.vpc_id()) {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    for (target_type, target) in table.routes().iter().flat_map(route_targets) {
        r.relationships.push(Relationship::new("routes_to", target_type, target));
    }
    for a in table.associations() {
        if let Some(subnet) = some_id(a.subnet_id()) {
            r.relationships.push(Relationship::new("associated_with", "AWS::EC2::Subnet", subnet));
        }
        if let Some((target_type, gateway)) = some_id(a.gateway_id()).and_then(gateway_type) {
            r.relationships.push(Relationship::new("associated_with", target_type, gateway));
        }
    }
    r.seal()
}

fn route(route: &Route) -> Value {
    obj! {
        "DestinationCidrBlock" => s(route.destination_cidr_block()),
        "DestinationIpv6CidrBlock" => s(route.destination_ipv6_cidr_block()),
        "DestinationPrefixListId" => s(route.destination_prefix_list_id()),
        "GatewayId" => s(route.gateway_id()),
        "NatGatewayId" => s(route.nat_gateway_id()),
        "EgressOnlyInternetGatewayId" => s(route.egress_only_internet_gateway_id()),
        "TransitGatewayId" => s(route.transit_gateway_id()),
        "VpcPeeringConnectionId" => s(route.vpc_peering_connection_id()),
        "LocalGatewayId" => s(route.local_gateway_id()),
        "CarrierGatewayId" => s(route.carrier_gateway_id()),
        "CoreNetworkArn" => s(route.core_network_arn()),
        "InstanceId" => s(route.instance_id()),
        "InstanceOwnerId" => s(route.instance_owner_id()),
        "NetworkInterfaceId" => s(route.network_interface_id()),
        "Origin" => s(route.origin()),
        "State" => s(route.state()),
    }
}

/// The CloudFormation type of what `GatewayId` names, by its id prefix: the field holds
/// internet gateways, virtual private gateways, gateway VPC endpoints, or `local`.
fn gateway_type(id: &str) -> Option<(&'static str, &str)> {
    let target_type = match id.split_once('-').map(|(prefix, _)| prefix) {
        Some("igw") => "AWS::EC2::InternetGateway",
        Some("vgw") => "AWS::EC2::VPNGateway",
        Some("vpce") => "AWS::EC2::VPCEndpoint",
        _ => return None,
    };
    Some((target_type, id))
}

/// Every target of a route that is a resource of its own.
fn route_targets(route: &Route) -> Vec<(&'static str, &str)> {
    let typed = [
        (route.nat_gateway_id(), "AWS::EC2::NatGateway"),
        (route.egress_only_internet_gateway_id(), "AWS::EC2::EgressOnlyInternetGateway"),
        (route.transit_gateway_id(), "AWS::EC2::TransitGateway"),
        (route.vpc_peering_connection_id(), "AWS::EC2::VPCPeeringConnection"),
        (route.carrier_gateway_id(), "AWS::EC2::CarrierGateway"),
        (route.instance_id(), "AWS::EC2::Instance"),
        (route.network_interface_id(), "AWS::EC2::NetworkInterface"),
    ];
    let mut targets: Vec<(&'static str, &str)> =
        typed.into_iter().filter_map(|(id, target_type)| some_id(id).map(|id| (target_type, id))).collect();
    targets.extend(some_id(route.gateway_id()).and_then(gateway_type));
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_ids_map_to_types_and_local_to_nothing() {
        assert_eq!(gateway_type("igw-1"), Some(("AWS::EC2::InternetGateway", "igw-1")));
        assert_eq!(gateway_type("vgw-1"), Some(("AWS::EC2::VPNGateway", "vgw-1")));
        assert_eq!(gateway_type("vpce-1"), Some(("AWS::EC2::VPCEndpoint", "vpce-1")));
        assert_eq!(gateway_type("local"), None);
    }

    #[test]
    fn a_route_through_an_instance_names_instance_and_interface() {
        let r = Route::builder().instance_id("i-1").network_interface_id("eni-1").gateway_id("local").build();
        assert_eq!(route_targets(&r), vec![("AWS::EC2::Instance", "i-1"), ("AWS::EC2::NetworkInterface", "eni-1")]);
    }
}
