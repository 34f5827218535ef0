//! `AWS::S3::Bucket`: every bucket of the account with its region, policy, ACL,
//! public-access block, default encryption, versioning and MFA delete, access logging,
//! lifecycle, object lock, ownership controls, replication and tags.
//!
//! Buckets are listed once per account (ListBuckets is global) and each bucket's details
//! are read from its own region, as S3 requires.

use aws_sdk_s3::types::{Bucket, Grant, ServerSideEncryptionRule};

use crate::collectors::prelude::*;

/// The bucket collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::S3::Bucket",
    service: "s3",
    global: true,
    iam_actions: &[
        "s3:GetBucketAcl",
        "s3:GetBucketLocation",
        "s3:GetBucketLogging",
        "s3:GetBucketObjectLockConfiguration",
        "s3:GetBucketOwnershipControls",
        "s3:GetBucketPolicy",
        "s3:GetBucketPublicAccessBlock",
        "s3:GetBucketTagging",
        "s3:GetBucketVersioning",
        "s3:GetEncryptionConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:ListAllMyBuckets",
    ],
    refresh_events: &[
        "CreateBucket",
        "DeleteBucket",
        "DeleteBucketEncryption",
        "DeleteBucketLifecycle",
        "DeleteBucketOwnershipControls",
        "DeleteBucketPolicy",
        "DeleteBucketPublicAccessBlock",
        "DeleteBucketReplication",
        "DeleteBucketTagging",
        "PutBucketAcl",
        "PutBucketEncryption",
        "PutBucketLifecycle",
        "PutBucketLifecycleConfiguration",
        "PutBucketLogging",
        "PutBucketObjectLockConfiguration",
        "PutBucketOwnershipControls",
        "PutBucketPolicy",
        "PutBucketPublicAccessBlock",
        "PutBucketReplication",
        "PutBucketTagging",
        "PutBucketVersioning",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let buckets = ctx
        .s3(&home)
        .list_buckets()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("s3", "ListBuckets", &home))?
        .into_iter()
        .flat_map(|page| page.buckets.unwrap_or_default())
        .collect::<Vec<_>>();
    Ok(ctx.fan_out(buckets, |b| bucket(ctx, scope, b)).await)
}

/// `GetBucketLocation` answers null for us-east-1 and `EU` for the oldest eu-west-1 buckets.
fn location_to_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_owned(),
        Some("EU") => "eu-west-1".to_owned(),
        Some(other) => other.to_owned(),
    }
}

async fn bucket(ctx: &ScanContext, scope: &Scope, b: Bucket) -> Resource {
    let name = b.name().unwrap_or_default().to_owned();
    let home = ctx.home_region();
    // ListBuckets names each bucket's region in current S3; ask GetBucketLocation only
    // where it does not (older endpoints, emulators).
    let (region, location_error) = match b.bucket_region() {
        Some(region) => (region.to_owned(), None),
        None => match ctx
            .s3(&home)
            .get_bucket_location()
            .bucket(&name)
            .send()
            .await
            .map_err(api_err!("s3", "GetBucketLocation", &home))
        {
            Ok(out) => (location_to_region(out.location_constraint().map(|c| c.as_str())), None),
            Err(e) => (home.clone(), Some(e)),
        },
    };
    let client = ctx.s3(&region);
    let configuration = obj! {
        "Name" => v(&name),
        "CreationDate" => t(b.creation_date()),
        "Region" => v(&region),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.region = region.clone();
    r.arn = Some(format!("arn:{}:s3:::{name}", ctx.partition()));
    r.name = Some(name.clone());
    if let Some(e) = location_error {
        r.not_assessed.insert("Region".into(), format!("{}: {}", e.code, e.message));
    }

    let policy = client.get_bucket_policy().bucket(&name).send().await.map_err(api_err!("s3", "GetBucketPolicy", &region));
    supplement(&mut r, "BucketPolicy", absent_if_not_found(policy).map(|o| o.and_then(|p| p.policy().map(policy_document))));

    let acl = client.get_bucket_acl().bucket(&name).send().await.map_err(api_err!("s3", "GetBucketAcl", &region));
    supplement(
        &mut r,
        "BucketAcl",
        acl.map(|a| {
            Some(obj! {
                "Owner" => a.owner().map(|o| obj! { "ID" => s(o.id()), "DisplayName" => s(o.display_name()) }).unwrap_or(Value::Null),
                "Grants" => list(a.grants(), grant),
            })
        }),
    );

    let pab = client.get_public_access_block().bucket(&name).send().await.map_err(api_err!("s3", "GetPublicAccessBlock", &region));
    supplement(
        &mut r,
        "PublicAccessBlockConfiguration",
        absent_if_not_found(pab).map(|o| {
            o.and_then(|p| p.public_access_block_configuration().map(|c| obj! {
                "BlockPublicAcls" => v(c.block_public_acls()),
                "IgnorePublicAcls" => v(c.ignore_public_acls()),
                "BlockPublicPolicy" => v(c.block_public_policy()),
                "RestrictPublicBuckets" => v(c.restrict_public_buckets()),
            }))
        }),
    );

    let enc = client.get_bucket_encryption().bucket(&name).send().await.map_err(api_err!("s3", "GetBucketEncryption", &region));
    supplement(
        &mut r,
        "ServerSideEncryptionConfiguration",
        absent_if_not_found(enc).map(|o| {
            o.and_then(|e| e.server_side_encryption_configuration().map(|c| obj! { "Rules" => list(c.rules(), encryption_rule) }))
        }),
    );

    let versioning = match client.get_bucket_versioning().bucket(&name).send().await {
        Ok(out) => Ok((out.status().map(|x| x.as_str().to_owned()), out.mfa_delete().map(|x| x.as_str().to_owned()))),
        Err(e) => emulator_versioning(&e).ok_or_else(|| ApiError::from_sdk("s3", "GetBucketVersioning", &region, e)),
    };
    supplement(
        &mut r,
        "BucketVersioningConfiguration",
        versioning.map(|(status, mfa_delete)| {
            Some(obj! {
                // An unversioned bucket has no status; say so instead of leaving it out.
                "Status" => v(status.as_deref().unwrap_or("Off")),
                "MFADelete" => v(mfa_delete.as_deref().unwrap_or("Disabled")),
            })
        }),
    );

    let logging = client.get_bucket_logging().bucket(&name).send().await.map_err(api_err!("s3", "GetBucketLogging", &region));
    supplement(
        &mut r,
        "BucketLoggingConfiguration",
        logging.map(|l| {
            Some(match l.logging_enabled() {
                Some(e) => obj! { "DestinationBucketName" => s(Some(e.target_bucket())), "LogFilePrefix" => s(Some(e.target_prefix())) },
                None => json!({}),
            })
        }),
    );

    let lifecycle = client
        .get_bucket_lifecycle_configuration()
        .bucket(&name)
        .send()
        .await
        .map_err(api_err!("s3", "GetBucketLifecycleConfiguration", &region));
    supplement(
        &mut r,
        "BucketLifecycleConfiguration",
        absent_if_not_found(lifecycle).map(|o| {
            o.map(|l| obj! {
                "Rules" => list(l.rules(), |rule| obj! {
                    "ID" => s(rule.id()),
                    "Status" => s(Some(rule.status())),
                    "Expiration" => rule.expiration().map(|e| obj! { "Days" => v(e.days()) }).unwrap_or(Value::Null),
                    "Transitions" => list(rule.transitions(), |tr| obj! { "Days" => v(tr.days()), "StorageClass" => s(tr.storage_class()) }),
                    "NoncurrentVersionExpiration" => rule.noncurrent_version_expiration().map(|e| obj! { "NoncurrentDays" => v(e.noncurrent_days()) }).unwrap_or(Value::Null),
                    "AbortIncompleteMultipartUpload" => rule.abort_incomplete_multipart_upload().map(|e| obj! { "DaysAfterInitiation" => v(e.days_after_initiation()) }).unwrap_or(Value::Null),
                }),
            })
        }),
    );

    let lock = client
        .get_object_lock_configuration()
        .bucket(&name)
        .send()
        .await
        .map_err(api_err!("s3", "GetObjectLockConfiguration", &region));
    supplement(
        &mut r,
        "ObjectLockConfiguration",
        absent_if_not_found(lock).map(|o| {
            o.and_then(|l| l.object_lock_configuration().map(|c| obj! {
                "ObjectLockEnabled" => s(c.object_lock_enabled()),
                "Rule" => c.rule().and_then(|rule| rule.default_retention()).map(|d| obj! {
                    "Mode" => s(d.mode()), "Days" => v(d.days()), "Years" => v(d.years()),
                }).unwrap_or(Value::Null),
            }))
        }),
    );

    let ownership = client
        .get_bucket_ownership_controls()
        .bucket(&name)
        .send()
        .await
        .map_err(api_err!("s3", "GetBucketOwnershipControls", &region));
    supplement(
        &mut r,
        "OwnershipControls",
        absent_if_not_found(ownership).map(|o| {
            o.and_then(|c| c.ownership_controls().map(|oc| obj! {
                "Rules" => list(oc.rules(), |rule| obj! { "ObjectOwnership" => s(Some(rule.object_ownership())) }),
            }))
        }),
    );

    let replication = client
        .get_bucket_replication()
        .bucket(&name)
        .send()
        .await
        .map_err(api_err!("s3", "GetBucketReplication", &region));
    supplement(
        &mut r,
        "ReplicationConfiguration",
        absent_if_not_found(replication).map(|o| {
            o.and_then(|rc| rc.replication_configuration().map(|c| obj! {
                "Role" => s(Some(c.role())),
                "Rules" => list(c.rules(), |rule| obj! {
                    "ID" => s(rule.id()),
                    "Status" => s(Some(rule.status())),
                    "Destination" => rule.destination().map(|d| obj! { "Bucket" => s(Some(d.bucket())), "Account" => s(d.account()) }).unwrap_or(Value::Null),
                }),
            }))
        }),
    );

    let tagging = client.get_bucket_tagging().bucket(&name).send().await.map_err(api_err!("s3", "GetBucketTagging", &region));
    match absent_if_not_found(tagging) {
        Ok(Some(out)) => r.tags = tags(out.tag_set().iter().map(|t| (Some(t.key()), Some(t.value())))),
        Ok(None) => {}
        Err(e) => {
            r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
        }
    }
    r.seal()
}

/// moto (5.2) answers GetBucketVersioning with a `<GetBucketVersioningResponse>` root
/// where S3 sends `<VersioningConfiguration>`, which the SDK rightly refuses. The answer
/// is otherwise S3's, so read the two fields from the raw body rather than mark every
/// emulated bucket's versioning unreadable. Real S3 never takes this path.
fn emulator_versioning<E>(
    error: &aws_smithy_runtime_api::client::result::SdkError<E, aws_smithy_runtime_api::http::Response>,
) -> Option<(Option<String>, Option<String>)> {
    let body = std::str::from_utf8(error.raw_response()?.body().bytes()?).ok()?;
    if error.raw_response()?.status().as_u16() != 200 || !body.contains("<GetBucketVersioningResponse") {
        return None;
    }
    let field = |tag: &str| {
        let start = body.find(&format!("<{tag}>"))? + tag.len() + 2;
        let end = body[start..].find(&format!("</{tag}>"))? + start;
        Some(body[start..end].to_owned())
    };
    Some((field("Status"), field("MfaDelete").or_else(|| field("MFADelete"))))
}

fn grant(g: &Grant) -> Value {
    obj! {
        "Grantee" => g.grantee().map(|x| obj! {
            "Type" => s(Some(x.r#type())),
            "ID" => s(x.id()),
            "URI" => s(x.uri()),
            "DisplayName" => s(x.display_name()),
            "EmailAddress" => s(x.email_address()),
        }).unwrap_or(Value::Null),
        "Permission" => s(g.permission()),
    }
}

fn encryption_rule(rule: &ServerSideEncryptionRule) -> Value {
    obj! {
        "ApplyServerSideEncryptionByDefault" => rule.apply_server_side_encryption_by_default().map(|d| obj! {
            "SSEAlgorithm" => s(Some(d.sse_algorithm())),
            "KMSMasterKeyID" => s(d.kms_master_key_id()),
        }).unwrap_or(Value::Null),
        "BucketKeyEnabled" => v(rule.bucket_key_enabled()),
    }
}

#[cfg(test)]
mod tests {
    use super::location_to_region;

    #[test]
    fn legacy_locations_map_to_regions() {
        assert_eq!(location_to_region(None), "us-east-1");
        assert_eq!(location_to_region(Some("")), "us-east-1");
        assert_eq!(location_to_region(Some("EU")), "eu-west-1");
        assert_eq!(location_to_region(Some("ap-south-1")), "ap-south-1");
    }
}
