//! `AWS::SecretsManager::Secret`: metadata only — rotation (enabled, rules, the rotation
//! function, last and next rotation), the KMS key, replication to other regions, deletion
//! pending, owning service, tags, and the resource policy (`GetResourcePolicy`, null when
//! there is none).
//!
//! Secret values are never read: the collector does not call GetSecretValue and its IAM
//! policy does not grant it. Secrets scheduled for deletion are listed too
//! (`IncludePlannedDeletion`): until the deletion date they still hold their value and
//! their policy still applies. `LastAccessedDate` moves with every read of the value and
//! `LastChangedDate` with every new value: both are volatile.

use aws_sdk_secretsmanager::types::SecretListEntry;

use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// The secret collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::SecretsManager::Secret",
    service: "secretsmanager",
    global: false,
    iam_actions: &["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:ListSecrets"],
    refresh_events: &[
        "CancelRotateSecret",
        "CreateSecret",
        "DeleteResourcePolicy",
        "DeleteSecret",
        "PutResourcePolicy",
        "RemoveRegionsFromReplication",
        "ReplicateSecretToRegions",
        "RestoreSecret",
        "RotateSecret",
        "StopReplicationToReplica",
        "TagResource",
        "UntagResource",
        "UpdateSecret",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let pages = ctx
        .secretsmanager(&scope.region)
        .list_secrets()
        .include_planned_deletion(true)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("secretsmanager", "ListSecrets", &scope.region))?;
    let secrets: Vec<SecretListEntry> =
        pages.into_iter().flat_map(|page| page.secret_list.unwrap_or_default()).collect();
    let resources = ctx.fan_out(secrets, |secret| resource(ctx, scope, secret)).await;
    Ok(resources.into_iter().flatten().collect())
}

/// Reads one secret's details; `None` when it was deleted since it was listed.
async fn resource(ctx: &ScanContext, scope: &Scope, e: SecretListEntry) -> Option<Resource> {
    let region = &scope.region;
    let client = ctx.secretsmanager(region);
    let arn = e.arn().unwrap_or_default().to_owned();
    let mut configuration = obj! {
        "ARN" => s(e.arn()),
        "Name" => s(e.name()),
        "Type" => s(e.r#type()),
        "Description" => s(e.description()),
        "KmsKeyId" => s(e.kms_key_id()),
        "RotationEnabled" => v(e.rotation_enabled()),
        "RotationLambdaARN" => s(e.rotation_lambda_arn()),
        "RotationRules" => e.rotation_rules().map(|r| obj! {
            "AutomaticallyAfterDays" => v(r.automatically_after_days()),
            "Duration" => s(r.duration()),
            "ScheduleExpression" => s(r.schedule_expression()),
        }).unwrap_or(Value::Null),
        "ExternalSecretRotationRoleArn" => s(e.external_secret_rotation_role_arn()),
        "ExternalSecretRotationMetadata" => list(e.external_secret_rotation_metadata(), |m| obj! { "Key" => s(m.key()), "Value" => s(m.value()) }),
        "LastRotatedDate" => t(e.last_rotated_date()),
        "NextRotationDate" => t(e.next_rotation_date()),
        "LastChangedDate" => t(e.last_changed_date()),
        "LastAccessedDate" => t(e.last_accessed_date()),
        "DeletedDate" => t(e.deleted_date()),
        "CreatedDate" => t(e.created_date()),
        "OwningService" => s(e.owning_service()),
        "PrimaryRegion" => s(e.primary_region()),
        "Tags" => list(e.tags(), |tag| obj! { "Key" => s(tag.key()), "Value" => s(tag.value()) }),
    };

    // ListSecrets lacks only the replicas; DescribeSecret adds them.
    let described = client
        .describe_secret()
        .secret_id(&arn)
        .send()
        .await
        .map_err(api_err!("secretsmanager", "DescribeSecret", region));
    let replication = match described {
        Ok(d) => Ok(list(d.replication_status(), |rs| {
            obj! {
                "Region" => s(rs.region()),
                "KmsKeyId" => s(rs.kms_key_id()),
                "Status" => s(rs.status()),
                "StatusMessage" => s(rs.status_message()),
                "LastAccessedDate" => t(rs.last_accessed_date()),
            }
        })),
        Err(err) if err.is_not_found() => return None,
        Err(err) => Err(err),
    };
    let mut replication_failure = None;
    if let Value::Object(map) = &mut configuration {
        match replication {
            Ok(value) => {
                map.insert("ReplicationStatus".into(), value);
            }
            Err(err) => replication_failure = Some(err),
        }
    }

    let mut r = Resource::new(scope, arn.clone(), configuration, ctx.now());
    r.arn = Some(arn.clone());
    r.name = e.name().map(str::to_owned);
    r.tags = tags(e.tags().iter().map(|tag| (tag.key(), tag.value())));
    r.volatile = vec![
        "configuration.LastAccessedDate".into(),
        "configuration.LastChangedDate".into(),
        "configuration.ReplicationStatus[].LastAccessedDate".into(),
    ];
    if let Some(err) = replication_failure {
        r.not_assessed.insert("ReplicationStatus".into(), format!("{}: {}", err.code, err.message));
    }
    if let Some(key) = e.kms_key_id().and_then(kms_key_id) {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    let policy = client
        .get_resource_policy()
        .secret_id(&arn)
        .send()
        .await
        .map_err(api_err!("secretsmanager", "GetResourcePolicy", region));
    supplement(
        &mut r,
        "ResourcePolicy",
        absent_if_not_found(policy).map(|o| o.and_then(|p| p.resource_policy().map(policy_document))),
    );
    Some(r.seal())
}
