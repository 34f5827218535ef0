//! `AWS::IAM::User`: the user (path, ARN, creation and password-last-used dates,
//! permissions boundary, tags) with its MFA devices, access keys and their last use,
//! console login profile, attached managed and inline policies (decoded documents), and
//! groups. Keyed by user name.
//!
//! Users, their policies, groups, tags and boundaries come in bulk from
//! `GetAccountAuthorizationDetails` (Filter=User). It leaves out `PasswordLastUsed`, which
//! `ListUsers` gives for all users in one paged call, and the group's path, id and ARN,
//! which `ListGroups` gives for all groups. MFA devices, access keys (with their last use)
//! and the login profile have no bulk API and are read per user.

use std::collections::HashMap;

use aws_sdk_iam::types::{AccessKeyMetadata, EntityType, Group, UserDetail};
use aws_sdk_iam::Client;

use super::{authorization_details, boundary, iam_tags, record_attached, record_inline};
use crate::collectors::prelude::*;

/// The IAM user collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::User",
    service: "iam",
    global: true,
    iam_actions: &[
        "iam:GetAccessKeyLastUsed",
        "iam:GetAccountAuthorizationDetails",
        "iam:GetLoginProfile",
        "iam:ListAccessKeys",
        "iam:ListGroups",
        "iam:ListMFADevices",
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
        "UpdateGroup",
        "UpdateLoginProfile",
        "UpdateUser",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

/// What the account-wide lists say about every user, shared by the per-user reads.
struct Lists {
    /// `PasswordLastUsed` by user name (`None`: never used), or why `ListUsers` failed.
    password_last_used: Result<HashMap<String, Option<aws_smithy_types::DateTime>>, ApiError>,
    /// Groups by name, or why `ListGroups` failed.
    groups: Result<HashMap<String, Group>, ApiError>,
}

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let (details, users, groups) = futures::join!(
        authorization_details(&iam, &home, &[EntityType::User]),
        iam.list_users().into_paginator().items().send().try_collect(),
        iam.list_groups().into_paginator().items().send().try_collect(),
    );
    let details = details?;
    let lists = Lists {
        password_last_used: users
            .map(|users: Vec<_>| {
                users.into_iter().map(|u| (u.user_name().to_owned(), u.password_last_used().copied())).collect()
            })
            .map_err(api_err!("iam", "ListUsers", &home)),
        groups: groups
            .map(|groups: Vec<Group>| groups.into_iter().map(|g| (g.group_name().to_owned(), g)).collect())
            .map_err(api_err!("iam", "ListGroups", &home)),
    };
    let lists = &lists;
    let found = ctx.fan_out(details.users, |u| user(ctx, scope, &iam, &home, lists, u)).await;
    Ok(found.into_iter().flatten().collect())
}

/// One user; `None` when it was deleted between the listing and the detail calls.
async fn user(
    ctx: &ScanContext,
    scope: &Scope,
    iam: &Client,
    home: &str,
    lists: &Lists,
    u: UserDetail,
) -> Option<Resource> {
    let name = u.user_name()?.to_owned();
    let password_last_used = match &lists.password_last_used {
        Ok(by_name) => by_name
            .get(&name)
            .copied()
            .ok_or_else(|| format!("{name}: not listed by ListUsers (created during the scan)")),
        Err(e) => Err(format!("{}: {}", e.code, e.message)),
    };
    let configuration = obj! {
        "Path" => s(u.path()),
        "UserName" => v(&name),
        "UserId" => s(u.user_id()),
        "Arn" => s(u.arn()),
        "CreateDate" => t(u.create_date()),
        "PasswordLastUsed" => t(password_last_used.as_ref().ok().copied().flatten().as_ref()),
        "PermissionsBoundary" => boundary(u.permissions_boundary()),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = u.arn().map(str::to_owned);
    r.name = Some(name.clone());
    r.tags = iam_tags(u.tags());
    if let Err(why) = password_last_used {
        r.not_assessed.insert("PasswordLastUsed".into(), why);
    }
    record_attached(&mut r, u.attached_managed_policies());
    record_inline(&mut r, "UserPolicyList", u.user_policy_list());
    record_groups(&mut r, u.group_list(), &lists.groups);

    let mfa = iam
        .list_mfa_devices()
        .user_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListMFADevices", home));
    if mfa.as_ref().is_err_and(ApiError::is_not_found) {
        return None;
    }
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
        Err(e) if e.is_not_found() => return None,
        Err(e) => supplement(&mut r, "AccessKeys", Err(e)),
    }

    // NoSuchEntity here means "no console password", not "no user".
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

    r.volatile = vec!["configuration.PasswordLastUsed".into(), "supplementary.AccessKeys[].AccessKeyLastUsed".into()];
    Some(r.seal())
}

/// Records the user's groups under `Groups` in `ListGroupsForUser`'s shape, with a
/// `member_of` edge to each. GAAD names the groups; their path, id and ARN come from
/// `ListGroups`. A group that list lacks (created during the scan, or the list failed)
/// keeps its name only and is named in `not_assessed`.
fn record_groups(r: &mut Resource, names: &[String], groups: &Result<HashMap<String, Group>, ApiError>) {
    let mut missing = Vec::new();
    let entries = names
        .iter()
        .map(|name| {
            r.relationships.push(Relationship::new("member_of", "AWS::IAM::Group", name));
            match groups.as_ref().ok().and_then(|by_name| by_name.get(name)) {
                Some(g) => obj! {
                    "Path" => v(g.path()),
                    "GroupName" => v(g.group_name()),
                    "GroupId" => v(g.group_id()),
                    "Arn" => v(g.arn()),
                },
                None => {
                    missing.push(name.as_str());
                    obj! { "GroupName" => v(name) }
                }
            }
        })
        .collect();
    r.supplementary.insert("Groups".into(), Value::Array(entries));
    if !missing.is_empty() {
        let why = match groups {
            Err(e) => format!("{}: {}", e.code, e.message),
            Ok(_) => "not listed by ListGroups (created during the scan)".to_owned(),
        };
        r.not_assessed.insert("Groups".into(), format!("{}: {why}", missing.join(", ")));
    }
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
