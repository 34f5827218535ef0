//! `AWS::EC2::VPC`: CIDR blocks (IPv4 and IPv6), default flag, tenancy.

use aws_sdk_ec2::types::Vpc;

use super::{ec2_tags, name_tag};
use crate::collectors::prelude::*;

/// The VPC collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::VPC",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeVpcs"],
    refresh_events: &[
        "AssociateVpcCidrBlock",
        "CreateDefaultVpc",
        "CreateTags",
        "CreateVpc",
        "DeleteTags",
        "DeleteVpc",
        "DisassociateVpcCidrBlock",
        "ModifyVpcAttribute",
        "ModifyVpcTenancy",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let vpcs = ctx
        .ec2(&scope.region)
        .describe_vpcs()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeVpcs", &scope.region))?;
    Ok(vpcs.iter().map(|v| resource(ctx, scope, v)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, vpc: &Vpc) -> Resource {
    let id = vpc.vpc_id().unwrap_or_default();
    let configuration = obj! {
        "VpcId" => s(vpc.vpc_id()),
        "CidrBlock" => s(vpc.cidr_block()),
        "CidrBlockAssociationSet" => list(vpc.cidr_block_association_set(), |a| obj! {
            "AssociationId" => s(a.association_id()),
            "CidrBlock" => s(a.cidr_block()),
            "CidrBlockState" => s(a.cidr_block_state().and_then(|st| st.state())),
        }),
        "Ipv6CidrBlockAssociationSet" => list(vpc.ipv6_cidr_block_association_set(), |a| obj! {
            "AssociationId" => s(a.association_id()),
            "Ipv6CidrBlock" => s(a.ipv6_cidr_block()),
            "Ipv6CidrBlockState" => s(a.ipv6_cidr_block_state().and_then(|st| st.state())),
        }),
        "DhcpOptionsId" => s(vpc.dhcp_options_id()),
        "InstanceTenancy" => s(vpc.instance_tenancy()),
        "IsDefault" => v(vpc.is_default()),
        "OwnerId" => s(vpc.owner_id()),
        "State" => s(vpc.state()),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("vpc/{id}")));
    r.tags = ec2_tags(vpc.tags());
    r.name = name_tag(&r.tags);
    r.seal()
}
