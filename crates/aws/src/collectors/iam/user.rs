//! `AWS::IAM::User`: the user (path, ARN, creation and password-last-used dates,
//! permissions boundary, tags) with its MFA devices, access keys and their last use,
//! console login profile, attached managed and inline policies (decoded documents), and
//! groups. Keyed by user name.
//!
//! `ListUsers` leaves out tags and the permissions boundary, so each user is read again
//! with `GetUser` ([ListUsers](https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html)).

use aws_sdk_iam::types::{AccessKeyMetadata, User};
use aws_sdk_iam::Client;

use super::{boundary, iam_tags, not_assessed, record_attached, record_inline};
use crate::collectors::prelude::*;

/// The IAM user collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::User",
    service: "iam",
    global: true,
    iam_actions: &[
        "iam:GetAccessKeyLastUsed",
        "iam:GetLoginProfile",
        "iam:GetUser",
        "iam:GetUserPolicy",
        "iam:ListAccessKeys",
        "iam:ListAttachedUserPolicies",
        "iam:ListGroupsForUser",
        "iam:ListMFADevices",
        "iam:ListUserPolicies",
        "iam:ListUsers",
    ],
    refresh_events: &[
        "AddUserToGroup",
        "AttachUserPolicy",
        "ChangePassword",
        "CreateAccessKey",
        "CreateLoginProfile",
        "CreateUser",
        "DeactivateMFADevice",
        "DeleteAccessKey",
        "DeleteLoginProfile",
        "DeleteUser",
        "DeleteUserPermissionsBoundary",
        "DeleteUserPolicy",
        "DetachUserPolicy",
        "EnableMFADevice",
        "PutUserPermissionsBoundary",
        "PutUserPolicy",
        "RemoveUserFromGroup",
        "TagUser",
        "UntagUser",
        "UpdateAccessKey",
        "UpdateLoginProfile",
        "UpdateUser",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let users = iam
        .list_users()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListUsers", &home))?;
    let found = ctx.fan_out(users, |u| user(ctx, scope, &iam, &home, u)).await;
    Ok(found.into_iter().flatten().collect())
}

/// One user; `None` when it was deleted between the listing and the detail calls.
async fn user(ctx: &ScanContext, scope: &Scope, iam: &Client, home: &str, listed: User) -> Option<Resource> {
    let name = listed.user_name().to_owned();
    let got = iam.get_user().user_name(&name).send().await.map_err(api_err!("iam", "GetUser", home));
    let (u, detail_error) = match got {
        Ok(out) => (out.user.unwrap_or(listed), None),
        Err(e) if e.is_not_found() => return None,
        Err(e) => (listed, Some(e)),
    };
    let configuration = obj! {
        "Path" => v(u.path()),
        "UserName" => v(u.user_name()),
        "UserId" => v(u.user_id()),
        "Arn" => v(u.arn()),
        "CreateDate" => t(Some(u.create_date())),
        "PasswordLastUsed" => t(u.password_last_used()),
        "PermissionsBoundary" => boundary(u.permissions_boundary()),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = Some(u.arn().to_owned());
    r.name = Some(name.clone());
    r.tags = iam_tags(u.tags());
    if let Some(e) = &detail_error {
        not_assessed(&mut r, "Tags", e);
        not_assessed(&mut r, "PermissionsBoundary", e);
    }

    let mfa = iam
        .list_mfa_devices()
        .user_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListMFADevices", home));
    supplement(
        &mut r,
        "MFADevices",
        mfa.map(|devices| {
            // A virtual device's serial is its ARN (`arn:aws:iam::…:mfa/name`); a hardware
            // token's is the number printed on it.
            Some(list(&devices, |d| {
                obj! {
                    "UserName" => v(d.user_name()),
                    "SerialNumber" => v(d.serial_number()),
                    "EnableDate" => t(Some(d.enable_date())),
                }
            }))
        }),
    );

    let keys = iam
        .list_access_keys()
        .user_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListAccessKeys", home));
    match keys {
        Ok(keys) => {
            let mut out = Vec::with_capacity(keys.len());
            let mut failures = Vec::new();
            for key in keys {
                out.push(access_key(iam, home, &key, &mut failures).await);
            }
            r.supplementary.insert("AccessKeys".into(), Value::Array(out));
            if !failures.is_empty() {
                r.not_assessed.insert("AccessKeys[].AccessKeyLastUsed".into(), failures.join("; "));
            }
        }
        Err(e) => supplement(&mut r, "AccessKeys", Err(e)),
    }

    let login = iam.get_login_profile().user_name(&name).send().await.map_err(api_err!("iam", "GetLoginProfile", home));
    supplement(
        &mut r,
        "LoginProfile",
        absent_if_not_found(login).map(|o| {
            o.and_then(|out| out.login_profile).map(|p| {
                obj! {
                    "UserName" => v(p.user_name()),
                    "CreateDate" => t(Some(p.create_date())),
                    "PasswordResetRequired" => v(p.password_reset_required()),
                }
            })
        }),
    );

    let attached = iam
        .list_attached_user_policies()
        .user_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListAttachedUserPolicies", home));
    record_attached(&mut r, attached);

    let inline = iam
        .list_user_policies()
        .user_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListUserPolicies", home));
    let user_name = name.as_str();
    record_inline(&mut r, "UserPolicyList", inline, |policy| async move {
        iam.get_user_policy()
            .user_name(user_name)
            .policy_name(policy)
            .send()
            .await
            .map(|out| out.policy_document)
            .map_err(api_err!("iam", "GetUserPolicy", home))
    })
    .await;

    let groups = iam
        .list_groups_for_user()
        .user_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListGroupsForUser", home));
    if let Ok(groups) = &groups {
        for g in groups {
            r.relationships.push(Relationship::new("member_of", "AWS::IAM::Group", g.group_name()));
        }
    }
    supplement(
        &mut r,
        "Groups",
        groups.map(|groups| {
            Some(list(&groups, |g| {
                obj! {
                    "Path" => v(g.path()),
                    "GroupName" => v(g.group_name()),
                    "GroupId" => v(g.group_id()),
                    "Arn" => v(g.arn()),
                }
            }))
        }),
    );

    r.volatile = vec!["configuration.PasswordLastUsed".into(), "supplementary.AccessKeys[].AccessKeyLastUsed".into()];
    Some(r.seal())
}

/// One access key with its last use; a last use that could not be read is left out of
/// the key and named in `failures`.
async fn access_key(iam: &Client, home: &str, key: &AccessKeyMetadata, failures: &mut Vec<String>) -> Value {
    let id = key.access_key_id().unwrap_or_default();
    let last_used = iam
        .get_access_key_last_used()
        .access_key_id(id)
        .send()
        .await
        .map_err(api_err!("iam", "GetAccessKeyLastUsed", home));
    let last_used = match last_used {
        Ok(out) => out
            .access_key_last_used()
            .map(|l| {
                obj! {
                    "LastUsedDate" => t(l.last_used_date()),
                    "ServiceName" => v(l.service_name()),
                    "Region" => v(l.region()),
                }
            })
            .unwrap_or(Value::Null),
        Err(e) => {
            failures.push(format!("{id}: {}: {}", e.code, e.message));
            Value::Null
        }
    };
    obj! {
        "UserName" => s(key.user_name()),
        "AccessKeyId" => s(key.access_key_id()),
        "Status" => s(key.status()),
        "CreateDate" => t(key.create_date()),
        "AccessKeyLastUsed" => last_used,
    }
}
