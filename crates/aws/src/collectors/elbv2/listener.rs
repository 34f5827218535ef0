//! `AWS::ElasticLoadBalancingV2::Listener`: protocol and port, TLS policy, the default
//! certificate and every other certificate of the listener (DescribeListenerCertificates),
//! default actions (forward, redirect — an HTTP listener redirecting to HTTPS is the
//! compliant shape — fixed response, authenticate), mutual TLS, ALPN policy, and tags.
//!
//! Listeners are listed per load balancer. Failing to list one balancer's listeners fails
//! the scope: a partial list would make the unlisted listeners look deleted.

use aws_sdk_elasticloadbalancingv2::types::{Action, Listener, ProtocolEnum};

use super::load_balancer::list_all as list_load_balancers;
use super::{apply_tags, tags_by_arn};
use crate::collectors::prelude::*;

/// The listener collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::ElasticLoadBalancingV2::Listener",
    service: "elasticloadbalancingv2",
    global: false,
    iam_actions: &[
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTags",
    ],
    refresh_events: &[
        "AddListenerCertificates",
        "AddTags",
        "CreateListener",
        "DeleteListener",
        "DeleteLoadBalancer",
        "ModifyListener",
        "RemoveListenerCertificates",
        "RemoveTags",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let region = &scope.region;
    let client = ctx.elbv2(region);
    let balancers = list_load_balancers(ctx, region).await?;
    let arns: Vec<String> = balancers.iter().filter_map(|lb| lb.load_balancer_arn().map(str::to_owned)).collect();
    let per_balancer = ctx
        .fan_out(arns, |arn| {
            let client = client.clone();
            async move {
                client
                    .describe_listeners()
                    .load_balancer_arn(arn)
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect()
                    .await
                    .map_err(api_err!("elasticloadbalancingv2", "DescribeListeners", region))
            }
        })
        .await;
    let mut listeners = Vec::new();
    for result in per_balancer {
        match result {
            Ok(found) => listeners.extend(found),
            // Deleted since DescribeLoadBalancers: it has no listeners left to miss.
            Err(e) if e.code == "LoadBalancerNotFound" => {}
            Err(e) => return Err(e),
        }
    }
    let listener_arns: Vec<String> = listeners.iter().filter_map(|l| l.listener_arn().map(str::to_owned)).collect();
    let tags = tags_by_arn(&client, region, &listener_arns).await;
    Ok(ctx.fan_out(listeners, |l| resource(ctx, scope, l, &tags)).await)
}

async fn resource(
    ctx: &ScanContext,
    scope: &Scope,
    l: Listener,
    tags: &BTreeMap<String, Result<BTreeMap<String, String>, ApiError>>,
) -> Resource {
    let arn = l.listener_arn().unwrap_or_default().to_owned();
    let configuration = obj! {
        "ListenerArn" => s(l.listener_arn()),
        "LoadBalancerArn" => s(l.load_balancer_arn()),
        "Port" => v(l.port()),
        "Protocol" => s(l.protocol()),
        "SslPolicy" => s(l.ssl_policy()),
        "Certificates" => list(l.certificates(), |c| obj! { "CertificateArn" => s(c.certificate_arn()), "IsDefault" => v(c.is_default()) }),
        "DefaultActions" => list(l.default_actions(), action),
        "AlpnPolicy" => v(l.alpn_policy()),
        "MutualAuthentication" => l.mutual_authentication().map(|m| obj! {
            "Mode" => s(m.mode()),
            "TrustStoreArn" => s(m.trust_store_arn()),
            "IgnoreClientCertificateExpiry" => v(m.ignore_client_certificate_expiry()),
            "TrustStoreAssociationStatus" => s(m.trust_store_association_status()),
            "AdvertiseTrustStoreCaNames" => s(m.advertise_trust_store_ca_names()),
        }).unwrap_or(Value::Null),
    };
    let mut r = Resource::new(scope, arn.clone(), configuration, ctx.now());
    r.arn = Some(arn.clone());
    r.name = Some(match (l.protocol(), l.port()) {
        (Some(p), Some(port)) => format!("{}:{port}", p.as_str()),
        _ => arn.rsplit('/').next().unwrap_or_default().to_owned(),
    });
    if let Some(lb) = l.load_balancer_arn() {
        r.relationships.push(Relationship::new("of_load_balancer", "AWS::ElasticLoadBalancingV2::LoadBalancer", lb));
    }
    // Only TLS listeners hold certificates; for the others the part does not exist.
    let certificates = if matches!(l.protocol(), Some(ProtocolEnum::Https | ProtocolEnum::Tls)) {
        ctx.elbv2(&scope.region)
            .describe_listener_certificates()
            .listener_arn(&arn)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(api_err!("elasticloadbalancingv2", "DescribeListenerCertificates", &scope.region))
            .map(|certs| {
                let mut certs: Vec<Value> = certs
                    .iter()
                    .map(|c| obj! { "CertificateArn" => s(c.certificate_arn()), "IsDefault" => v(c.is_default()) })
                    .collect();
                certs.sort_by_key(|c| c["CertificateArn"].as_str().map(str::to_owned));
                Some(Value::Array(certs))
            })
    } else {
        Ok(None)
    };
    supplement(&mut r, "ListenerCertificates", certificates);
    apply_tags(&mut r, tags.get(&arn));
    r.seal()
}

fn action(a: &Action) -> Value {
    obj! {
        "Type" => s(a.r#type()),
        "Order" => v(a.order()),
        "TargetGroupArn" => s(a.target_group_arn()),
        "ForwardConfig" => a.forward_config().map(|f| obj! {
            "TargetGroups" => list(f.target_groups(), |tg| obj! { "TargetGroupArn" => s(tg.target_group_arn()), "Weight" => v(tg.weight()) }),
            "TargetGroupStickinessConfig" => f.target_group_stickiness_config().map(|st| obj! {
                "Enabled" => v(st.enabled()),
                "DurationSeconds" => v(st.duration_seconds()),
            }).unwrap_or(Value::Null),
        }).unwrap_or(Value::Null),
        "RedirectConfig" => a.redirect_config().map(|rc| obj! {
            "Protocol" => s(rc.protocol()),
            "Port" => s(rc.port()),
            "Host" => s(rc.host()),
            "Path" => s(rc.path()),
            "Query" => s(rc.query()),
            "StatusCode" => s(rc.status_code()),
        }).unwrap_or(Value::Null),
        "FixedResponseConfig" => a.fixed_response_config().map(|f| obj! {
            "StatusCode" => s(f.status_code()),
            "ContentType" => s(f.content_type()),
            "MessageBody" => s(f.message_body()),
        }).unwrap_or(Value::Null),
        // The OIDC client secret is never returned by DescribeListeners, and never kept.
        "AuthenticateOidcConfig" => a.authenticate_oidc_config().map(|o| obj! {
            "Issuer" => s(o.issuer()),
            "AuthorizationEndpoint" => s(o.authorization_endpoint()),
            "TokenEndpoint" => s(o.token_endpoint()),
            "UserInfoEndpoint" => s(o.user_info_endpoint()),
            "ClientId" => s(o.client_id()),
            "Scope" => s(o.scope()),
            "SessionTimeout" => v(o.session_timeout()),
            "OnUnauthenticatedRequest" => s(o.on_unauthenticated_request()),
        }).unwrap_or(Value::Null),
        "AuthenticateCognitoConfig" => a.authenticate_cognito_config().map(|c| obj! {
            "UserPoolArn" => s(c.user_pool_arn()),
            "UserPoolClientId" => s(c.user_pool_client_id()),
            "UserPoolDomain" => s(c.user_pool_domain()),
            "Scope" => s(c.scope()),
            "SessionTimeout" => v(c.session_timeout()),
            "OnUnauthenticatedRequest" => s(c.on_unauthenticated_request()),
        }).unwrap_or(Value::Null),
    }
}
