//! `AWS::EC2::InternetGateway`: the VPCs it is attached to, and their attachment state.

use aws_sdk_ec2::types::InternetGateway;

use super::{ec2_tags, name_tag, some_id};
use crate::collectors::prelude::*;

/// The internet gateway collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::InternetGateway",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:DescribeInternetGateways"],
    refresh_events: &[
        "AttachInternetGateway",
        "CreateInternetGateway",
        "CreateTags",
        "DeleteInternetGateway",
        "DeleteTags",
        "DetachInternetGateway",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let gateways = ctx
        .ec2(&scope.region)
        .describe_internet_gateways()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("ec2", "DescribeInternetGateways", &scope.region))?;
    Ok(gateways.iter().map(|g| resource(ctx, scope, g)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, g: &InternetGateway) -> Resource {
    let id = g.internet_gateway_id().unwrap_or_default();
    let configuration = obj! {
        "InternetGatewayId" => s(g.internet_gateway_id()),
        "OwnerId" => s(g.owner_id()),
        "Attachments" => list(g.attachments(), |a| obj! { "VpcId" => s(a.vpc_id()), "State" => s(a.state()) }),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = Some(ctx.arn("ec2", &scope.region, &format!("internet-gateway/{id}")));
    r.tags = ec2_tags(g.tags());
    r.name = name_tag(&r.tags);
    for vpc in g.attachments().iter().filter_map(|a| some_id(a.vpc_id())) {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    r.seal()
}
