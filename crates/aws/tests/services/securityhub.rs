//! Security Hub: a region where it was never enabled is an assessed, empty scope (the
//! service answers "not subscribed"); once enabled, the hub with its settings, and its
//! standards marked not assessed where the emulator lacks the API.

use serde_json::json;

use crate::common::account;

const HUB: &str = "AWS::SecurityHub::Hub";

#[tokio::test(flavor = "multi_thread")]
async fn hub_or_none() {
    let acct = account();
    let found = acct.discover(&["us-east-1"], &[HUB]).await;
    assert!(found.failed.is_empty(), "not subscribed is not a failure: {:?}", found.failed);
    assert!(found.collected.iter().any(|s| s.resource_type == HUB), "a region without Security Hub is still assessed");
    assert!(found.of_type(HUB).is_empty());

    let hub = aws_sdk_securityhub::Client::new(&acct.sdk("us-east-1").await);
    hub.enable_security_hub().enable_default_standards(false).send().await.unwrap();
    let found = acct.discover(&["us-east-1"], &[HUB]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let arn = format!("arn:aws:securityhub:us-east-1:{}:hub/default", acct.account.id);
    let h = found.get(HUB, &arn);
    assert_eq!(h.configuration["HubArn"], json!(arn));
    assert!(h.configuration["SubscribedAt"].is_string(), "{}", h.configuration);
    assert_eq!(h.arn.as_deref(), Some(arn.as_str()));
    // moto 5.2.5 answers GetEnabledStandards with 404: said, not taken for "none".
    assert!(
        h.supplementary.contains_key("EnabledStandards") || h.not_assessed.contains_key("EnabledStandards"),
        "{:?} {:?}",
        h.supplementary,
        h.not_assessed
    );
}
