//! SNS: a topic with a public policy, a customer key and a subscription; a plain topic.

use aws_sdk_sns::types::Tag;
use serde_json::json;

use super::kms_key;
use crate::common::{account, Discovered};

const TOPIC: &str = "AWS::SNS::Topic";

#[tokio::test(flavor = "multi_thread")]
async fn topics_with_policy_encryption_and_tags() {
    let acct = account();
    let sdk = acct.sdk("us-east-1").await;
    let sns = aws_sdk_sns::Client::new(&sdk);
    let (key_id, key_arn) = kms_key(&acct, "us-east-1").await;
    let alerts = sns
        .create_topic()
        .name("alerts")
        .attributes("KmsMasterKeyId", &key_arn)
        .tags(Tag::builder().key("Owner").value("ops").build().unwrap())
        .send()
        .await
        .unwrap()
        .topic_arn
        .unwrap();
    let open = json!({"Version": "2012-10-17", "Statement": [{"Sid": "anyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "SNS:Publish", "Resource": alerts}]});
    sns.set_topic_attributes()
        .topic_arn(&alerts)
        .attribute_name("Policy")
        .attribute_value(open.to_string())
        .send()
        .await
        .unwrap();
    let queue_arn = format!("arn:aws:sqs:us-east-1:{}:alert-inbox", acct.account.id);
    aws_sdk_sqs::Client::new(&sdk).create_queue().queue_name("alert-inbox").send().await.unwrap();
    sns.subscribe().topic_arn(&alerts).protocol("sqs").endpoint(&queue_arn).send().await.unwrap();
    let plain = sns.create_topic().name("plain").send().await.unwrap().topic_arn.unwrap();

    let found = acct.discover(&["us-east-1"], &[TOPIC]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let t = found.get(TOPIC, &alerts);
    assert_eq!(t.configuration["Policy"], open, "the policy is decoded to JSON");
    assert_eq!(t.configuration["KmsMasterKeyId"], json!(key_arn));
    assert_eq!(t.configuration["TopicArn"], json!(alerts));
    assert_eq!(t.configuration["Owner"], json!(acct.account.id));
    assert!(t.configuration["SubscriptionsConfirmed"].is_string(), "{}", t.configuration);
    assert_eq!(t.name.as_deref(), Some("alerts"));
    assert_eq!(t.tags.get("Owner").map(String::as_str), Some("ops"));
    assert!(t.not_assessed.is_empty(), "{:?}", t.not_assessed);
    assert!(Discovered::has_edge(t, "uses_kms_key", "AWS::KMS::Key", &key_id));

    let p = found.get(TOPIC, &plain);
    assert!(p.configuration.get("KmsMasterKeyId").is_none(), "an unencrypted topic names no key: {}", p.configuration);
    assert!(p.configuration["Policy"]["Statement"].is_array(), "the default policy is decoded too");
    assert!(p.tags.is_empty());
}
