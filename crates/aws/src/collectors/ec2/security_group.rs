//! `AWS::EC2::SecurityGroup`: ingress and egress rules, IPv4 and IPv6, and the groups
//! they reference.

use aws_sdk_ec2::types::{IpPermission, SecurityGroup};

use super::{ec2_tags, name_tag};
use crate::collectors::prelude::*;

/// The security group collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::SecurityGroup",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeSecurityGroups"],
    refresh_events: &[
        "AuthorizeSecurityGroupEgress",
        "AuthorizeSecurityGroupIngress",
        "CreateSecurityGroup",
        "CreateTags",
        "DeleteSecurityGroup",
        "DeleteTags",
        "ModifySecurityGroupRules",
        "RevokeSecurityGroupEgress",
        "RevokeSecurityGroupIngress",
        "UpdateSecurityGroupRuleDescriptionsEgress",
        "UpdateSecurityGroupRuleDescriptionsIngress",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let groups = ctx
        .ec2(&scope.region)
        .describe_security_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeSecurityGroups", &scope.region))?;
    Ok(groups.iter().map(|g| resource(ctx, scope, g)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, g: &SecurityGroup) -> Resource {
    let id = g.group_id().unwrap_or_default();
    let configuration = obj! {
        "GroupId" => s(g.group_id()),
        "GroupName" => s(g.group_name()),
        "Description" => s(g.description()),
        "OwnerId" => s(g.owner_id()),
        "VpcId" => s(g.vpc_id()),
        "IpPermissions" => list(g.ip_permissions(), permission),
        "IpPermissionsEgress" => list(g.ip_permissions_egress(), permission),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("security-group/{id}")));
    r.tags = ec2_tags(g.tags());
    r.name = g.group_name().map(str::to_owned).or_else(|| name_tag(&r.tags));
    if let Some(vpc) = g.vpc_id() {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    for p in g.ip_permissions().iter().chain(g.ip_permissions_egress()) {
        for pair in p.user_id_group_pairs() {
            // A rule naming a group of another account is still an edge worth keeping;
            // the target may simply be outside this inventory.
            if let Some(other) = pair.group_id() {
                if other != id {
                    r.relationships.push(Relationship::new("allows_traffic_with", "AWS::EC2::SecurityGroup", other));
                }
            }
        }
    }
    r.seal()
}

fn permission(p: &IpPermission) -> Value {
    obj! {
        "IpProtocol" => s(p.ip_protocol()),
        "FromPort" => v(p.from_port()),
        "ToPort" => v(p.to_port()),
        "IpRanges" => list(p.ip_ranges(), |r| obj! { "CidrIp" => s(r.cidr_ip()), "Description" => s(r.description()) }),
        "Ipv6Ranges" => list(p.ipv6_ranges(), |r| obj! { "CidrIpv6" => s(r.cidr_ipv6()), "Description" => s(r.description()) }),
        "PrefixListIds" => list(p.prefix_list_ids(), |r| obj! { "PrefixListId" => s(r.prefix_list_id()), "Description" => s(r.description()) }),
        "UserIdGroupPairs" => list(p.user_id_group_pairs(), |u| obj! {
            "GroupId" => s(u.group_id()),
            "GroupName" => s(u.group_name()),
            "UserId" => s(u.user_id()),
            "VpcId" => s(u.vpc_id()),
            "VpcPeeringConnectionId" => s(u.vpc_peering_connection_id()),
            "PeeringStatus" => s(u.peering_status()),
            "Description" => s(u.description()),
        }),
    }
}
