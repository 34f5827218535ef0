//! `AWS::SNS::Topic`: every attribute of `GetTopicAttributes` — the access policy and
//! delivery policies (decoded to JSON), `KmsMasterKeyId`, subscription counts, FIFO
//! settings, signature version, tracing — and tags.
//!
//! Attribute values are kept as the strings the API returns, as boto3 shows them.
//! `SubscriptionsPending` and `SubscriptionsDeleted` move as subscribers confirm or lapse,
//! so they are volatile; `SubscriptionsConfirmed` is kept (a check that an alarm topic has
//! a subscriber reads it).

use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// The topic collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::SNS::Topic",
    service: "sns",
    global: false,
    iam_actions: &["sns:GetTopicAttributes", "sns:ListTagsForResource", "sns:ListTopics"],
    refresh_events: &[
        "AddPermission",
        "ConfirmSubscription",
        "CreateTopic",
        "DeleteTopic",
        "RemovePermission",
        "SetTopicAttributes",
        "Subscribe",
        "TagResource",
        "Unsubscribe",
        "UntagResource",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

/// Attributes holding JSON documents, decoded so that checks can read into them.
const JSON_ATTRIBUTES: &[&str] =
    &["ArchivePolicy", "DataProtectionPolicy", "DeliveryPolicy", "EffectiveDeliveryPolicy", "Policy"];

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let topics = ctx
        .sns(&scope.region)
        .list_topics()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("sns", "ListTopics", &scope.region))?;
    let arns: Vec<String> = topics.iter().filter_map(|t| t.topic_arn().map(str::to_owned)).collect();
    let resources = ctx.fan_out(arns, |arn| resource(ctx, scope, arn)).await;
    Ok(resources.into_iter().flatten().collect())
}

/// Reads one topic; `None` when it was deleted since it was listed.
async fn resource(ctx: &ScanContext, scope: &Scope, arn: String) -> Option<Resource> {
    let region = &scope.region;
    let client = ctx.sns(region);
    let attributes = client
        .get_topic_attributes()
        .topic_arn(&arn)
        .send()
        .await
        .map_err(api_err!("sns", "GetTopicAttributes", region));
    let mut configuration = Map::new();
    configuration.insert("TopicArn".into(), Value::String(arn.clone()));
    let mut failure = None;
    match attributes {
        Ok(out) => {
            for (key, value) in out.attributes().into_iter().flatten() {
                // An unset document comes back as "" rather than absent.
                let value = if JSON_ATTRIBUTES.contains(&key.as_str()) && !value.is_empty() {
                    policy_document(value)
                } else {
                    Value::String(value.clone())
                };
                configuration.insert(key.clone(), value);
            }
        }
        // SNS says "NotFound" for a topic deleted since ListTopics.
        Err(e) if e.is_not_found() || e.code == "NotFound" => return None,
        Err(e) => failure = Some(e),
    }
    let kms_key = configuration.get("KmsMasterKeyId").and_then(Value::as_str).and_then(kms_key_id);
    let name = arn.rsplit(':').next().unwrap_or(&arn).to_owned();
    let mut r = Resource::new(scope, arn.clone(), Value::Object(configuration), ctx.now());
    r.arn = Some(arn.clone());
    r.name = Some(name);
    r.volatile = vec!["configuration.SubscriptionsPending".into(), "configuration.SubscriptionsDeleted".into()];
    if let Some(e) = failure {
        r.not_assessed.insert("Attributes".into(), format!("{}: {}", e.code, e.message));
    }
    if let Some(key) = kms_key {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    let out = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .map_err(api_err!("sns", "ListTagsForResource", region));
    match out {
        Ok(out) => r.tags = tags(out.tags().iter().map(|t| (Some(t.key()), Some(t.value())))),
        Err(e) => {
            r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
        }
    }
    Some(r.seal())
}
