//! CloudWatch Logs and alarms: the CIS "metric filter and alarm" chain — a log group, a
//! filter on it, and an alarm on the filter's metric that notifies a topic.

use aws_sdk_cloudwatchlogs::types::MetricTransformation;
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
async fn alarms_with_metric_actions_and_volatile_state() {
    let acct = account();
    let sdk = acct.sdk("us-east-1").await;
    let topic = aws_sdk_sns::Client::new(&sdk).create_topic().name("security-alerts").send().await.unwrap().topic_arn.unwrap();
    let cloudwatch = aws_sdk_cloudwatch::Client::new(&sdk);
    cloudwatch
        .put_metric_alarm()
        .alarm_name("root-usage")
        .metric_name("RootUsage")
        .namespace("CISBenchmark")
        .statistic(aws_sdk_cloudwatch::types::Statistic::Sum)
        .period(300)
        .evaluation_periods(1)
        .threshold(1.0)
        .comparison_operator(aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanOrEqualToThreshold)
        .alarm_actions(&topic)
        .send()
        .await
        .unwrap();

    let found = acct.discover(&["us-east-1"], &[ALARM]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let a = found.get(ALARM, "root-usage");
    assert_eq!(a.configuration["MetricName"], json!("RootUsage"));
    assert_eq!(a.configuration["Namespace"], json!("CISBenchmark"));
    assert_eq!(a.configuration["AlarmActions"], json!([topic]));
    assert_eq!(a.configuration["ComparisonOperator"], json!("GreaterThanOrEqualToThreshold"));
    assert!(a.volatile.iter().any(|p| p == "configuration.StateValue"), "{:?}", a.volatile);

    // The alarm firing is state, not configuration: no new version.
    cloudwatch
        .set_alarm_state()
        .alarm_name("root-usage")
        .state_value(aws_sdk_cloudwatch::types::StateValue::Alarm)
        .state_reason("test")
        .send()
        .await
        .unwrap();
    let again = acct.discover(&["us-east-1"], &[ALARM]).await;
    let b = again.get(ALARM, "root-usage");
    assert_eq!(b.configuration["StateValue"], json!("ALARM"));
    assert_eq!(a.config_hash, b.config_hash);
}
