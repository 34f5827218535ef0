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

use std::future::Future;

use aws_sdk_iam::types::{AttachedPermissionsBoundary, AttachedPolicy};

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
/// `has_policy` edge to each (target id: the policy ARN, AWS managed ones included), or
/// the error in `not_assessed`.
pub(crate) fn record_attached(r: &mut Resource, attached: Result<Vec<AttachedPolicy>, ApiError>) {
    if let Ok(policies) = &attached {
        for arn in policies.iter().filter_map(AttachedPolicy::policy_arn) {
            r.relationships.push(Relationship::new("has_policy", "AWS::IAM::Policy", arn));
        }
    }
    supplement(
        r,
        "AttachedManagedPolicies",
        attached.map(|policies| {
            Some(list(&policies, |p| obj! { "PolicyName" => s(p.policy_name()), "PolicyArn" => s(p.policy_arn()) }))
        }),
    );
}

/// Reads the document of each inline policy named by `names`, one call after the other
/// (the scope's `fan_out` already bounds how many entities are read at once), and
/// records `[{PolicyName, PolicyDocument}]` under `key`. A policy whose document could
/// not be read stays in the list without a document and is named in `not_assessed`, so
/// that a check never takes "unread" for "harmless"; one deleted since it was listed is
/// left out.
pub(crate) async fn record_inline<F, Fut>(r: &mut Resource, key: &str, names: Result<Vec<String>, ApiError>, get: F)
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<String, ApiError>>,
{
    let names = match names {
        Ok(names) => names,
        Err(e) => return supplement(r, key, Err(e)),
    };
    let mut policies = Vec::with_capacity(names.len());
    let mut failures = Vec::new();
    for name in names {
        match get(name.clone()).await {
            Ok(document) => {
                policies.push(obj! { "PolicyName" => v(&name), "PolicyDocument" => policy_document(&document) })
            }
            Err(e) if e.is_not_found() => {}
            Err(e) => {
                failures.push(format!("{name}: {}: {}", e.code, e.message));
                policies.push(obj! { "PolicyName" => v(&name) });
            }
        }
    }
    r.supplementary.insert(key.to_owned(), Value::Array(policies));
    if !failures.is_empty() {
        r.not_assessed.insert(key.to_owned(), failures.join("; "));
    }
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

    #[test]
    fn refresh_events_are_sorted_and_unique() {
        for c in COLLECTORS {
            let mut sorted = c.refresh_events.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, c.refresh_events, "{}", c.resource_type);
            let mut actions = c.iam_actions.to_vec();
            actions.sort_unstable();
            actions.dedup();
            assert_eq!(actions, c.iam_actions, "{}", c.resource_type);
            assert!(c.global && c.service == "iam", "{}", c.resource_type);
        }
    }
}
