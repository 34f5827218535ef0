//! S3: buckets with their policy, ACL, public access block, encryption, versioning,
//! logging, lifecycle, object lock, ownership, replication and tags; the account-level
//! public access block.

use aws_sdk_s3::types::{
    BucketLifecycleConfiguration, BucketLoggingStatus, BucketVersioningStatus, CreateBucketConfiguration,
    ExpirationStatus, LifecycleExpiration, LifecycleRule, LifecycleRuleFilter, LoggingEnabled, ObjectLockConfiguration,
    ObjectLockEnabled, PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, Tag, Tagging, VersioningConfiguration,
};
use serde_json::json;

use crate::common::account;

const BUCKET: &str = "AWS::S3::Bucket";

#[tokio::test(flavor = "multi_thread")]
async fn buckets_with_every_attribute() {
    let acct = account();
    let s3 = acct.s3("us-east-1").await;
    let s3_eu = acct.s3("eu-west-1").await;
    let locked = format!("locked-{}", acct.account.id);
    let open = format!("open-{}", acct.account.id);
    let logs = format!("logs-{}", acct.account.id);

    s3_eu
        .create_bucket()
        .bucket(&logs)
        .create_bucket_configuration(CreateBucketConfiguration::builder().location_constraint("eu-west-1".into()).build())
        .send()
        .await
        .unwrap();
    s3_eu.put_bucket_acl().bucket(&logs).acl(aws_sdk_s3::types::BucketCannedAcl::from("log-delivery-write")).send().await.unwrap();
    s3.create_bucket().bucket(&open).send().await.unwrap();
    s3.put_bucket_policy()
        .bucket(&open)
        .policy(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{open}/*")}]}).to_string())
        .send()
        .await
        .unwrap();
    s3.put_bucket_tagging()
        .bucket(&open)
        .tagging(Tagging::builder().tag_set(Tag::builder().key("Owner").value("alice").build().unwrap()).build().unwrap())
        .send()
        .await
        .unwrap();

    s3_eu
        .create_bucket()
        .bucket(&locked)
        .create_bucket_configuration(CreateBucketConfiguration::builder().location_constraint("eu-west-1".into()).build())
        .object_lock_enabled_for_bucket(true)
        .send()
        .await
        .unwrap();
    s3_eu
        .put_bucket_versioning()
        .bucket(&locked)
        .versioning_configuration(VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build())
        .send()
        .await
        .unwrap();
    s3_eu
        .put_bucket_encryption()
        .bucket(&locked)
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .rules(
                    ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            ServerSideEncryptionByDefault::builder().sse_algorithm(ServerSideEncryption::AwsKms).kms_master_key_id("alias/data").build().unwrap(),
                        )
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    s3_eu
        .put_public_access_block()
        .bucket(&locked)
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder().block_public_acls(true).ignore_public_acls(true).block_public_policy(true).restrict_public_buckets(true).build(),
        )
        .send()
        .await
        .unwrap();
    s3_eu
        .put_bucket_logging()
        .bucket(&locked)
        .bucket_logging_status(BucketLoggingStatus::builder().logging_enabled(LoggingEnabled::builder().target_bucket(&logs).target_prefix("locked/").build().unwrap()).build())
        .send()
        .await
        .unwrap();
    s3_eu
        .put_bucket_lifecycle_configuration()
        .bucket(&locked)
        .lifecycle_configuration(
            BucketLifecycleConfiguration::builder()
                .rules(
                    LifecycleRule::builder()
                        .id("expire")
                        .status(ExpirationStatus::Enabled)
                        .filter(LifecycleRuleFilter::builder().prefix("").build())
                        .expiration(LifecycleExpiration::builder().days(365).build())
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let _ = ObjectLockConfiguration::builder().object_lock_enabled(ObjectLockEnabled::Enabled).build();

    let found = acct.discover(&["us-east-1"], &[BUCKET]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);

    let o = found.get(BUCKET, &open);
    assert_eq!(o.region, "us-east-1");
    assert_eq!(o.arn.as_deref(), Some(format!("arn:aws:s3:::{open}").as_str()));
    assert_eq!(o.supplementary["BucketPolicy"]["Statement"][0]["Principal"], json!("*"));
    assert_eq!(o.tags.get("Owner").map(String::as_str), Some("alice"));
    assert_eq!(o.supplementary["PublicAccessBlockConfiguration"], json!(null), "no bucket-level block was set");
    assert_eq!(o.supplementary["ServerSideEncryptionConfiguration"], json!(null));
    assert!(o.supplementary["BucketAcl"]["Grants"].as_array().is_some_and(|g| !g.is_empty()));

    // Buckets are listed once per account but each lives, and is read, in its own region.
    let l = found.get(BUCKET, &locked);
    assert_eq!(l.region, "eu-west-1");
    assert_eq!(l.supplementary["BucketVersioningConfiguration"]["Status"], json!("Enabled"));
    assert_eq!(
        l.supplementary["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
        json!("aws:kms")
    );
    assert_eq!(l.supplementary["PublicAccessBlockConfiguration"]["BlockPublicPolicy"], json!(true));
    assert_eq!(l.supplementary["BucketLoggingConfiguration"]["DestinationBucketName"], json!(logs));
    assert_eq!(l.supplementary["BucketLifecycleConfiguration"]["Rules"][0]["Expiration"]["Days"], json!(365));
    assert_eq!(l.supplementary["ObjectLockConfiguration"]["ObjectLockEnabled"], json!("Enabled"));
    assert_eq!(l.supplementary["BucketPolicy"], json!(null), "no policy was set");
    assert!(!l.not_assessed.contains_key("BucketPolicy"));
}

#[tokio::test(flavor = "multi_thread")]
async fn account_public_access_block_configured_or_not() {
    const TYPE: &str = "AWS::S3::AccountPublicAccessBlock";
    let acct = account();
    let found = acct.discover(&["us-east-1"], &[TYPE]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let r = found.get(TYPE, &acct.account.id);
    assert_eq!(r.configuration["Configured"], json!(false), "a fresh account has no account-level block");
    assert_eq!(r.configuration["BlockPublicPolicy"], json!(false));

    let sdk = acct.sdk("us-east-1").await;
    let control = aws_sdk_s3control::Client::from_conf(
        aws_sdk_s3control::config::Builder::from(&sdk)
            .endpoint_resolver(FixedEndpoint(acct.endpoint.clone()))
            .build(),
    );
    control
        .put_public_access_block()
        .account_id(&acct.account.id)
        .public_access_block_configuration(
            aws_sdk_s3control::types::PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let found = acct.discover(&["us-east-1"], &[TYPE]).await;
    let r = found.get(TYPE, &acct.account.id);
    assert_eq!(r.configuration["Configured"], json!(true));
    assert_eq!(r.configuration["RestrictPublicBuckets"], json!(true));
}

/// The emulator cannot take S3 Control's `{account}.host` names; see the collector's context.
#[derive(Debug)]
struct FixedEndpoint(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _params: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(aws_sdk_s3control::config::endpoint::Endpoint::builder()
            .url(self.0.clone())
            .build()))
    }
}
