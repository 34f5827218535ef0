//! `AWS::IAM::Policy`: customer managed policies (`Scope=Local`; AWS managed policies are
//! the same in every account and left out), with the default version's decoded document,
//! every version's metadata, the users, groups and roles it is attached to, and tags.
//! Keyed by policy ARN: users, groups and roles point at it with `has_policy`.
//!
//! Non-default versions matter: anyone allowed `iam:SetDefaultPolicyVersion` can make an
//! old, broader version current, so their list is kept (documents only for the default).

use aws_sdk_iam::types::{Policy, PolicyScopeType, PolicyUsageType};
use aws_sdk_iam::Client;

use super::{iam_tags, not_assessed};
use crate::collectors::prelude::*;

/// The customer managed policy collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::Policy",
    service: "iam",
    global: true,
    iam_actions: &[
        "iam:GetPolicyVersion",
        "iam:ListEntitiesForPolicy",
        "iam:ListPolicies",
        "iam:ListPolicyTags",
        "iam:ListPolicyVersions",
    ],
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

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let policies = iam
        .list_policies()
        .scope(PolicyScopeType::Local)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListPolicies", &home))?;
    Ok(ctx.fan_out(policies, |p| policy(ctx, scope, &iam, &home, p)).await)
}

async fn policy(ctx: &ScanContext, scope: &Scope, iam: &Client, home: &str, p: Policy) -> Resource {
    let arn = p.arn().unwrap_or_default().to_owned();
    let configuration = obj! {
        "PolicyName" => s(p.policy_name()),
        "PolicyId" => s(p.policy_id()),
        "Arn" => s(p.arn()),
        "Path" => s(p.path()),
        "DefaultVersionId" => s(p.default_version_id()),
        "AttachmentCount" => v(p.attachment_count()),
        "PermissionsBoundaryUsageCount" => v(p.permissions_boundary_usage_count()),
        "IsAttachable" => v(p.is_attachable()),
        "Description" => s(p.description()),
        "CreateDate" => t(p.create_date()),
        "UpdateDate" => t(p.update_date()),
    };
    let mut r = Resource::new(scope, arn.clone(), configuration, ctx.now());
    r.arn = Some(arn.clone());
    r.name = p.policy_name().map(str::to_owned);

    // ListPolicies leaves tags out.
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
        Err(e) => not_assessed(&mut r, "Tags", &e),
    }

    let default = match p.default_version_id() {
        Some(version) => iam
            .get_policy_version()
            .policy_arn(&arn)
            .version_id(version)
            .send()
            .await
            .map_err(api_err!("iam", "GetPolicyVersion", home))
            .map(|out| {
                out.policy_version().map(|pv| {
                    obj! {
                        "VersionId" => s(pv.version_id()),
                        "IsDefaultVersion" => v(pv.is_default_version()),
                        "CreateDate" => t(pv.create_date()),
                        "Document" => pv.document().map(policy_document).unwrap_or(Value::Null),
                    }
                })
            }),
        None => Ok(None),
    };
    supplement(&mut r, "PolicyVersion", default);

    let versions = iam
        .list_policy_versions()
        .policy_arn(&arn)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListPolicyVersions", home));
    supplement(
        &mut r,
        "Versions",
        versions.map(|versions| {
            Some(list(&versions, |pv| {
                obj! {
                    "VersionId" => s(pv.version_id()),
                    "IsDefaultVersion" => v(pv.is_default_version()),
                    "CreateDate" => t(pv.create_date()),
                }
            }))
        }),
    );

    // Only attachments as permissions policy; boundary use is counted apart
    // (PermissionsBoundaryUsageCount), as AttachmentCount does.
    let entities = iam
        .list_entities_for_policy()
        .policy_arn(&arn)
        .policy_usage_filter(PolicyUsageType::PermissionsPolicy)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListEntitiesForPolicy", home));
    supplement(
        &mut r,
        "EntitiesForPolicy",
        entities.map(|pages| {
            let groups: Vec<_> = pages.iter().flat_map(|p| p.policy_groups()).collect();
            let users: Vec<_> = pages.iter().flat_map(|p| p.policy_users()).collect();
            let roles: Vec<_> = pages.iter().flat_map(|p| p.policy_roles()).collect();
            Some(obj! {
                "PolicyGroups" => list(&groups, |g| obj! { "GroupName" => s(g.group_name()), "GroupId" => s(g.group_id()) }),
                "PolicyUsers" => list(&users, |u| obj! { "UserName" => s(u.user_name()), "UserId" => s(u.user_id()) }),
                "PolicyRoles" => list(&roles, |x| obj! { "RoleName" => s(x.role_name()), "RoleId" => s(x.role_id()) }),
            })
        }),
    );
    r.seal()
}
