//! CloudTrail: a multi-region trail listed once in its home region, with its status,
//! selectors, destinations and tags; a single-region trail in another region.

use aws_sdk_cloudtrail::types::{AdvancedEventSelector, AdvancedFieldSelector, Tag};
use serde_json::json;

use super::kms_key;
use crate::common::{account, Discovered};

const TRAIL: &str = "AWS::CloudTrail::Trail";

#[tokio::test(flavor = "multi_thread")]
async fn trails_in_their_home_region_with_status_and_selectors() {
    let acct = account();
    let sdk = acct.sdk("us-east-1").await;
    let bucket = format!("trail-logs-{}", acct.account.id);
    acct.s3("us-east-1").await.create_bucket().bucket(&bucket).send().await.unwrap();
    let logs = aws_sdk_cloudwatchlogs::Client::new(&sdk);
    logs.create_log_group().log_group_name("/trail/org").send().await.unwrap();
    let group_arn = format!("arn:aws:logs:us-east-1:{}:log-group:/trail/org:*", acct.account.id);
    let (key_id, key_arn) = kms_key(&acct, "us-east-1").await;
    let role_arn = format!("arn:aws:iam::{}:role/service/trail-to-logs", acct.account.id);

    let ct = aws_sdk_cloudtrail::Client::new(&sdk);
    ct.create_trail()
        .name("main-trail")
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .kms_key_id(&key_arn)
        .cloud_watch_logs_log_group_arn(&group_arn)
        .cloud_watch_logs_role_arn(&role_arn)
        .tags_list(Tag::builder().key("Owner").value("security").build().unwrap())
        .send()
        .await
        .unwrap();
    ct.start_logging().name("main-trail").send().await.unwrap();
    ct.put_event_selectors()
        .trail_name("main-trail")
        .advanced_event_selectors(
            AdvancedEventSelector::builder()
                .name("management")
                .field_selectors(
                    AdvancedFieldSelector::builder().field("eventCategory").equals("Management").build().unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let ct_eu = aws_sdk_cloudtrail::Client::new(&acct.sdk("eu-west-1").await);
    ct_eu.create_trail().name("eu-only").s3_bucket_name(&bucket).send().await.unwrap();

    let found = acct.discover(&["us-east-1", "eu-west-1"], &[TRAIL]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    assert_eq!(found.collected.len(), 2);

    // The multi-region trail is one resource, in its home region only.
    let mains: Vec<_> = found.of_type(TRAIL).into_iter().filter(|r| r.resource_id == "main-trail").collect();
    assert_eq!(mains.len(), 1, "a multi-region trail must not be collected once per region");
    let t = mains[0];
    assert_eq!(t.region, "us-east-1");
    assert_eq!(t.configuration["IsMultiRegionTrail"], json!(true));
    assert_eq!(t.configuration["LogFileValidationEnabled"], json!(true));
    assert_eq!(t.configuration["HomeRegion"], json!("us-east-1"));
    assert_eq!(t.configuration["KmsKeyId"], json!(key_arn));
    assert_eq!(t.configuration["S3BucketName"], json!(bucket));
    assert_eq!(t.supplementary["TrailStatus"]["IsLogging"], json!(true));
    assert_eq!(
        t.supplementary["AdvancedEventSelectors"],
        json!([{"Name": "management", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}])
    );
    assert_eq!(t.supplementary["EventSelectors"], json!([]));
    assert_eq!(t.tags.get("Owner").map(String::as_str), Some("security"));
    assert!(t.volatile.contains(&"supplementary.TrailStatus.LatestDeliveryError".to_owned()));
    assert!(t.not_assessed.is_empty(), "{:?}", t.not_assessed);
    assert!(Discovered::has_edge(t, "logs_to", "AWS::S3::Bucket", &bucket));
    assert!(Discovered::has_edge(t, "logs_to", "AWS::Logs::LogGroup", "/trail/org"));
    assert!(Discovered::has_edge(t, "uses_kms_key", "AWS::KMS::Key", &key_id));
    assert!(Discovered::has_edge(t, "uses_role", "AWS::IAM::Role", "trail-to-logs"));

    let eu = found.get(TRAIL, "eu-only");
    assert_eq!(eu.region, "eu-west-1");
    assert_eq!(eu.configuration["IsMultiRegionTrail"], json!(false));
    assert_eq!(eu.configuration["LogFileValidationEnabled"], json!(false));
    assert_eq!(eu.supplementary["TrailStatus"]["IsLogging"], json!(false), "a new trail does not log until started");
    assert!(!eu.relationships.iter().any(|r| r.kind == "uses_kms_key"));
}
