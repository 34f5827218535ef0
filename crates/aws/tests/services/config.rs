//! AWS Config: a region without a recorder is a collected, empty scope (how "Config is
//! off here" is seen); a recording recorder with its delivery channel.

use aws_sdk_config::types::{
    ConfigSnapshotDeliveryProperties, ConfigurationRecorder, DeliveryChannel, MaximumExecutionFrequency, RecordingGroup,
};
use serde_json::json;

use super::kms_key;
use crate::common::{account, Discovered};

const RECORDER: &str = "AWS::Config::ConfigurationRecorder";

#[tokio::test(flavor = "multi_thread")]
async fn no_recorder_is_an_assessed_empty_scope() {
    let acct = account();
    let found = acct.discover(&["us-east-1"], &[RECORDER]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    assert!(found.collected.iter().any(|s| s.resource_type == RECORDER && s.region == "us-east-1"));
    assert!(found.of_type(RECORDER).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn recorder_with_status_and_delivery_channel() {
    let acct = account();
    let sdk = acct.sdk("us-east-1").await;
    let bucket = format!("config-{}", acct.account.id);
    acct.s3("us-east-1").await.create_bucket().bucket(&bucket).send().await.unwrap();
    let (key_id, key_arn) = kms_key(&acct, "us-east-1").await;
    let config = aws_sdk_config::Client::new(&sdk);
    let role =
        format!("arn:aws:iam::{}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", acct.account.id);
    config
        .put_configuration_recorder()
        .configuration_recorder(
            ConfigurationRecorder::builder()
                .name("default")
                .role_arn(&role)
                .recording_group(
                    RecordingGroup::builder().all_supported(true).include_global_resource_types(true).build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    config
        .put_delivery_channel()
        .delivery_channel(
            DeliveryChannel::builder()
                .name("default")
                .s3_bucket_name(&bucket)
                .s3_kms_key_arn(&key_arn)
                .config_snapshot_delivery_properties(
                    ConfigSnapshotDeliveryProperties::builder()
                        .delivery_frequency(MaximumExecutionFrequency::SixHours)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    config.start_configuration_recorder().configuration_recorder_name("default").send().await.unwrap();

    let found = acct.discover(&["us-east-1"], &[RECORDER]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let r = found.get(RECORDER, "default");
    assert_eq!(r.configuration["roleARN"], json!(role));
    assert_eq!(r.configuration["recordingGroup"]["allSupported"], json!(true));
    assert_eq!(r.configuration["recordingGroup"]["includeGlobalResourceTypes"], json!(true));
    assert_eq!(r.supplementary["ConfigurationRecorderStatus"]["recording"], json!(true));
    assert_eq!(r.supplementary["DeliveryChannels"][0]["s3BucketName"], json!(bucket));
    assert_eq!(
        r.supplementary["DeliveryChannels"][0]["configSnapshotDeliveryProperties"]["deliveryFrequency"],
        json!("Six_Hours")
    );
    assert!(Discovered::has_edge(r, "uses_role", "AWS::IAM::Role", "AWSServiceRoleForConfig"));
    assert!(Discovered::has_edge(r, "logs_to", "AWS::S3::Bucket", &bucket));
    assert!(Discovered::has_edge(r, "uses_kms_key", "AWS::KMS::Key", &key_id));
    // moto 5.2.5 answers DescribeDeliveryChannelStatus with a 500 and an HTML page: the
    // part is not assessed, and everything else is still there.
    assert!(!r.supplementary.contains_key("DeliveryChannelsStatus"));
    let why = r.not_assessed.get("DeliveryChannelsStatus").expect("the failed status call is reported");
    assert!(!why.is_empty());
    assert_eq!(r.not_assessed.len(), 1, "{:?}", r.not_assessed);

    // Stopping the recorder is a real change the posture check must see.
    config.stop_configuration_recorder().configuration_recorder_name("default").send().await.unwrap();
    let stopped = acct.discover(&["us-east-1"], &[RECORDER]).await;
    let s = stopped.get(RECORDER, "default");
    assert_eq!(s.supplementary["ConfigurationRecorderStatus"]["recording"], json!(false));
    assert_ne!(s.config_hash, r.config_hash);
}
