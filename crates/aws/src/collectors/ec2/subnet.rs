//! `AWS::EC2::Subnet`: availability zone, IPv4 and IPv6 CIDRs, public-IP and IPv6
//! assignment on launch, and the route table that routes it.
//!
//! A subnet without an explicit route table association uses its VPC's main route table
//! (<https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTableDetails>), so
//! `supplementary.RouteTableAssociation` names the table that really applies, with `Main`
//! telling whether it comes from that fallback; the `associated_with` edge follows it.
//! `AvailableIpAddressCount` is volatile: it moves with every interface created or deleted.

use std::collections::HashMap;

use aws_sdk_ec2::types::{RouteTable, Subnet};

use super::{ec2_tags, name_tag, some_id};
use crate::collectors::prelude::*;

/// The subnet collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::Subnet",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeRouteTables", "ec2:DescribeSubnets"],
    refresh_events: &[
        "AssociateRouteTable",
        "AssociateSubnetCidrBlock",
        "CreateDefaultSubnet",
        "CreateSubnet",
        "CreateTags",
        "DeleteRouteTable",
        "DeleteSubnet",
        "DeleteTags",
        "DisassociateRouteTable",
        "DisassociateSubnetCidrBlock",
        "ModifySubnetAttribute",
        "ReplaceRouteTableAssociation",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

/// Which route table applies to a subnet: explicit associations by subnet, main tables by VPC.
#[derive(Default)]
struct RouteTableIndex {
    explicit: HashMap<String, (String, Option<String>)>,
    main: HashMap<String, (String, Option<String>)>,
}

impl RouteTableIndex {
    fn new(tables: &[RouteTable]) -> Self {
        let mut index = Self::default();
        for table in tables {
            let Some(table_id) = some_id(table.route_table_id()) else { continue };
            for a in table.associations() {
                let entry = (table_id.to_owned(), a.route_table_association_id().map(str::to_owned));
                if a.main() == Some(true) {
                    if let Some(vpc) = some_id(table.vpc_id()) {
                        index.main.insert(vpc.to_owned(), entry);
                    }
                } else if let Some(subnet) = some_id(a.subnet_id()) {
                    index.explicit.insert(subnet.to_owned(), entry);
                }
            }
        }
        index
    }

    fn association(&self, subnet: &str, vpc: Option<&str>) -> Option<Value> {
        let (main, (table, association)) = match self.explicit.get(subnet) {
            Some(found) => (false, found),
            None => (true, self.main.get(vpc?)?),
        };
        Some(obj! { "RouteTableId" => v(table), "RouteTableAssociationId" => v(association), "Main" => v(main) })
    }
}

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let client = ctx.ec2(&scope.region);
    let subnets = client
        .describe_subnets()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeSubnets", &scope.region))?;
    let tables = client
        .describe_route_tables()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeRouteTables", &scope.region))
        .map(|tables| RouteTableIndex::new(&tables));
    Ok(subnets.iter().map(|s| resource(ctx, scope, s, tables.as_ref())).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, subnet: &Subnet, tables: Result<&RouteTableIndex, &ApiError>) -> Resource {
    let id = subnet.subnet_id().unwrap_or_default();
    let configuration = obj! {
        "SubnetId" => s(subnet.subnet_id()),
        "SubnetArn" => s(subnet.subnet_arn()),
        "VpcId" => s(subnet.vpc_id()),
        "OwnerId" => s(subnet.owner_id()),
        "State" => s(subnet.state()),
        "AvailabilityZone" => s(subnet.availability_zone()),
        "AvailabilityZoneId" => s(subnet.availability_zone_id()),
        "CidrBlock" => s(subnet.cidr_block()),
        "Ipv6CidrBlockAssociationSet" => list(subnet.ipv6_cidr_block_association_set(), |a| obj! {
            "AssociationId" => s(a.association_id()),
            "Ipv6CidrBlock" => s(a.ipv6_cidr_block()),
            "Ipv6CidrBlockState" => a.ipv6_cidr_block_state().map(|st| obj! { "State" => s(st.state()) }).unwrap_or(Value::Null),
        }),
        "Ipv6Native" => v(subnet.ipv6_native()),
        "AvailableIpAddressCount" => v(subnet.available_ip_address_count()),
        "DefaultForAz" => v(subnet.default_for_az()),
        "MapPublicIpOnLaunch" => v(subnet.map_public_ip_on_launch()),
        "MapCustomerOwnedIpOnLaunch" => v(subnet.map_customer_owned_ip_on_launch()),
        "AssignIpv6AddressOnCreation" => v(subnet.assign_ipv6_address_on_creation()),
        "EnableDns64" => v(subnet.enable_dns64()),
        "OutpostArn" => s(subnet.outpost_arn()),
        "PrivateDnsNameOptionsOnLaunch" => subnet.private_dns_name_options_on_launch().map(|p| obj! {
            "HostnameType" => s(p.hostname_type()),
            "EnableResourceNameDnsARecord" => v(p.enable_resource_name_dns_a_record()),
            "EnableResourceNameDnsAAAARecord" => v(p.enable_resource_name_dns_aaaa_record()),
        }).unwrap_or(Value::Null),
        "BlockPublicAccessStates" => subnet.block_public_access_states().map(|b| obj! {
            "InternetGatewayBlockMode" => s(b.internet_gateway_block_mode()),
        }).unwrap_or(Value::Null),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(subnet.subnet_arn().map(str::to_owned).unwrap_or_else(|| ctx.arn("ec2", &scope.region, &format!("subnet/{id}"))));
    r.tags = ec2_tags(subnet.tags());
    r.name = name_tag(&r.tags);
    r.volatile.push("configuration.AvailableIpAddressCount".into());
    if let Some(vpc) = some_id(subnet.vpc_id()) {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    let association = tables.map(|t| t.association(id, subnet.vpc_id())).map_err(Clone::clone);
    if let Ok(Some(table)) = association.as_ref().map(|a| a.as_ref().and_then(|a| a["RouteTableId"].as_str())) {
        r.relationships.push(Relationship::new("associated_with", "AWS::EC2::RouteTable", table));
    }
    supplement(&mut r, "RouteTableAssociation", association);
    r.seal()
}
