//! `AWS::IAM::Role`: the role with its trust policy (decoded), maximum session duration,
//! permissions boundary, tags and last use, attached managed policies and inline policies
//! (decoded documents). Keyed by role name.
//!
//! Everything but `Description` and `MaxSessionDuration` comes in bulk from
//! `GetAccountAuthorizationDetails` (Filter=Role); those two come from `ListRoles`, which
//! in turn leaves out the boundary, tags and last use
//! ([RoleDetail](https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleDetail.html)).
//! No call is made per role.

use std::collections::HashMap;

use aws_sdk_iam::types::{EntityType, Role, RoleDetail};

use super::{authorization_details, boundary, iam_tags, record_attached, record_inline};
use crate::collectors::prelude::*;

/// The IAM role collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::Role",
    service: "iam",
    global: true,
    iam_actions: &["iam:GetAccountAuthorizationDetails", "iam:ListRoles"],
    refresh_events: &[
        "AttachRolePolicy",
        "CreateRole",
        "CreateServiceLinkedRole",
        "DeleteRole",
        "DeleteRolePermissionsBoundary",
        "DeleteRolePolicy",
        "DeleteServiceLinkedRole",
        "DetachRolePolicy",
        "PutRolePermissionsBoundary",
        "PutRolePolicy",
        "TagRole",
        "UntagRole",
        "UpdateAssumeRolePolicy",
        "UpdateRole",
        "UpdateRoleDescription",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let (details, listed) = futures::join!(
        authorization_details(&iam, &home, &[EntityType::Role]),
        iam.list_roles().into_paginator().items().send().try_collect(),
    );
    // GAAD is the list: a role that only ListRoles shows was created or deleted while
    // the two calls ran, and the next scan settles it.
    let details = details?;
    let listed: Result<HashMap<String, Role>, ApiError> = listed
        .map(|roles: Vec<Role>| roles.into_iter().map(|r| (r.role_name().to_owned(), r)).collect())
        .map_err(api_err!("iam", "ListRoles", &home));
    Ok(details.roles.into_iter().filter_map(|role| read(ctx, scope, &listed, role)).collect())
}

/// One role; `None` for an entry without a name.
fn read(
    ctx: &ScanContext,
    scope: &Scope,
    listed: &Result<HashMap<String, Role>, ApiError>,
    role: RoleDetail,
) -> Option<Resource> {
    let name = role.role_name()?.to_owned();
    let from_list = match listed {
        Ok(by_name) => by_name
            .get(&name)
            .ok_or_else(|| format!("{name}: not listed by ListRoles (created during the scan)")),
        Err(e) => Err(format!("{}: {}", e.code, e.message)),
    };
    let listed_role = from_list.as_ref().ok();
    let configuration = obj! {
        "Path" => s(role.path()),
        "RoleName" => v(&name),
        "RoleId" => s(role.role_id()),
        "Arn" => s(role.arn()),
        "CreateDate" => t(role.create_date()),
        "AssumeRolePolicyDocument" => role.assume_role_policy_document().map(policy_document).unwrap_or(Value::Null),
        "Description" => s(listed_role.and_then(|l| l.description())),
        "MaxSessionDuration" => v(listed_role.and_then(|l| l.max_session_duration())),
        "PermissionsBoundary" => boundary(role.permissions_boundary()),
        "RoleLastUsed" => role.role_last_used().map(|l| obj! {
            "LastUsedDate" => t(l.last_used_date()),
            "Region" => s(l.region()),
        }).unwrap_or(Value::Null),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = role.arn().map(str::to_owned);
    r.name = Some(name);
    r.tags = iam_tags(role.tags());
    if let Err(why) = from_list {
        for key in ["Description", "MaxSessionDuration"] {
            r.not_assessed.insert(key.into(), why.clone());
        }
    }
    record_attached(&mut r, role.attached_managed_policies());
    record_inline(&mut r, "RolePolicyList", role.role_policy_list());
    r.volatile = vec!["configuration.RoleLastUsed".into()];
    Some(r.seal())
}
