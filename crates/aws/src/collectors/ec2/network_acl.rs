//! `AWS::EC2::NetworkAcl`: ingress and egress entries (rule number, protocol, IPv4 or IPv6
//! CIDR, port range, ICMP type, action), subnet associations, and the default flag.

use aws_sdk_ec2::types::NetworkAcl;

use super::{ec2_tags, name_tag, some_id};
use crate::collectors::prelude::*;

/// The network ACL collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::NetworkAcl",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeNetworkAcls"],
    refresh_events: &[
        "CreateNetworkAcl",
        "CreateNetworkAclEntry",
        "CreateTags",
        "DeleteNetworkAcl",
        "DeleteNetworkAclEntry",
        "DeleteTags",
        "ReplaceNetworkAclAssociation",
        "ReplaceNetworkAclEntry",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let acls = ctx
        .ec2(&scope.region)
        .describe_network_acls()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeNetworkAcls", &scope.region))?;
    Ok(acls.iter().map(|a| resource(ctx, scope, a)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, acl: &NetworkAcl) -> Resource {
    let id = acl.network_acl_id().unwrap_or_default();
    let configuration = obj! {
        "NetworkAclId" => s(acl.network_acl_id()),
        "VpcId" => s(acl.vpc_id()),
        "OwnerId" => s(acl.owner_id()),
        "IsDefault" => v(acl.is_default()),
        "Entries" => list(acl.entries(), |e| obj! {
            "RuleNumber" => v(e.rule_number()),
            "Egress" => v(e.egress()),
            "Protocol" => s(e.protocol()),
            "RuleAction" => s(e.rule_action()),
            "CidrBlock" => s(e.cidr_block()),
            "Ipv6CidrBlock" => s(e.ipv6_cidr_block()),
            "PortRange" => e.port_range().map(|p| obj! { "From" => v(p.from()), "To" => v(p.to()) }).unwrap_or(Value::Null),
            "IcmpTypeCode" => e.icmp_type_code().map(|i| obj! { "Type" => v(i.r#type()), "Code" => v(i.code()) }).unwrap_or(Value::Null),
        }),
        "Associations" => list(acl.associations(), |a| obj! {
            "NetworkAclAssociationId" => s(a.network_acl_association_id()),
            "NetworkAclId" => s(a.network_acl_id()),
            "SubnetId" => s(a.subnet_id()),
        }),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("network-acl/{id}")));
    r.tags = ec2_tags(acl.tags());
    r.name = name_tag(&r.tags);
    if let Some(vpc) = some_id(acl.vpc_id()) {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    for subnet in acl.associations().iter().filter_map(|a| some_id(a.subnet_id())) {
        r.relationships.push(Relationship::new("associated_with", "AWS::EC2::Subnet", subnet));
    }
    r.seal()
}
