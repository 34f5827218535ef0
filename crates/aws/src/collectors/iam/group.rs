//! `AWS::IAM::Group`: the group with its members, attached managed policies and inline
//! policies (decoded documents). Keyed by group name. IAM groups have no tags.
//!
//! Groups and their policies come in bulk from `GetAccountAuthorizationDetails`
//! (Filter=Group). Members come from a second paged GAAD call with Filter=User: each user
//! names its groups, so one pass over the account's users gives every group's members,
//! where `GetGroup` would cost a call per group. No call is made per group.

use std::collections::HashMap;

use aws_sdk_iam::types::{EntityType, GroupDetail};

use super::{authorization_details, record_attached, record_inline};
use crate::collectors::prelude::*;

/// The IAM group collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::Group",
    service: "iam",
    global: true,
    iam_actions: &["iam:GetAccountAuthorizationDetails"],
    refresh_events: &[
        "AddUserToGroup",
        "AttachGroupPolicy",
        "CreateGroup",
        "DeleteGroup",
        "DeleteGroupPolicy",
        "DetachGroupPolicy",
        "PutGroupPolicy",
        "RemoveUserFromGroup",
        "UpdateGroup",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let (groups, users) = futures::join!(
        authorization_details(&iam, &home, &[EntityType::Group]),
        authorization_details(&iam, &home, &[EntityType::User]),
    );
    let groups = groups?.groups;
    // `GetGroup`'s shape for each member: user name, id and ARN.
    let members: Result<HashMap<String, Vec<Value>>, ApiError> = users.map(|details| {
        let mut members: HashMap<String, Vec<Value>> = HashMap::new();
        for u in &details.users {
            let member = obj! { "UserName" => s(u.user_name()), "UserId" => s(u.user_id()), "Arn" => s(u.arn()) };
            for group in u.group_list() {
                members.entry(group.clone()).or_default().push(member.clone());
            }
        }
        members
    });
    Ok(groups.into_iter().filter_map(|g| group(ctx, scope, &members, g)).collect())
}

/// One group; `None` for an entry without a name.
fn group(
    ctx: &ScanContext,
    scope: &Scope,
    members: &Result<HashMap<String, Vec<Value>>, ApiError>,
    g: GroupDetail,
) -> Option<Resource> {
    let name = g.group_name()?.to_owned();
    let configuration = obj! {
        "Path" => s(g.path()),
        "GroupName" => v(&name),
        "GroupId" => s(g.group_id()),
        "Arn" => s(g.arn()),
        "CreateDate" => t(g.create_date()),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = g.arn().map(str::to_owned);
    r.name = Some(name.clone());
    let users = members
        .as_ref()
        .map(|by_group| Some(Value::Array(by_group.get(&name).cloned().unwrap_or_default())))
        .map_err(Clone::clone);
    supplement(&mut r, "Users", users);
    record_attached(&mut r, g.attached_managed_policies());
    record_inline(&mut r, "GroupPolicyList", g.group_policy_list());
    Some(r.seal())
}
