//! SQS: a queue open to everyone with a dead-letter queue and a customer key; message
//! traffic alone makes no new version.

use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::json;

use super::kms_key;
use crate::common::{account, Discovered};

const QUEUE: &str = "AWS::SQS::Queue";

#[tokio::test(flavor = "multi_thread")]
async fn queues_with_policy_encryption_redrive_and_tags() {
    let acct = account();
    let sqs = aws_sdk_sqs::Client::new(&acct.sdk("us-east-1").await);
    let (key_id, key_arn) = kms_key(&acct, "us-east-1").await;
    let dlq = sqs.create_queue().queue_name("orders-dlq").send().await.unwrap().queue_url.unwrap();
    let dlq_arn = format!("arn:aws:sqs:us-east-1:{}:orders-dlq", acct.account.id);
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]});
    let url = sqs
        .create_queue()
        .queue_name("orders")
        .attributes(QueueAttributeName::Policy, policy.to_string())
        .attributes(QueueAttributeName::KmsMasterKeyId, &key_arn)
        .attributes(QueueAttributeName::VisibilityTimeout, "45")
        .attributes(
            QueueAttributeName::RedrivePolicy,
            json!({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3}).to_string(),
        )
        .tags("Owner", "shop")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    sqs.create_queue()
        .queue_name("aws-managed")
        .attributes(QueueAttributeName::KmsMasterKeyId, "alias/aws/sqs")
        .send()
        .await
        .unwrap();

    let found = acct.discover(&["us-east-1"], &[QUEUE]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let q = found.get(QUEUE, "orders");
    let c = &q.configuration;
    assert_eq!(c["QueueUrl"], json!(url));
    assert_eq!(c["QueueArn"], json!(format!("arn:aws:sqs:us-east-1:{}:orders", acct.account.id)));
    assert_eq!(c["Policy"], policy, "the policy is decoded to JSON");
    assert_eq!(c["RedrivePolicy"]["deadLetterTargetArn"], json!(dlq_arn));
    assert_eq!(c["KmsMasterKeyId"], json!(key_arn));
    assert_eq!(c["VisibilityTimeout"], json!("45"), "attribute values stay the API's strings");
    assert_eq!(q.arn.as_deref(), c["QueueArn"].as_str());
    assert_eq!(q.tags.get("Owner").map(String::as_str), Some("shop"));
    assert!(q.not_assessed.is_empty(), "{:?}", q.not_assessed);
    assert!(Discovered::has_edge(q, "uses_kms_key", "AWS::KMS::Key", &key_id));

    let d = found.get(QUEUE, "orders-dlq");
    assert!(d.configuration.get("Policy").is_none(), "no policy was set: {}", d.configuration);
    assert!(d.configuration.get("KmsMasterKeyId").is_none());
    assert_eq!(d.configuration["QueueUrl"], json!(dlq));

    // An alias names no key id: the reference stays, without an edge.
    let m = found.get(QUEUE, "aws-managed");
    assert_eq!(m.configuration["KmsMasterKeyId"], json!("alias/aws/sqs"));
    assert!(!m.relationships.iter().any(|r| r.kind == "uses_kms_key"));

    // Messages change the counts, not the configuration.
    sqs.send_message().queue_url(&url).message_body("hello").send().await.unwrap();
    let again = acct.discover(&["us-east-1"], &[QUEUE]).await;
    let q2 = again.get(QUEUE, "orders");
    assert_eq!(q2.configuration["ApproximateNumberOfMessages"], json!("1"));
    assert_eq!(q2.config_hash, q.config_hash, "a message in the queue made a new version");
}
