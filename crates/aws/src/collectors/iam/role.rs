//! `AWS::IAM::Role`: the role with its trust policy (decoded), maximum session duration,
//! permissions boundary, tags and last use, attached managed policies and inline policies
//! (decoded documents). Keyed by role name.
//!
//! `ListRoles` leaves out `PermissionsBoundary`, `RoleLastUsed` and `Tags`, so each role
//! is read again with `GetRole` ([ListRoles](https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html)).

use aws_sdk_iam::types::Role;
use aws_sdk_iam::Client;

use super::{boundary, iam_tags, not_assessed, record_attached, record_inline};
use crate::collectors::prelude::*;

/// The IAM role collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::Role",
    service: "iam",
    global: true,
    iam_actions: &[
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListRolePolicies",
        "iam:ListRoles",
    ],
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
    let roles = iam
        .list_roles()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListRoles", &home))?;
    let found = ctx.fan_out(roles, |role| read(ctx, scope, &iam, &home, role)).await;
    Ok(found.into_iter().flatten().collect())
}

/// One role; `None` when it was deleted between the listing and the detail calls.
async fn read(ctx: &ScanContext, scope: &Scope, iam: &Client, home: &str, listed: Role) -> Option<Resource> {
    let name = listed.role_name().to_owned();
    let got = iam.get_role().role_name(&name).send().await.map_err(api_err!("iam", "GetRole", home));
    let (role, detail_error) = match got {
        Ok(out) => (out.role.unwrap_or(listed), None),
        Err(e) if e.is_not_found() => return None,
        Err(e) => (listed, Some(e)),
    };
    let configuration = obj! {
        "Path" => v(role.path()),
        "RoleName" => v(role.role_name()),
        "RoleId" => v(role.role_id()),
        "Arn" => v(role.arn()),
        "CreateDate" => t(Some(role.create_date())),
        "AssumeRolePolicyDocument" => role.assume_role_policy_document().map(policy_document).unwrap_or(Value::Null),
        "Description" => s(role.description()),
        "MaxSessionDuration" => v(role.max_session_duration()),
        "PermissionsBoundary" => boundary(role.permissions_boundary()),
        "RoleLastUsed" => role.role_last_used().map(|l| obj! {
            "LastUsedDate" => t(l.last_used_date()),
            "Region" => s(l.region()),
        }).unwrap_or(Value::Null),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = Some(role.arn().to_owned());
    r.name = Some(name.clone());
    r.tags = iam_tags(role.tags());
    if let Some(e) = &detail_error {
        for key in ["PermissionsBoundary", "RoleLastUsed", "Tags"] {
            not_assessed(&mut r, key, e);
        }
    }

    let attached = iam
        .list_attached_role_policies()
        .role_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListAttachedRolePolicies", home));
    record_attached(&mut r, attached);

    let inline = iam
        .list_role_policies()
        .role_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListRolePolicies", home));
    let role_name = name.as_str();
    record_inline(&mut r, "RolePolicyList", inline, |policy| async move {
        iam.get_role_policy()
            .role_name(role_name)
            .policy_name(policy)
            .send()
            .await
            .map(|out| out.policy_document)
            .map_err(api_err!("iam", "GetRolePolicy", home))
    })
    .await;

    r.volatile = vec!["configuration.RoleLastUsed".into()];
    Some(r.seal())
}
