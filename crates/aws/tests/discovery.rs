//! Discovery as a whole: versions only on real change, deletion marking, "not assessed"
//! scopes that never delete anything, region resolution.

use aws_sdk_ec2::types::{IpPermission, IpRange};
use meerkat_aws::{ErrorKind, Regions};
use meerkat_store::{ResourceQuery, Store};
use meerkat_testkit::{FailingEndpoint, FailureMode};

use crate::common::account;

const SG: &str = "AWS::EC2::SecurityGroup";
const VPC: &str = "AWS::EC2::VPC";
const BUCKET: &str = "AWS::S3::Bucket";

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("inventory.db")).unwrap();
    (dir, store)
}

#[tokio::test(flavor = "multi_thread")]
async fn versions_on_change_only_and_deletion_marking() {
    let acct = account();
    let ec2 = aws_sdk_ec2::Client::new(&acct.sdk("us-east-1").await);
    let vpc = ec2.create_vpc().cidr_block("10.1.0.0/16").send().await.unwrap().vpc.unwrap().vpc_id.unwrap();
    let sg = ec2.create_security_group().group_name("app").description("app").vpc_id(&vpc).send().await.unwrap().group_id.unwrap();

    let (_dir, mut store) = store();
    let options = || acct.options(&["us-east-1"], &[SG, VPC]);
    let first = acct.discover_into(&mut store, options()).await;
    assert!(first.failed.is_empty(), "{:?}", first.failed);
    let key = first.get(SG, &sg).key();
    assert_eq!(store.history(&key).unwrap().len(), 1);

    // A rescan of an unchanged account writes no version for any resource.
    acct.discover_into(&mut store, options()).await;
    for r in first.resources.iter() {
        assert_eq!(store.history(&r.key()).unwrap().len(), 1, "fake version for {}", r.key());
    }

    // A real change makes exactly one new version, whose configuration has the new rule.
    ec2.authorize_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    let before_change = chrono::Utc::now();
    acct.discover_into(&mut store, options()).await;
    let history = store.history(&key).unwrap();
    assert_eq!(history.len(), 2);
    let changed = history[1].resource.as_ref().unwrap();
    assert_eq!(changed.configuration["IpPermissions"][0]["FromPort"], 22);
    let changes = meerkat_model::diff(&history[0].resource.as_ref().unwrap().configuration, &changed.configuration);
    assert!(changes.iter().any(|c| c.path.starts_with("/IpPermissions/0")), "{changes:?}");

    // Deleted in the cloud: marked deleted by the next complete scan, history kept.
    ec2.delete_security_group().group_id(&sg).send().await.unwrap();
    acct.discover_into(&mut store, options()).await;
    let history = store.history(&key).unwrap();
    assert_eq!(history.len(), 3);
    assert!(history[2].resource.is_none(), "the last version records the deletion");
    let current = store.resources(&ResourceQuery { resource_type: Some(SG.into()), ..Default::default() }).unwrap();
    assert!(current.iter().all(|r| r.resource_id != sg), "a deleted group is not current");
    let then = store
        .resources(&ResourceQuery { resource_type: Some(SG.into()), as_of: Some(before_change), ..Default::default() })
        .unwrap();
    let old = then.iter().find(|r| r.resource_id == sg).expect("the group existed before the change");
    assert_eq!(old.configuration["IpPermissions"], serde_json::json!([]), "as of then, the group had no ingress rule");
}

#[tokio::test(flavor = "multi_thread")]
async fn access_denied_service_is_not_assessed_and_deletes_nothing() {
    let acct = account();
    let ec2 = aws_sdk_ec2::Client::new(&acct.sdk("us-east-1").await);
    let sg = ec2.create_security_group().group_name("kept").description("kept").send().await.unwrap().group_id.unwrap();
    acct.s3("us-east-1").await.create_bucket().bucket(format!("seen-{}", acct.account.id)).send().await.unwrap();

    let (_dir, mut store) = store();
    let first = acct.discover_into(&mut store, acct.options(&["us-east-1"], &[SG, BUCKET])).await;
    assert!(first.failed.is_empty(), "{:?}", first.failed);

    let denied = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
    let mut options = acct.options(&["us-east-1"], &[SG, BUCKET]);
    options.service_endpoints.insert("ec2".into(), denied.endpoint());
    let second = acct.discover_into(&mut store, options).await;

    assert_eq!(second.failed.len(), 1, "only the EC2 scope fails: {:?}", second.failed);
    let (scope, error) = &second.failed[0];
    assert_eq!(scope.resource_type, SG);
    assert_eq!(error.kind, ErrorKind::AccessDenied);
    // EC2 names its access-denied error UnauthorizedOperation, as the real service does.
    assert_eq!(error.code, "UnauthorizedOperation");
    assert!(denied.requests() >= 1);
    // S3 went on regardless.
    assert!(second.collected.iter().any(|s| s.resource_type == BUCKET));

    // Nothing is marked deleted on the strength of a failed read.
    let current = store.resources(&ResourceQuery { resource_type: Some(SG.into()), ..Default::default() }).unwrap();
    assert!(current.iter().any(|r| r.resource_id == sg), "the group must still be current");
    let status = store.scope_statuses().unwrap();
    let sg_status = status.iter().find(|s| s.scope.resource_type == SG).unwrap();
    assert!(!sg_status.assessed);
    assert_eq!(sg_status.error_code.as_deref(), Some("UnauthorizedOperation"));
    assert!(sg_status.last_success.is_some(), "the first scan succeeded");
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_are_retried_then_not_assessed() {
    let acct = account();
    let failing = FailingEndpoint::start(FailureMode::ServerError).unwrap();
    let mut options = acct.options(&["us-east-1"], &[VPC]);
    options.max_attempts = 2;
    options.service_endpoints.insert("ec2".into(), failing.endpoint());
    let found = acct.discover_with(options).await;
    assert_eq!(found.failed.len(), 1);
    assert_eq!(found.failed[0].1.kind, ErrorKind::Unavailable);
    assert_eq!(failing.requests(), 2, "one retry after the first attempt");
    assert!(found.stats.api_calls >= 3, "STS + two attempts are counted: {}", found.stats.api_calls);
}

#[tokio::test(flavor = "multi_thread")]
async fn all_regions_are_the_enabled_regions() {
    let acct = account();
    let mut options = acct.options(&[], &[VPC]);
    options.regions = Regions::All;
    let found = acct.discover_with(options).await;
    let regions: std::collections::BTreeSet<&str> = found.collected.iter().map(|s| s.region.as_str()).collect();
    assert!(regions.contains("us-east-1") && regions.contains("eu-west-1"), "{regions:?}");
    assert!(regions.len() >= 10, "moto enables many regions: {regions:?}");
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    // Every region has its default VPC.
    assert_eq!(found.of_type(VPC).len(), regions.len());
}
