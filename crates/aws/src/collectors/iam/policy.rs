//! `AWS::IAM::Policy`: customer managed policies (AWS managed policies are the same in
//! every account and left out), with the default version's decoded document, every
//! version with its decoded document, the users, groups and roles it is attached to, and
//! tags. Keyed by policy ARN: users, groups and roles point at it with `has_policy`.
//!
//! Non-default versions matter: anyone allowed `iam:SetDefaultPolicyVersion` can make an
//! old, broader version current, so every version keeps its document.
//!
//! Policies and all their versions come in bulk from `GetAccountAuthorizationDetails`
//! (Filter=LocalManagedPolicy). The attachments (`ListEntitiesForPolicy`'s shape) are
//! derived from a second paged GAAD call with Filter=User,Group,Role, whose entities name
//! their attached policies, instead of a call per policy. GAAD leaves tags out, so they
//! stay one `ListPolicyTags` call per policy.

use std::collections::HashMap;

use aws_sdk_iam::types::{EntityType, ManagedPolicyDetail, PolicyVersion};
use aws_sdk_iam::Client;

use super::{arn_name, authorization_details, iam_tags, not_assessed, AuthorizationDetails};
use crate::collectors::prelude::*;

/// The customer managed policy collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::Policy",
    service: "iam",
    global: true,
    iam_actions: &["iam:GetAccountAuthorizationDetails", "iam:ListPolicyTags"],
    refresh_events: &[
        "AttachGroupPolicy",
        "AttachRolePolicy",
        "AttachUserPolicy",
        "CreatePolicy",
        "CreatePolicyVersion",
        "DeletePolicy",
        "DeletePolicyVersion",
        "DeleteRolePermissionsBoundary",
        "DeleteUserPermissionsBoundary",
        "DetachGroupPolicy",
        "DetachRolePolicy",
        "DetachUserPolicy",
        "PutRolePermissionsBoundary",
        "PutUserPermissionsBoundary",
        "SetDefaultPolicyVersion",
        "TagPolicy",
        "UntagPolicy",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

/// `ListEntitiesForPolicy`'s lists for one policy: groups, users, roles.
#[derive(Debug, Default)]
struct Entities {
    groups: Vec<Value>,
    users: Vec<Value>,
    roles: Vec<Value>,
}

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let (policies, entities) = futures::join!(
        authorization_details(&iam, &home, &[EntityType::LocalManagedPolicy]),
        authorization_details(&iam, &home, &[EntityType::User, EntityType::Group, EntityType::Role]),
    );
    let policies = policies?.policies;
    let entities = entities.map(attachments);
    let entities = &entities;
    let found = ctx.fan_out(policies, |p| policy(ctx, scope, &iam, &home, entities, p)).await;
    Ok(found.into_iter().flatten().collect())
}

/// Attachments as permissions policy, by policy ARN. GAAD lists boundaries apart
/// (`PermissionsBoundary`), as `ListEntitiesForPolicy` with
/// `PolicyUsageFilter=PermissionsPolicy` and `AttachmentCount` leave them out.
fn attachments(details: AuthorizationDetails) -> HashMap<String, Entities> {
    let mut by_policy: HashMap<String, Entities> = HashMap::new();
    for g in &details.groups {
        let entry = obj! { "GroupName" => s(g.group_name()), "GroupId" => s(g.group_id()) };
        for arn in g.attached_managed_policies().iter().filter_map(|p| p.policy_arn()) {
            by_policy.entry(arn.to_owned()).or_default().groups.push(entry.clone());
        }
    }
    for u in &details.users {
        let entry = obj! { "UserName" => s(u.user_name()), "UserId" => s(u.user_id()) };
        for arn in u.attached_managed_policies().iter().filter_map(|p| p.policy_arn()) {
            by_policy.entry(arn.to_owned()).or_default().users.push(entry.clone());
        }
    }
    for role in &details.roles {
        let entry = obj! { "RoleName" => s(role.role_name()), "RoleId" => s(role.role_id()) };
        for arn in role.attached_managed_policies().iter().filter_map(|p| p.policy_arn()) {
            by_policy.entry(arn.to_owned()).or_default().roles.push(entry.clone());
        }
    }
    by_policy
}

/// A policy version in `GetPolicyVersion`'s shape, document decoded.
fn version(pv: &PolicyVersion) -> Value {
    obj! {
        "VersionId" => s(pv.version_id()),
        "IsDefaultVersion" => v(pv.is_default_version()),
        "CreateDate" => t(pv.create_date()),
        "Document" => pv.document().map(policy_document).unwrap_or(Value::Null),
    }
}

/// One policy; `None` for an entry without an ARN.
async fn policy(
    ctx: &ScanContext,
    scope: &Scope,
    iam: &Client,
    home: &str,
    entities: &Result<HashMap<String, Entities>, ApiError>,
    p: ManagedPolicyDetail,
) -> Option<Resource> {
    let arn = p.arn()?.to_owned();
    // AWS always names the policy; moto's GAAD leaves PolicyName (and PolicyId) out. A
    // policy ARN ends in the name (names cannot contain '/'), so nothing is guessed.
    let name = p.policy_name().unwrap_or_else(|| arn_name(&arn)).to_owned();
    let configuration = obj! {
        "PolicyName" => v(&name),
        "PolicyId" => s(p.policy_id()),
        "Arn" => v(&arn),
        "Path" => s(p.path()),
        "DefaultVersionId" => s(p.default_version_id()),
        "AttachmentCount" => v(p.attachment_count()),
        "PermissionsBoundaryUsageCount" => v(p.permissions_boundary_usage_count()),
        "IsAttachable" => v(p.is_attachable()),
        // An empty description is no description (moto answers `<Description/>`).
        "Description" => s(p.description().filter(|d| !d.is_empty())),
        "CreateDate" => t(p.create_date()),
        "UpdateDate" => t(p.update_date()),
    };
    let mut r = Resource::new(scope, arn.clone(), configuration, ctx.now());
    r.arn = Some(arn.clone());
    r.name = Some(name);

    let tags = iam
        .list_policy_tags()
        .policy_arn(&arn)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListPolicyTags", home));
    match tags {
        Ok(tags) => r.tags = iam_tags(&tags),
        // Deleted since GAAD listed it.
        Err(e) if e.is_not_found() => return None,
        Err(e) => not_assessed(&mut r, "Tags", &e),
    }

    let versions = p.policy_version_list();
    let default = match p.default_version_id() {
        None => Ok(None),
        Some(id) => match versions.iter().find(|pv| pv.version_id() == Some(id)) {
            Some(pv) => Ok(Some(version(pv))),
            None => Err(format!("default version {id} missing from GetAccountAuthorizationDetails' PolicyVersionList")),
        },
    };
    match default {
        Ok(value) => supplement(&mut r, "PolicyVersion", Ok(value)),
        Err(why) => {
            r.not_assessed.insert("PolicyVersion".into(), why);
        }
    }
    r.supplementary.insert("Versions".into(), list(versions, version));

    let attached = entities.as_ref().map_err(Clone::clone).map(|by_policy| {
        let e = by_policy.get(&arn);
        let none: &[Value] = &[];
        Some(obj! {
            "PolicyGroups" => Value::Array(e.map_or(none, |e| &e.groups).to_vec()),
            "PolicyUsers" => Value::Array(e.map_or(none, |e| &e.users).to_vec()),
            "PolicyRoles" => Value::Array(e.map_or(none, |e| &e.roles).to_vec()),
        })
    });
    supplement(&mut r, "EntitiesForPolicy", attached);
    Some(r.seal())
}
