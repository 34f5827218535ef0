//! IAM collectors. IAM is global: every collector is listed once per account and calls
//! the home region's endpoint.
//!
//! Resource ids, which other collectors' relationships rely on:
//! - users, groups, roles, instance profiles and server certificates: the **name**
//!   (what CloudFormation's `Ref` returns; unique per account whatever the path);
//! - customer managed policies (`AWS::IAM::Policy`), SAML and OIDC providers: the **ARN**
//!   (AWS managed policies share names across accounts, and providers have no other id);
//! - account-level types (password policy, account summary, credential report): the
//!   account id.
//!
//! Users, groups and roles keep their attached managed policies, inline policies (with
//! decoded documents) and memberships under the names `GetAccountAuthorizationDetails`
//! uses for them (`AttachedManagedPolicies`, `UserPolicyList`, `GroupPolicyList`,
//! `RolePolicyList`), so a check reads the same shape for all three.
//!
//! They are read in bulk with `GetAccountAuthorizationDetails` (GAAD), each collector
//! filtering on its own entity type: one paged call returns every user (or role, group,
//! customer managed policy) with its inline policy documents, attached policies, group
//! list, tags, boundary, role trust policy and last use, and every policy version's
//! document. Read one by one the same costs 3 to 8 calls per entity, and IAM allows an
//! account only a few calls per second. Relations GAAD gives from the other side are
//! derived from one more paged GAAD call (a group's members from the users' group lists,
//! a policy's attachments from the entities' attached policies). What GAAD lacks comes
//! from one paged list (`PasswordLastUsed`: `ListUsers`; a user's groups' ARNs:
//! `ListGroups`; a role's `Description` and `MaxSessionDuration`: `ListRoles`) or stays
//! per entity where AWS has no bulk read (a user's access keys, MFA devices and login
//! profile; a policy's tags). See
//! [GetAccountAuthorizationDetails](https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html).

use aws_sdk_iam::types::{
    AttachedPermissionsBoundary, AttachedPolicy, EntityType, GroupDetail, ManagedPolicyDetail, PolicyDetail, RoleDetail,
    UserDetail,
};
use aws_sdk_iam::Client;

use super::prelude::*;
use super::Collector;

pub mod account_password_policy;
pub mod account_summary;
pub mod credential_report;
pub mod group;
pub mod instance_profile;
pub mod oidc_provider;
pub mod policy;
pub mod role;
pub mod saml_provider;
pub mod server_certificate;
pub mod user;

/// IAM collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[
    &user::COLLECTOR,
    &group::COLLECTOR,
    &role::COLLECTOR,
    &instance_profile::COLLECTOR,
    &policy::COLLECTOR,
    &account_password_policy::COLLECTOR,
    &account_summary::COLLECTOR,
    &credential_report::COLLECTOR,
    &saml_provider::COLLECTOR,
    &oidc_provider::COLLECTOR,
    &server_certificate::COLLECTOR,
];

/// IAM tags to the model's sorted map.
pub(crate) fn iam_tags(tags: &[aws_sdk_iam::types::Tag]) -> BTreeMap<String, String> {
    super::prelude::tags(tags.iter().map(|t| (Some(t.key()), Some(t.value()))))
}

/// `PermissionsBoundary` as the API shows it, or null when there is none.
pub(crate) fn boundary(b: Option<&AttachedPermissionsBoundary>) -> Value {
    b.map(|b| {
        obj! {
            "PermissionsBoundaryType" => s(b.permissions_boundary_type()),
            "PermissionsBoundaryArn" => s(b.permissions_boundary_arn()),
        }
    })
    .unwrap_or(Value::Null)
}

/// Records the attached managed policies under `AttachedManagedPolicies` with a
/// `has_policy` edge to each (target id: the policy ARN, AWS managed ones included).
pub(crate) fn record_attached(r: &mut Resource, policies: &[AttachedPolicy]) {
    for arn in policies.iter().filter_map(AttachedPolicy::policy_arn) {
        r.relationships.push(Relationship::new("has_policy", "AWS::IAM::Policy", arn));
    }
    r.supplementary.insert(
        "AttachedManagedPolicies".into(),
        list(policies, |p| obj! { "PolicyName" => s(p.policy_name()), "PolicyArn" => s(p.policy_arn()) }),
    );
}

/// Records inline policies as `[{PolicyName, PolicyDocument}]` under `key`, documents
/// decoded (GAAD returns them URL-encoded, like `GetUserPolicy`).
pub(crate) fn record_inline(r: &mut Resource, key: &str, policies: &[PolicyDetail]) {
    let value = list(policies, |p| {
        obj! {
            "PolicyName" => s(p.policy_name()),
            "PolicyDocument" => p.policy_document().map(policy_document).unwrap_or(Value::Null),
        }
    });
    r.supplementary.insert(key.to_owned(), value);
}

/// Everything one paged `GetAccountAuthorizationDetails` call returned, pages merged.
#[derive(Debug, Default)]
pub(crate) struct AuthorizationDetails {
    pub(crate) users: Vec<UserDetail>,
    pub(crate) groups: Vec<GroupDetail>,
    pub(crate) roles: Vec<RoleDetail>,
    pub(crate) policies: Vec<ManagedPolicyDetail>,
}

/// Reads `GetAccountAuthorizationDetails` for the entity types in `filter`, all pages.
/// Pages of 1,000 items (the API's maximum; the default is 100) keep the call count
/// down; IAM may still cut a page short when it is large, and the paginator follows.
pub(crate) async fn authorization_details(
    iam: &Client,
    home: &str,
    filter: &[EntityType],
) -> Result<AuthorizationDetails, ApiError> {
    let pages = iam
        .get_account_authorization_details()
        .set_filter(Some(filter.to_vec()))
        .max_items(1000)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "GetAccountAuthorizationDetails", home))?;
    let mut details = AuthorizationDetails::default();
    for page in pages {
        details.users.extend(page.user_detail_list.unwrap_or_default());
        details.groups.extend(page.group_detail_list.unwrap_or_default());
        details.roles.extend(page.role_detail_list.unwrap_or_default());
        details.policies.extend(page.policies.unwrap_or_default());
    }
    Ok(details)
}

/// Notes in `not_assessed` that `key` could not be read.
pub(crate) fn not_assessed(r: &mut Resource, key: &str, e: &ApiError) {
    r.not_assessed.insert(key.to_owned(), format!("{}: {}", e.code, e.message));
}

/// The last path segment of an IAM ARN (`…:saml-provider/Okta` → `Okta`).
pub(crate) fn arn_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_names() {
        assert_eq!(arn_name("arn:aws:iam::123456789012:saml-provider/Okta"), "Okta");
        assert_eq!(
            arn_name("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"),
            "token.actions.githubusercontent.com"
        );
        assert_eq!(arn_name("no-slash"), "no-slash");
    }
}
