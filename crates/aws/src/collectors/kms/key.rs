//! `AWS::KMS::Key`: every key of the region, customer managed and AWS managed
//! (`KeyManager` tells them apart), with its metadata (state, spec, usage, origin,
//! multi-Region setup, pending deletion), the default key policy, automatic rotation,
//! aliases and tags.
//!
//! Automatic rotation exists only for symmetric encryption keys whose key material KMS
//! generated, and only customer managed ones can be configured
//! (<https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html>): for every
//! other key `KeyRotationStatus` says `RotationApplicable: false` with the reason, instead
//! of an error or a misleading `KeyRotationEnabled: false`.
//!
//! A key policy can deny the scanner DescribeKey itself; such a key is still listed (its
//! id and ARN come from ListKeys) with the unread parts in `not_assessed`.

use aws_sdk_kms::types::{AliasListEntry, KeyManagerType, KeyMetadata, KeySpec, OriginType};

use crate::collectors::prelude::*;

/// The key collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::KMS::Key",
    service: "kms",
    global: false,
    iam_actions: &[
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListAliases",
        "kms:ListKeys",
        "kms:ListResourceTags",
    ],
    refresh_events: &[
        "CancelKeyDeletion",
        "CreateAlias",
        "CreateKey",
        "DeleteAlias",
        "DeleteImportedKeyMaterial",
        "DisableKey",
        "DisableKeyRotation",
        "EnableKey",
        "EnableKeyRotation",
        "ImportKeyMaterial",
        "PutKeyPolicy",
        "ReplicateKey",
        "RotateKeyOnDemand",
        "ScheduleKeyDeletion",
        "TagResource",
        "UntagResource",
        "UpdateAlias",
        "UpdateKeyDescription",
        "UpdatePrimaryRegion",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

/// Aliases of the region by target key id, or why they could not be listed.
type Aliases = Result<BTreeMap<String, Vec<AliasListEntry>>, ApiError>;

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let client = ctx.kms(&scope.region);
    let keys = client
        .list_keys()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("kms", "ListKeys", &scope.region))?;
    // One region-wide call rather than one per key; a failure marks every key's aliases
    // as not assessed but keeps the keys.
    let aliases: Aliases = client
        .list_aliases()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("kms", "ListAliases", &scope.region))
        .map(|entries| {
            let mut by_key: BTreeMap<String, Vec<AliasListEntry>> = BTreeMap::new();
            for entry in entries {
                if let Some(target) = entry.target_key_id() {
                    by_key.entry(target.to_owned()).or_default().push(entry);
                }
            }
            by_key
        });
    let keys: Vec<(String, Option<String>)> =
        keys.iter().filter_map(|k| k.key_id().map(|id| (id.to_owned(), k.key_arn().map(str::to_owned)))).collect();
    let resources = ctx.fan_out(keys, |(id, arn)| resource(ctx, scope, id, arn, &aliases)).await;
    Ok(resources.into_iter().flatten().collect())
}

/// Reads one key; `None` when it was deleted since it was listed.
async fn resource(
    ctx: &ScanContext,
    scope: &Scope,
    id: String,
    arn: Option<String>,
    aliases: &Aliases,
) -> Option<Resource> {
    let region = &scope.region;
    let client = ctx.kms(region);
    let described = client.describe_key().key_id(&id).send().await.map_err(api_err!("kms", "DescribeKey", region));
    let mut r = match described {
        Err(e) if e.is_not_found() => return None,
        Ok(out) if out.key_metadata().is_some() => {
            let m = out.key_metadata()?;
            let mut r = Resource::new(scope, id.clone(), configuration(m), ctx.now());
            r.arn = m.arn().map(str::to_owned).or(arn);
            let rotation = match rotation_not_applicable(m) {
                Some(reason) => Ok(Some(obj! { "RotationApplicable" => v(false), "Reason" => v(reason) })),
                None => client
                    .get_key_rotation_status()
                    .key_id(&id)
                    .send()
                    .await
                    .map_err(api_err!("kms", "GetKeyRotationStatus", region))
                    .map(|out| {
                        Some(obj! {
                            "RotationApplicable" => v(true),
                            "KeyRotationEnabled" => v(out.key_rotation_enabled()),
                            "RotationPeriodInDays" => v(out.rotation_period_in_days()),
                            "NextRotationDate" => t(out.next_rotation_date()),
                            "OnDemandRotationStartDate" => t(out.on_demand_rotation_start_date()),
                        })
                    }),
            };
            supplement(&mut r, "KeyRotationStatus", rotation);
            r
        }
        other => {
            let mut r = Resource::new(scope, id.clone(), obj! { "KeyId" => v(&id), "Arn" => v(&arn) }, ctx.now());
            r.arn = arn;
            let why = match other {
                Err(e) => format!("{}: {}", e.code, e.message),
                Ok(_) => "DescribeKey answered without KeyMetadata".to_owned(),
            };
            r.not_assessed.insert("KeyRotationStatus".into(), format!("unknown whether rotation applies: {why}"));
            r.not_assessed.insert("KeyMetadata".into(), why);
            r
        }
    };
    // Rotation moves these on its own, once a year or on the chosen period.
    r.volatile =
        vec!["configuration.CurrentKeyMaterialId".into(), "supplementary.KeyRotationStatus.NextRotationDate".into()];

    // "default" is the only key policy name KMS has ever had.
    let policy = client
        .get_key_policy()
        .key_id(&id)
        .policy_name("default")
        .send()
        .await
        .map_err(api_err!("kms", "GetKeyPolicy", region));
    supplement(&mut r, "KeyPolicy", policy.map(|out| out.policy().map(policy_document)));

    match aliases {
        Ok(by_key) => {
            let entries = by_key.get(&id).map(Vec::as_slice).unwrap_or_default();
            let mut entries = entries.to_vec();
            entries.sort_by(|a, b| a.alias_name().cmp(&b.alias_name()));
            r.name = entries.first().and_then(|a| a.alias_name()).map(str::to_owned);
            r.supplementary.insert(
                "Aliases".into(),
                list(&entries, |a| {
                    obj! {
                        "AliasName" => s(a.alias_name()),
                        "AliasArn" => s(a.alias_arn()),
                        "CreationDate" => t(a.creation_date()),
                        "LastUpdatedDate" => t(a.last_updated_date()),
                    }
                }),
            );
        }
        Err(e) => {
            r.not_assessed.insert("Aliases".into(), format!("{}: {}", e.code, e.message));
        }
    }

    let tag_pages = client
        .list_resource_tags()
        .key_id(&id)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("kms", "ListResourceTags", region));
    match tag_pages {
        Ok(pairs) => r.tags = tags(pairs.iter().map(|t| (Some(t.tag_key()), Some(t.tag_value())))),
        Err(e) => {
            r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
        }
    }
    Some(r.seal())
}

/// Why automatic rotation does not apply to this key, or `None` when it does.
fn rotation_not_applicable(m: &KeyMetadata) -> Option<&'static str> {
    if m.key_manager() == Some(&KeyManagerType::Aws) {
        return Some("AWS managed key: AWS rotates its key material every year and the rotation cannot be configured");
    }
    if m.key_spec().is_some_and(|spec| *spec != KeySpec::SymmetricDefault) {
        return Some("asymmetric and HMAC keys do not support automatic rotation");
    }
    match m.origin() {
        Some(OriginType::External) => Some("keys with imported key material do not support automatic rotation"),
        Some(OriginType::AwsCloudhsm | OriginType::ExternalKeyStore) => {
            Some("keys in a custom key store do not support automatic rotation")
        }
        _ => None,
    }
}

fn configuration(m: &KeyMetadata) -> Value {
    obj! {
        "AWSAccountId" => s(m.aws_account_id()),
        "KeyId" => v(m.key_id()),
        "Arn" => s(m.arn()),
        "CreationDate" => t(m.creation_date()),
        "Enabled" => v(m.enabled()),
        "Description" => s(m.description()),
        "KeyUsage" => s(m.key_usage()),
        "KeyState" => s(m.key_state()),
        "DeletionDate" => t(m.deletion_date()),
        "PendingDeletionWindowInDays" => v(m.pending_deletion_window_in_days()),
        "ValidTo" => t(m.valid_to()),
        "Origin" => s(m.origin()),
        "CustomKeyStoreId" => s(m.custom_key_store_id()),
        "CloudHsmClusterId" => s(m.cloud_hsm_cluster_id()),
        "ExpirationModel" => s(m.expiration_model()),
        "KeyManager" => s(m.key_manager()),
        "KeySpec" => s(m.key_spec()),
        "EncryptionAlgorithms" => list(m.encryption_algorithms(), |a| v(a.as_str())),
        "SigningAlgorithms" => list(m.signing_algorithms(), |a| v(a.as_str())),
        "MacAlgorithms" => list(m.mac_algorithms(), |a| v(a.as_str())),
        "KeyAgreementAlgorithms" => list(m.key_agreement_algorithms(), |a| v(a.as_str())),
        "MultiRegion" => v(m.multi_region()),
        "MultiRegionConfiguration" => m.multi_region_configuration().map(|c| obj! {
            "MultiRegionKeyType" => s(c.multi_region_key_type()),
            "PrimaryKey" => c.primary_key().map(|k| obj! { "Arn" => s(k.arn()), "Region" => s(k.region()) }).unwrap_or(Value::Null),
            "ReplicaKeys" => list(c.replica_keys(), |k| obj! { "Arn" => s(k.arn()), "Region" => s(k.region()) }),
        }).unwrap_or(Value::Null),
        "XksKeyConfiguration" => m.xks_key_configuration().map(|x| obj! { "Id" => s(x.id()) }).unwrap_or(Value::Null),
        "CurrentKeyMaterialId" => s(m.current_key_material_id()),
    }
}
