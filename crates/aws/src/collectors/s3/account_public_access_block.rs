//! `AWS::S3::AccountPublicAccessBlock`: the account-wide S3 Block Public Access setting
//! (CIS 2.1.4). One resource per account; "not configured" is a resource too, with all
//! four flags false, because that is the risky state a check must see.

use crate::collectors::prelude::*;

/// The account public access block collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::S3::AccountPublicAccessBlock",
    service: "s3control",
    global: true,
    iam_actions: &["s3:GetAccountPublicAccessBlock"],
    refresh_events: &["DeletePublicAccessBlock", "PutPublicAccessBlock"],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let out = ctx
        .s3control(&home)
        .get_public_access_block()
        .account_id(ctx.account_id())
        .send()
        .await
        .map_err(api_err!("s3control", "GetPublicAccessBlock", &home));
    let (configured, flags) = match absent_if_not_found(out)? {
        Some(out) => {
            let c = out.public_access_block_configuration();
            let flag = |f: fn(&aws_sdk_s3control::types::PublicAccessBlockConfiguration) -> Option<bool>| {
                c.and_then(f).unwrap_or(false)
            };
            (
                true,
                [
                    flag(|c| c.block_public_acls()),
                    flag(|c| c.ignore_public_acls()),
                    flag(|c| c.block_public_policy()),
                    flag(|c| c.restrict_public_buckets()),
                ],
            )
        }
        None => (false, [false; 4]),
    };
    let configuration = obj! {
        "Configured" => v(configured),
        "BlockPublicAcls" => v(flags[0]),
        "IgnorePublicAcls" => v(flags[1]),
        "BlockPublicPolicy" => v(flags[2]),
        "RestrictPublicBuckets" => v(flags[3]),
    };
    let mut r = Resource::new(scope, ctx.account_id(), configuration, ctx.now());
    r.name = Some(format!("S3 Block Public Access of {}", ctx.account_id()));
    Ok(vec![r.seal()])
}
