//! `AWS::IAM::InstanceProfile`: the profile, its role (a `uses_role` edge to the role by
//! name) and tags. Keyed by instance profile name.
//!
//! `ListInstanceProfiles` leaves out tags, so each profile is read again with
//! `GetInstanceProfile` ([ListInstanceProfiles](https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfiles.html)).

use aws_sdk_iam::types::InstanceProfile;
use aws_sdk_iam::Client;

use super::{iam_tags, not_assessed};
use crate::collectors::prelude::*;

/// The IAM instance profile collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::InstanceProfile",
    service: "iam",
    global: true,
    iam_actions: &["iam:GetInstanceProfile", "iam:ListInstanceProfiles"],
    refresh_events: &[
        "AddRoleToInstanceProfile",
        "CreateInstanceProfile",
        "DeleteInstanceProfile",
        "RemoveRoleFromInstanceProfile",
        "TagInstanceProfile",
        "UntagInstanceProfile",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let profiles = iam
        .list_instance_profiles()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListInstanceProfiles", &home))?;
    let found = ctx.fan_out(profiles, |p| profile(ctx, scope, &iam, &home, p)).await;
    Ok(found.into_iter().flatten().collect())
}

/// One profile; `None` when it was deleted between the listing and the detail call.
async fn profile(
    ctx: &ScanContext,
    scope: &Scope,
    iam: &Client,
    home: &str,
    listed: InstanceProfile,
) -> Option<Resource> {
    let name = listed.instance_profile_name().to_owned();
    let got = iam
        .get_instance_profile()
        .instance_profile_name(&name)
        .send()
        .await
        .map_err(api_err!("iam", "GetInstanceProfile", home));
    let (p, detail_error) = match got {
        Ok(out) => (out.instance_profile.unwrap_or(listed), None),
        Err(e) if e.is_not_found() => return None,
        Err(e) => (listed, Some(e)),
    };
    // The role's own resource holds its trust policy and last use; here only which role.
    let configuration = obj! {
        "Path" => v(p.path()),
        "InstanceProfileName" => v(p.instance_profile_name()),
        "InstanceProfileId" => v(p.instance_profile_id()),
        "Arn" => v(p.arn()),
        "CreateDate" => t(Some(p.create_date())),
        "Roles" => list(p.roles(), |role| obj! {
            "Path" => v(role.path()),
            "RoleName" => v(role.role_name()),
            "RoleId" => v(role.role_id()),
            "Arn" => v(role.arn()),
        }),
    };
    let mut r = Resource::new(scope, name.clone(), configuration, ctx.now());
    r.arn = Some(p.arn().to_owned());
    r.name = Some(name);
    r.tags = iam_tags(p.tags());
    if let Some(e) = &detail_error {
        not_assessed(&mut r, "Tags", e);
    }
    for role in p.roles() {
        r.relationships.push(Relationship::new("uses_role", "AWS::IAM::Role", role.role_name()));
    }
    Some(r.seal())
}
