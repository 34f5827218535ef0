//! `AWS::IAM::ServerCertificate`: metadata of each server certificate uploaded to IAM
//! (name, id, path, ARN, upload date, expiration) and its tags. The certificate body and
//! chain are not read: a check needs the expiration, not the PEM. Keyed by certificate
//! name (what CloudFormation's `Ref` returns); load balancers name it by ARN, whose last
//! path segment is the name.

use aws_sdk_iam::types::ServerCertificateMetadata;
use aws_sdk_iam::Client;

use super::{iam_tags, not_assessed};
use crate::collectors::prelude::*;

/// The server certificate collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::ServerCertificate",
    service: "iam",
    global: true,
    iam_actions: &["iam:ListServerCertificateTags", "iam:ListServerCertificates"],
    refresh_events: &[
        "DeleteServerCertificate",
        "TagServerCertificate",
        "UntagServerCertificate",
        "UpdateServerCertificate",
        "UploadServerCertificate",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let certs = iam
        .list_server_certificates()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListServerCertificates", &home))?;
    Ok(ctx.fan_out(certs, |c| certificate(ctx, scope, &iam, &home, c)).await)
}

async fn certificate(
    ctx: &ScanContext,
    scope: &Scope,
    iam: &Client,
    home: &str,
    c: ServerCertificateMetadata,
) -> Resource {
    let name = c.server_certificate_name().to_owned();
    let configuration = obj! {
        "Path" => v(c.path()),
        "ServerCertificateName" => v(c.server_certificate_name()),
        "ServerCertificateId" => v(c.server_certificate_id()),
        "Arn" => v(c.arn()),
        "UploadDate" => t(c.upload_date()),
        "Expiration" => t(c.expiration()),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = Some(c.arn().to_owned());
    r.name = Some(name.clone());
    let tags = iam
        .list_server_certificate_tags()
        .server_certificate_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListServerCertificateTags", home));
    match tags {
        Ok(tags) => r.tags = iam_tags(&tags),
        Err(e) => not_assessed(&mut r, "Tags", &e),
    }
    r.seal()
}
