//! `AWS::SQS::Queue`: every attribute of `GetQueueAttributes(All)` — the access policy
//! (decoded to JSON), encryption (`SqsManagedSseEnabled`, `KmsMasterKeyId`), the redrive
//! and redrive-allow policies (decoded), visibility timeout, retention, FIFO settings —
//! plus the queue URL and tags.
//!
//! Attribute values are kept as the strings the API returns (`"30"`, `"true"`), as boto3
//! shows them. The message counts change with traffic, so they are volatile.

use aws_sdk_sqs::types::QueueAttributeName;

use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// The queue collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::SQS::Queue",
    service: "sqs",
    global: false,
    iam_actions: &["sqs:GetQueueAttributes", "sqs:ListQueueTags", "sqs:ListQueues"],
    refresh_events: &[
        "AddPermission",
        "CreateQueue",
        "DeleteQueue",
        "RemovePermission",
        "SetQueueAttributes",
        "TagQueue",
        "UntagQueue",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

/// Attributes holding JSON documents, decoded so that checks can read into them.
const JSON_ATTRIBUTES: &[&str] = &["Policy", "RedriveAllowPolicy", "RedrivePolicy"];

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    // ListQueues returns at most 1,000 queues and a NextToken only when MaxResults is set
    // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html).
    let urls = ctx
        .sqs(&scope.region)
        .list_queues()
        .max_results(1000)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("sqs", "ListQueues", &scope.region))?;
    let resources = ctx.fan_out(urls, |url| resource(ctx, scope, url)).await;
    Ok(resources.into_iter().flatten().collect())
}

/// Reads one queue; `None` when it was deleted since it was listed.
async fn resource(ctx: &ScanContext, scope: &Scope, url: String) -> Option<Resource> {
    let region = &scope.region;
    let client = ctx.sqs(region);
    let name = url.trim_end_matches('/').rsplit('/').next().unwrap_or(&url).to_owned();
    let attributes = client
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
        .map_err(api_err!("sqs", "GetQueueAttributes", region));
    let mut configuration = Map::new();
    configuration.insert("QueueUrl".into(), Value::String(url.clone()));
    let mut failure = None;
    match attributes {
        Ok(out) => {
            for (key, value) in out.attributes().into_iter().flatten() {
                let key = key.as_str();
                let value =
                    if JSON_ATTRIBUTES.contains(&key) { policy_document(value) } else { Value::String(value.clone()) };
                configuration.insert(key.to_owned(), value);
            }
        }
        Err(e) if queue_is_gone(&e) => return None,
        Err(e) => failure = Some(e),
    }
    let kms_key = configuration.get("KmsMasterKeyId").and_then(Value::as_str).and_then(kms_key_id);
    let arn = configuration.get("QueueArn").and_then(Value::as_str).map(str::to_owned);
    let mut r = Resource::new(scope, name.clone(), Value::Object(configuration), ctx.now());
    r.arn = arn.or_else(|| Some(ctx.arn("sqs", region, &name)));
    r.name = Some(name);
    r.volatile = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible"]
        .iter()
        .map(|field| format!("configuration.{field}"))
        .collect();
    if let Some(e) = failure {
        r.not_assessed.insert("Attributes".into(), format!("{}: {}", e.code, e.message));
    }
    if let Some(key) = kms_key {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    match client.list_queue_tags().queue_url(&url).send().await.map_err(api_err!("sqs", "ListQueueTags", region)) {
        Ok(out) => {
            r.tags = out.tags().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
        }
        Err(e) => {
            r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
        }
    }
    Some(r.seal())
}

/// SQS answers a queue deleted between ListQueues and the detail call with this code,
/// in its JSON protocol's and its older query protocol's spelling.
fn queue_is_gone(e: &ApiError) -> bool {
    matches!(e.code.as_str(), "QueueDoesNotExist" | "AWS.SimpleQueueService.NonExistentQueue")
}
