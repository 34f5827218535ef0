//! `AWS::RDS::DBSubnetGroup`: the VPC and subnets a DB instance may be placed in, with
//! tags. A subnet group whose subnets route to an internet gateway is what makes a
//! `PubliclyAccessible` instance reachable.

use aws_sdk_rds::types::DbSubnetGroup;

use super::db_instance::subnet_group;
use super::rds_tags;
use crate::collectors::prelude::*;

/// The DB subnet group collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::RDS::DBSubnetGroup",
    service: "rds",
    global: false,
    iam_actions: &["rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"],
    refresh_events: &[
        "AddTagsToResource",
        "CreateDBSubnetGroup",
        "DeleteDBSubnetGroup",
        "ModifyDBSubnetGroup",
        "RemoveTagsFromResource",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let groups = ctx
        .rds(&scope.region)
        .describe_db_subnet_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("rds", "DescribeDBSubnetGroups", &scope.region))?;
    Ok(ctx.fan_out(groups, |g| resource(ctx, scope, g)).await)
}

async fn resource(ctx: &ScanContext, scope: &Scope, g: DbSubnetGroup) -> Resource {
    let name = g.db_subnet_group_name().unwrap_or_default();
    let mut r = Resource::new(scope, name, subnet_group(&g), ctx.now());
    r.arn = g.db_subnet_group_arn().map(str::to_owned);
    r.name = Some(name.to_owned());
    if let Some(vpc) = g.vpc_id() {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    for subnet in g.subnets().iter().filter_map(|sn| sn.subnet_identifier()) {
        r.relationships.push(Relationship::new("in_subnet", "AWS::EC2::Subnet", subnet));
    }
    // DescribeDBSubnetGroups carries no tags, unlike DescribeDBInstances.
    if let Some(arn) = g.db_subnet_group_arn() {
        let out = ctx
            .rds(&scope.region)
            .list_tags_for_resource()
            .resource_name(arn)
            .send()
            .await
            .map_err(api_err!("rds", "ListTagsForResource", &scope.region));
        match out {
            Ok(out) => r.tags = rds_tags(out.tag_list()),
            Err(e) => {
                r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
            }
        }
    }
    r.seal()
}
