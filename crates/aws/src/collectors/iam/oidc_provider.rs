//! `AWS::IAM::OIDCProvider`: each OpenID Connect identity provider with its URL, client
//! ids (audiences), server certificate thumbprints and tags. Keyed by ARN; named by URL.
//! Which repositories or workloads may assume a role through it is in that role's trust
//! policy.

use aws_sdk_iam::types::OpenIdConnectProviderListEntry;
use aws_sdk_iam::Client;

use super::{arn_name, iam_tags, not_assessed};
use crate::collectors::prelude::*;

/// The OIDC provider collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::OIDCProvider",
    service: "iam",
    global: true,
    iam_actions: &["iam:GetOpenIDConnectProvider", "iam:ListOpenIDConnectProviders"],
    refresh_events: &[
        "AddClientIDToOpenIDConnectProvider",
        "CreateOpenIDConnectProvider",
        "DeleteOpenIDConnectProvider",
        "RemoveClientIDFromOpenIDConnectProvider",
        "TagOpenIDConnectProvider",
        "UntagOpenIDConnectProvider",
        "UpdateOpenIDConnectProviderThumbprint",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    // ListOpenIDConnectProviders has no pagination and answers ARNs only.
    let out = iam
        .list_open_id_connect_providers()
        .send()
        .await
        .map_err(api_err!("iam", "ListOpenIDConnectProviders", &home))?;
    let providers = out.open_id_connect_provider_list.unwrap_or_default();
    let found = ctx.fan_out(providers, |p| provider(ctx, scope, &iam, &home, p)).await;
    Ok(found.into_iter().flatten().collect())
}

/// One provider; `None` when it was deleted between the listing and the detail call.
async fn provider(
    ctx: &ScanContext,
    scope: &Scope,
    iam: &Client,
    home: &str,
    listed: OpenIdConnectProviderListEntry,
) -> Option<Resource> {
    let arn = listed.arn().unwrap_or_default().to_owned();
    let got = iam
        .get_open_id_connect_provider()
        .open_id_connect_provider_arn(&arn)
        .send()
        .await
        .map_err(api_err!("iam", "GetOpenIDConnectProvider", home));
    let (configuration, tags, error) = match got {
        Ok(d) => (
            obj! {
                "Arn" => v(&arn),
                "Url" => s(d.url()),
                "ClientIDList" => v(d.client_id_list()),
                "ThumbprintList" => v(d.thumbprint_list()),
                "CreateDate" => t(d.create_date()),
            },
            iam_tags(d.tags()),
            None,
        ),
        Err(e) if e.is_not_found() => return None,
        // Without the detail call only the ARN is known: everything else is unread.
        Err(e) => (obj! { "Arn" => v(&arn) }, BTreeMap::new(), Some(e)),
    };
    let mut r = Resource::new(scope, arn.clone(), configuration, ctx.now());
    r.arn = Some(arn.clone());
    r.tags = tags;
    // The ARN ends with the URL without its scheme, which may itself contain slashes.
    r.name = Some(arn.split_once(":oidc-provider/").map(|(_, url)| url).unwrap_or_else(|| arn_name(&arn)).to_owned());
    if let Some(e) = error {
        for key in ["ClientIDList", "Tags", "ThumbprintList", "Url"] {
            not_assessed(&mut r, key, &e);
        }
    }
    Some(r.seal())
}
