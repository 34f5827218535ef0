//! CloudWatch Logs and alarms: the CIS "metric filter and alarm" chain — a log group and
//! a filter on it. Alarms cannot be built or read in the emulator: the AWS SDK for Rust
//! speaks CloudWatch's Smithy RPC v2 CBOR protocol, which moto 5.2.5 does not serve
//! (every call answers 404), so their scope must come back not assessed. The alarm's
//! document shape is unit-tested in the collector's file.

use aws_sdk_cloudwatchlogs::types::MetricTransformation;
use meerkat_aws::ErrorKind;
use serde_json::json;

use super::kms_key;
use crate::common::{account, Discovered};

const GROUP: &str = "AWS::Logs::LogGroup";
const FILTER: &str = "AWS::Logs::MetricFilter";
const ALARM: &str = "AWS::CloudWatch::Alarm";

#[tokio::test(flavor = "multi_thread")]
async fn log_groups_and_metric_filters() {
    let acct = account();
    let sdk = acct.sdk("us-east-1").await;
    let (key_id, key_arn) = kms_key(&acct, "us-east-1").await;
    let logs = aws_sdk_cloudwatchlogs::Client::new(&sdk);
    logs.create_log_group()
        .log_group_name("/trail/main")
        .kms_key_id(&key_arn)
        .tags("Owner", "secops")
        .send()
        .await
        .unwrap();
    logs.put_retention_policy().log_group_name("/trail/main").retention_in_days(365).send().await.unwrap();
    logs.create_log_group().log_group_name("/app/forever").send().await.unwrap();
    let pattern = r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }"#;
    logs.put_metric_filter()
        .log_group_name("/trail/main")
        .filter_name("root-usage")
        .filter_pattern(pattern)
        .metric_transformations(
            MetricTransformation::builder()
                .metric_name("RootUsage")
                .metric_namespace("CISBenchmark")
                .metric_value("1")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let found = acct.discover(&["us-east-1"], &[GROUP, FILTER]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);

    let g = found.get(GROUP, "/trail/main");
    assert_eq!(g.configuration["retentionInDays"], json!(365));
    assert_eq!(g.configuration["kmsKeyId"], json!(key_arn));
    assert_eq!(
        g.arn.as_deref(),
        Some(format!("arn:aws:logs:us-east-1:{}:log-group:/trail/main", acct.account.id).as_str())
    );
    assert_eq!(g.tags.get("Owner").map(String::as_str), Some("secops"));
    assert_eq!(g.volatile, vec!["configuration.storedBytes".to_owned()]);
    assert!(g.not_assessed.is_empty(), "{:?}", g.not_assessed);
    assert!(Discovered::has_edge(g, "uses_kms_key", "AWS::KMS::Key", &key_id));
    let forever = found.get(GROUP, "/app/forever");
    assert!(
        forever.configuration.get("retentionInDays").is_none(),
        "no retention means never expire: {}",
        forever.configuration
    );
    assert!(forever.configuration.get("kmsKeyId").is_none());

    let f = found.get(FILTER, "/trail/main:root-usage");
    assert_eq!(f.configuration["filterPattern"], json!(pattern));
    assert_eq!(f.configuration["logGroupName"], json!("/trail/main"));
    assert_eq!(f.configuration["metricTransformations"][0]["metricName"], json!("RootUsage"));
    assert_eq!(f.configuration["metricTransformations"][0]["metricNamespace"], json!("CISBenchmark"));
    assert!(Discovered::has_edge(f, "for_log_group", GROUP, "/trail/main"));
}

#[tokio::test(flavor = "multi_thread")]
async fn alarms_are_not_assessed_where_the_api_is_unavailable() {
    let acct = account();
    let found = acct.discover(&["us-east-1"], &[ALARM]).await;
    assert!(found.collected.is_empty(), "an unreadable scope must not read as collected: {:?}", found.collected);
    let (scope, error) = found.failed.first().expect("the scope is reported not assessed");
    assert_eq!(scope.resource_type, ALARM);
    assert_eq!(error.service, "cloudwatch");
    assert_eq!(error.operation, "DescribeAlarms");
    assert_eq!(error.http_status, Some(404), "{error}");
    assert_eq!(error.kind, ErrorKind::Unavailable, "{error}");
}
