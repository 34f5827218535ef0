//! `AWS::EC2::EbsEncryptionByDefault`: whether new EBS volumes of the region are encrypted
//! by default, and with which KMS key. One resource per account and region, its id the
//! region (the account is already part of every resource's key).
//!
//! The setting is regional and has no CloudFormation resource: a Meerkat-defined type.
//! The default key is read with GetEbsDefaultKmsKeyId; before a customer key is chosen it
//! answers the alias of the AWS managed key (`alias/aws/ebs`), which gives no key edge.

use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// The EBS encryption-by-default collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::EC2::EbsEncryptionByDefault",
    service: "ec2",
    global: false,
    iam_actions: &["ec2:GetEbsDefaultKmsKeyId", "ec2:GetEbsEncryptionByDefault"],
    refresh_events: &[
        "DisableEbsEncryptionByDefault",
        "EnableEbsEncryptionByDefault",
        "ModifyEbsDefaultKmsKeyId",
        "ResetEbsDefaultKmsKeyId",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let client = ctx.ec2(&scope.region);
    let setting = client
        .get_ebs_encryption_by_default()
        .send()
        .await
        .map_err(api_err!("ec2", "GetEbsEncryptionByDefault", &scope.region))?;
    let key = client
        .get_ebs_default_kms_key_id()
        .send()
        .await
        .map_err(api_err!("ec2", "GetEbsDefaultKmsKeyId", &scope.region));
    let configuration = obj! {
        "EbsEncryptionByDefault" => v(setting.ebs_encryption_by_default()),
        "SseType" => s(setting.sse_type()),
        "KmsKeyId" => s(key.as_ref().ok().and_then(|k| k.kms_key_id())),
    };
    let mut r = Resource::new(scope, scope.region.clone(), configuration, ctx.now());
    match key {
        Ok(out) => {
            if let Some(target) = out.kms_key_id().and_then(kms_key_id) {
                r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", target));
            }
        }
        Err(e) => {
            r.not_assessed.insert("KmsKeyId".into(), format!("{}: {}", e.code, e.message));
        }
    }
    Ok(vec![r.seal()])
}
