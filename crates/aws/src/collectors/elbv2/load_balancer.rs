//! `AWS::ElasticLoadBalancingV2::LoadBalancer`: scheme (`internet-facing` or `internal`),
//! type, DNS name, VPC, subnets and Availability Zones, security groups, IP address type,
//! the attributes of DescribeLoadBalancerAttributes (deletion protection, access logs,
//! dropping invalid headers, desync mitigation, TLS headers …) and tags.

use aws_sdk_elasticloadbalancingv2::types::LoadBalancer;

use super::{apply_tags, tags_by_arn};
use crate::collectors::prelude::*;

/// The load balancer collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
    service: "elasticloadbalancingv2",
    global: false,
    iam_actions: &[
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTags",
    ],
    refresh_events: &[
        "AddTags",
        "CreateLoadBalancer",
        "DeleteLoadBalancer",
        "ModifyLoadBalancerAttributes",
        "RemoveTags",
        "SetIpAddressType",
        "SetSecurityGroups",
        "SetSubnets",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let client = ctx.elbv2(&scope.region);
    let balancers = list_all(ctx, &scope.region).await?;
    let arns: Vec<String> = balancers.iter().filter_map(|lb| lb.load_balancer_arn().map(str::to_owned)).collect();
    let tags = tags_by_arn(&client, &scope.region, &arns).await;
    let resources = ctx.fan_out(balancers, |lb| resource(ctx, scope, lb, &tags)).await;
    Ok(resources)
}

/// Every load balancer of the region; the listener collector lists them too.
pub(crate) async fn list_all(ctx: &ScanContext, region: &str) -> Result<Vec<LoadBalancer>, ApiError> {
    ctx
        .elbv2(region)
        .describe_load_balancers()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("elasticloadbalancingv2", "DescribeLoadBalancers", region))
}

async fn resource(
    ctx: &ScanContext,
    scope: &Scope,
    lb: LoadBalancer,
    tags: &BTreeMap<String, Result<BTreeMap<String, String>, ApiError>>,
) -> Resource {
    let arn = lb.load_balancer_arn().unwrap_or_default().to_owned();
    let configuration = obj! {
        "LoadBalancerArn" => s(lb.load_balancer_arn()),
        "LoadBalancerName" => s(lb.load_balancer_name()),
        "DNSName" => s(lb.dns_name()),
        "CanonicalHostedZoneId" => s(lb.canonical_hosted_zone_id()),
        "CreatedTime" => t(lb.created_time()),
        "Scheme" => s(lb.scheme()),
        "Type" => s(lb.r#type()),
        "VpcId" => s(lb.vpc_id()),
        "State" => lb.state().map(|st| obj! { "Code" => s(st.code()), "Reason" => s(st.reason()) }).unwrap_or(Value::Null),
        "AvailabilityZones" => list(lb.availability_zones(), |az| obj! {
            "ZoneName" => s(az.zone_name()),
            "SubnetId" => s(az.subnet_id()),
            "OutpostId" => s(az.outpost_id()),
            "LoadBalancerAddresses" => list(az.load_balancer_addresses(), |a| obj! {
                "IpAddress" => s(a.ip_address()),
                "AllocationId" => s(a.allocation_id()),
                "PrivateIPv4Address" => s(a.private_ipv4_address()),
                "IPv6Address" => s(a.ipv6_address()),
            }),
        }),
        "SecurityGroups" => v(lb.security_groups()),
        "IpAddressType" => s(lb.ip_address_type()),
        "CustomerOwnedIpv4Pool" => s(lb.customer_owned_ipv4_pool()),
        "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic" => s(lb.enforce_security_group_inbound_rules_on_private_link_traffic()),
    };
    let mut r = Resource::new(scope, arn.clone(), configuration, ctx.now());
    r.arn = Some(arn.clone());
    r.name = lb.load_balancer_name().map(str::to_owned);
    // `provisioning` turns `active` on its own minutes after creation.
    r.volatile = vec!["configuration.State".into()];
    if let Some(vpc) = lb.vpc_id() {
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
    }
    for subnet in lb.availability_zones().iter().filter_map(|az| az.subnet_id()) {
        r.relationships.push(Relationship::new("in_subnet", "AWS::EC2::Subnet", subnet));
    }
    for group in lb.security_groups() {
        r.relationships.push(Relationship::new("uses_security_group", "AWS::EC2::SecurityGroup", group));
    }
    let attributes = ctx
        .elbv2(&scope.region)
        .describe_load_balancer_attributes()
        .load_balancer_arn(&arn)
        .send()
        .await
        .map_err(api_err!("elasticloadbalancingv2", "DescribeLoadBalancerAttributes", &scope.region));
    supplement(
        &mut r,
        "LoadBalancerAttributes",
        attributes.map(|out| {
            let mut pairs: Vec<(&str, &str)> =
                out.attributes().iter().map(|a| (a.key().unwrap_or_default(), a.value().unwrap_or_default())).collect();
            pairs.sort_unstable();
            Some(Value::Array(pairs.into_iter().map(|(k, val)| obj! { "Key" => v(k), "Value" => v(val) }).collect()))
        }),
    );
    apply_tags(&mut r, tags.get(&arn));
    r.seal()
}
