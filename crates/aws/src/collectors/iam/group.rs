//! `AWS::IAM::Group`: the group with its members, attached managed policies and inline
//! policies (decoded documents). Keyed by group name. IAM groups have no tags.

use aws_sdk_iam::types::Group;
use aws_sdk_iam::Client;

use super::{record_attached, record_inline};
use crate::collectors::prelude::*;

/// The IAM group collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::Group",
    service: "iam",
    global: true,
    iam_actions: &[
        "iam:GetGroup",
        "iam:GetGroupPolicy",
        "iam:ListAttachedGroupPolicies",
        "iam:ListGroupPolicies",
        "iam:ListGroups",
    ],
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
    let groups = iam
        .list_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListGroups", &home))?;
    let found = ctx.fan_out(groups, |g| group(ctx, scope, &iam, &home, g)).await;
    Ok(found.into_iter().flatten().collect())
}

/// One group; `None` when it was deleted between the listing and the detail calls.
async fn group(ctx: &ScanContext, scope: &Scope, iam: &Client, home: &str, g: Group) -> Option<Resource> {
    let name = g.group_name().to_owned();
    let configuration = obj! {
        "Path" => v(g.path()),
        "GroupName" => v(g.group_name()),
        "GroupId" => v(g.group_id()),
        "Arn" => v(g.arn()),
        "CreateDate" => t(Some(g.create_date())),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = Some(g.arn().to_owned());
    r.name = Some(name.clone());

    let members = iam
        .get_group()
        .group_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "GetGroup", home));
    match members {
        Err(e) if e.is_not_found() => return None,
        members => supplement(
            &mut r,
            "Users",
            members.map(|users| {
                Some(list(&users, |u| {
                    obj! {
                        "UserName" => v(u.user_name()),
                        "UserId" => v(u.user_id()),
                        "Arn" => v(u.arn()),
                    }
                }))
            }),
        ),
    }

    let attached = iam
        .list_attached_group_policies()
        .group_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListAttachedGroupPolicies", home));
    record_attached(&mut r, attached);

    let inline = iam
        .list_group_policies()
        .group_name(&name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListGroupPolicies", home));
    let group_name = name.as_str();
    record_inline(&mut r, "GroupPolicyList", inline, |policy| async move {
        iam.get_group_policy()
            .group_name(group_name)
            .policy_name(policy)
            .send()
            .await
            .map(|out| out.policy_document)
            .map_err(api_err!("iam", "GetGroupPolicy", home))
    })
    .await;
    Some(r.seal())
}
