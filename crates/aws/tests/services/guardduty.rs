//! GuardDuty: no detector is an assessed, empty scope; an enabled detector with its
//! protection plans.

use aws_sdk_guardduty::types::{
    DetectorFeature, DetectorFeatureConfiguration, FeatureStatus, FindingPublishingFrequency,
};
use serde_json::json;

use crate::common::account;

const DETECTOR: &str = "AWS::GuardDuty::Detector";

#[tokio::test(flavor = "multi_thread")]
async fn detectors_or_none() {
    let acct = account();
    let found = acct.discover(&["us-east-1"], &[DETECTOR]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    assert!(
        found.collected.iter().any(|s| s.resource_type == DETECTOR),
        "a region without GuardDuty is still assessed"
    );
    assert!(found.of_type(DETECTOR).is_empty());

    let gd = aws_sdk_guardduty::Client::new(&acct.sdk("us-east-1").await);
    let id = gd
        .create_detector()
        .enable(true)
        .finding_publishing_frequency(FindingPublishingFrequency::FifteenMinutes)
        .features(
            DetectorFeatureConfiguration::builder()
                .name(DetectorFeature::S3DataEvents)
                .status(FeatureStatus::Enabled)
                .build(),
        )
        .tags("Owner", "secops")
        .send()
        .await
        .unwrap()
        .detector_id
        .unwrap();
    let found = acct.discover(&["us-east-1"], &[DETECTOR]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let d = found.get(DETECTOR, &id);
    assert_eq!(d.configuration["Status"], json!("ENABLED"));
    assert_eq!(d.configuration["FindingPublishingFrequency"], json!("FIFTEEN_MINUTES"));
    assert_eq!(d.configuration["Features"][0]["Name"], json!("S3_DATA_EVENTS"));
    assert_eq!(d.configuration["Features"][0]["Status"], json!("ENABLED"));
    assert!(d.configuration["DataSources"].is_object(), "{}", d.configuration);
    assert_eq!(d.tags.get("Owner").map(String::as_str), Some("secops"));
    assert_eq!(
        d.arn.as_deref(),
        Some(format!("arn:aws:guardduty:us-east-1:{}:detector/{id}", acct.account.id).as_str())
    );
    assert!(d.not_assessed.is_empty(), "{:?}", d.not_assessed);
}
