//! `AWS::IAM::SAMLProvider`: each SAML identity provider with its metadata document
//! (which names the IdP's signing certificates and endpoints), validity, assertion
//! encryption mode, the ids of its decryption keys (never the keys) and tags. Keyed by
//! ARN; named by the provider name.

use aws_sdk_iam::types::SamlProviderListEntry;
use aws_sdk_iam::Client;

use super::{arn_name, iam_tags, not_assessed};
use crate::collectors::prelude::*;

/// The SAML provider collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::SAMLProvider",
    service: "iam",
    global: true,
    iam_actions: &["iam:GetSAMLProvider", "iam:ListSAMLProviders"],
    refresh_events: &[
        "CreateSAMLProvider",
        "DeleteSAMLProvider",
        "TagSAMLProvider",
        "UntagSAMLProvider",
        "UpdateSAMLProvider",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    // ListSAMLProviders has no pagination: one answer holds every provider.
    let out = iam.list_saml_providers().send().await.map_err(api_err!("iam", "ListSAMLProviders", &home))?;
    let providers = out.saml_provider_list.unwrap_or_default();
    let found = ctx.fan_out(providers, |p| provider(ctx, scope, &iam, &home, p)).await;
    Ok(found.into_iter().flatten().collect())
}

/// One provider; `None` when it was deleted between the listing and the detail call.
async fn provider(
    ctx: &ScanContext,
    scope: &Scope,
    iam: &Client,
    home: &str,
    listed: SamlProviderListEntry,
) -> Option<Resource> {
    let arn = listed.arn().unwrap_or_default().to_owned();
    let got = iam
        .get_saml_provider()
        .saml_provider_arn(&arn)
        .send()
        .await
        .map_err(api_err!("iam", "GetSAMLProvider", home));
    let d = match got {
        Ok(out) => out,
        Err(e) if e.is_not_found() => return None,
        Err(e) => {
            let configuration = obj! {
                "Arn" => v(&arn),
                "CreateDate" => t(listed.create_date()),
                "ValidUntil" => t(listed.valid_until()),
            };
            let mut r = Resource::new(scope, arn.clone(), configuration, ctx.now());
            for key in ["SAMLMetadataDocument", "Tags"] {
                not_assessed(&mut r, key, &e);
            }
            r.arn = Some(arn.clone());
            r.name = Some(arn_name(&arn).to_owned());
            return Some(r.seal());
        }
    };
    let configuration = obj! {
        "Arn" => v(&arn),
        "SAMLProviderUUID" => s(d.saml_provider_uuid()),
        "CreateDate" => t(d.create_date().or(listed.create_date())),
        "ValidUntil" => t(d.valid_until().or(listed.valid_until())),
        "AssertionEncryptionMode" => s(d.assertion_encryption_mode()),
        "PrivateKeyList" => list(d.private_key_list(), |k| obj! { "KeyId" => s(k.key_id()), "Timestamp" => t(k.timestamp()) }),
        "SAMLMetadataDocument" => s(d.saml_metadata_document()),
    };
    let mut r = Resource::new(scope, arn.clone(), configuration, ctx.now());
    r.arn = Some(arn.clone());
    r.name = Some(arn_name(&arn).to_owned());
    r.tags = iam_tags(d.tags());
    Some(r.seal())
}
