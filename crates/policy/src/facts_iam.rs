//! Derived facts of the IAM and account checks, beside the shared ones of `facts.rs`.
//!
//! **Time.** Rego gets no clock (regorus' `time` builtins are left out, and a check that
//! reads the clock is not reproducible), so every age is computed here against one
//! evaluation time: the newest `last_seen` of the inventory, i.e. when the latest
//! discovery saw the account. Evaluating the same inventory again gives the same results;
//! a key that passes 90 days between two scans fails on the scan after. The time is in
//! `facts.evaluated_at` (the evaluation day, `YYYY-MM-DD`) of every type below, for evidence. Ages are whole days
//! (`floor`); a date that is absent or that AWS writes as `N/A` / `no_information` gives
//! `null` ("never").
//!
//! | type | fact | shape |
//! | --- | --- | --- |
//! | IAM user | `age_days`, `password_last_used_days`, `login_profile_age_days` | days since `CreateDate`, `PasswordLastUsed`, the login profile's `CreateDate` (null: never / no console password) |
//! | IAM user | `access_keys` | `[{access_key_id, active, age_days, last_used_days}]` from `supplementary.AccessKeys` |
//! | IAM user | `credential_report` | `{known, row, password_last_changed_days}`: the user's row of the account's credential report; `known` false when no readable report is in the inventory |
//! | IAM role | `age_days`, `last_used_days` | days since `CreateDate` and `RoleLastUsed.LastUsedDate` |
//! | IAM user, group, role | `inline_admin_equivalent`, `inline_escalation` | `[{policy, sid, why}]` / `[{policy, sid, actions}]` over the inline policies (below) |
//! | IAM policy | `admin_equivalent`, `escalation` | the same over the default version (`policy` null) |
//! | IAM policy | `other_versions_admin` | ids of non-default versions that allow `*` on `*` |
//! | credential report | `root` | `{present, password_last_used_days, access_key_1_last_used_days, access_key_2_last_used_days, last_used_days}` of the `<root_account>` row (`last_used_days`: the most recent of the three) |
//! | server certificate | `expired`, `expires_in_days` | against the evaluation time (`expires_in_days` negative once expired) |
//! | `AWS::Account` | `support_role_entities` | `[{type, name}]`: users, groups and roles of the account with the AWS managed `AWSSupportAccess` policy attached |
//!
//! An **admin-equivalent** statement is an `Allow` on every resource (`*`, or any
//! `NotResource`) of `*` / `*:*`, of `iam:*` (which lets the holder grant itself
//! anything), or of `NotAction` whose exclusions spare IAM (`Allow NotAction s3:*` is
//! everything else, IAM included). An **escalation** statement is an `Allow` on a wide
//! resource (`*`, `…:*`, `…/*`, or `NotResource`), not admin-equivalent, whose actions
//! (wildcards expanded) include one of [`ESCALATION_ACTIONS`]: each lets its holder give
//! itself or another principal more permissions (after Rhino Security Labs' list,
//! <https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/>).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use meerkat_model::Resource;
use serde_json::{json, Map, Value};

/// The AWS managed policy whose attachment makes a support role (CIS 1.17).
const SUPPORT_POLICY_ARN: &str = "arn:aws:iam::aws:policy/AWSSupportAccess";

/// Actions that each let a principal raise its own (or another's) permissions when
/// allowed on a wide resource. Sorted; lowercase as the policy fact writes actions.
pub(crate) const ESCALATION_ACTIONS: &[&str] = &[
    "iam:addusertogroup",
    "iam:attachgrouppolicy",
    "iam:attachrolepolicy",
    "iam:attachuserpolicy",
    "iam:createaccesskey",
    "iam:createloginprofile",
    "iam:createpolicyversion",
    "iam:passrole",
    "iam:putgrouppolicy",
    "iam:putrolepolicy",
    "iam:putuserpolicy",
    "iam:setdefaultpolicyversion",
    "iam:updateassumerolepolicy",
    "iam:updateloginprofile",
    "sts:assumerole",
];

/// What the IAM facts need from other resources of the inventory.
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// The evaluation time: the newest `last_seen` of the inventory.
    evaluated_at: Option<DateTime<Utc>>,
    /// Accounts whose credential report is in the inventory and was parsed whole.
    reports: HashSet<String>,
    /// (account, user name) → the user's credential report row.
    report_rows: HashMap<(String, String), Value>,
    /// Account → `[{type, name}]` of entities with `AWSSupportAccess` attached.
    support: HashMap<String, Vec<Value>>,
    /// ARNs of customer-managed policies whose default version is admin-equivalent.
    admin_policies: HashSet<String>,
    /// Account → the roles IAM Identity Center provisioned in it (its permission sets).
    identity_center_roles: HashMap<String, Vec<String>>,
}

impl Context {
    /// Records what `r` contributes, if anything.
    pub(crate) fn add(&mut self, r: &Resource) {
        if self.evaluated_at.is_none_or(|t| r.last_seen > t) {
            self.evaluated_at = Some(r.last_seen);
        }
        match r.resource_type.as_str() {
            "AWS::IAM::CredentialReport" if !r.not_assessed.contains_key("Content") => {
                self.reports.insert(r.account_id.clone());
                for row in r.configuration.get("Content").and_then(Value::as_array).into_iter().flatten() {
                    if let Some(user) = row.get("user").and_then(Value::as_str) {
                        self.report_rows.insert((r.account_id.clone(), user.to_owned()), row.clone());
                    }
                }
            }
            "AWS::IAM::Policy" => {
                let document = r.supplementary.get("PolicyVersion").and_then(|v| v.get("Document"));
                let (admin, _) = document_analysis(document, &r.account_id, &Value::Null);
                if !admin.is_empty() {
                    if let Some(arn) = r.arn.as_deref().or(Some(r.resource_id.as_str())).filter(|a| a.starts_with("arn:")) {
                        self.admin_policies.insert(arn.to_owned());
                    }
                }
            }
            "AWS::IAM::User" | "AWS::IAM::Group" | "AWS::IAM::Role" => {
                let path = r.configuration.get("Path").and_then(Value::as_str).unwrap_or_default();
                if r.resource_type == "AWS::IAM::Role" && path.starts_with("/aws-reserved/sso.amazonaws.com/") {
                    let name = r.name.clone().unwrap_or_else(|| r.resource_id.clone());
                    self.identity_center_roles.entry(r.account_id.clone()).or_default().push(name);
                }
                let attached = r.supplementary.get("AttachedManagedPolicies").and_then(Value::as_array);
                if attached
                    .into_iter()
                    .flatten()
                    .any(|p| p.get("PolicyArn").and_then(Value::as_str) == Some(SUPPORT_POLICY_ARN))
                {
                    let entry = json!({"type": r.resource_type, "name": r.resource_id});
                    self.support.entry(r.account_id.clone()).or_default().push(entry);
                }
            }
            _ => {}
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.evaluated_at.unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
    }
}

/// Adds the IAM facts of `r` to `facts`.
pub(crate) fn derive(r: &Resource, ctx: &Context, facts: &mut Map<String, Value>) {
    let now = ctx.now();
    let days = |v: Option<&Value>| days_since(v, now);
    let cfg = &r.configuration;
    let own = r.account_id.as_str();
    let mut put = |k: &str, v: Value| {
        facts.insert(k.to_owned(), v);
    };
    let inline_key = match r.resource_type.as_str() {
        "AWS::IAM::User" => "UserPolicyList",
        "AWS::IAM::Group" => "GroupPolicyList",
        "AWS::IAM::Role" => "RolePolicyList",
        _ => "",
    };
    if !inline_key.is_empty() {
        let (admin, escalation) = inline_analysis(r.supplementary.get(inline_key), own);
        put("inline_admin_equivalent", admin);
        put("inline_escalation", escalation);
        // Customer-managed policies attached here whose default version grants admin
        // (the policy's own document is judged where the policy is collected).
        let attached = r.supplementary.get("AttachedManagedPolicies").and_then(Value::as_array).into_iter().flatten();
        let managed_admin: Vec<Value> = attached
            .filter_map(|p| p.get("PolicyArn").and_then(Value::as_str))
            .filter(|arn| ctx.admin_policies.contains(*arn))
            .map(|arn| json!(arn))
            .collect();
        put("customer_managed_admin", Value::Array(managed_admin));
    }
    match r.resource_type.as_str() {
        "AWS::IAM::User" => {
            put("evaluated_at", crate::facts::evaluation_day(now));
            put("age_days", days(cfg.get("CreateDate")));
            put("password_last_used_days", days(cfg.get("PasswordLastUsed")));
            put("login_profile_age_days", days(r.supplementary.get("LoginProfile").and_then(|p| p.get("CreateDate"))));
            let keys = r.supplementary.get("AccessKeys").and_then(Value::as_array).into_iter().flatten();
            let keys: Vec<Value> = keys
                .map(|k| {
                    json!({
                        "access_key_id": k.get("AccessKeyId"),
                        "active": k.get("Status").and_then(Value::as_str) == Some("Active"),
                        "age_days": days(k.get("CreateDate")),
                        "last_used_days": days(k.pointer("/AccessKeyLastUsed/LastUsedDate")),
                    })
                })
                .collect();
            put("access_keys", Value::Array(keys));
            let known = ctx.reports.contains(&r.account_id);
            let row = ctx.report_rows.get(&(r.account_id.clone(), r.resource_id.clone()));
            put(
                "credential_report",
                json!({
                    "known": known,
                    "row": row,
                    "password_last_changed_days": days(row.and_then(|row| row.get("password_last_changed"))),
                }),
            );
        }
        "AWS::IAM::Role" => {
            put("evaluated_at", crate::facts::evaluation_day(now));
            put("age_days", days(cfg.get("CreateDate")));
            put("last_used_days", days(cfg.pointer("/RoleLastUsed/LastUsedDate")));
        }
        "AWS::IAM::Policy" => {
            let document = r.supplementary.get("PolicyVersion").and_then(|v| v.get("Document"));
            let (admin, escalation) = document_analysis(document, own, &Value::Null);
            put("admin_equivalent", Value::Array(admin));
            put("escalation", Value::Array(escalation));
            let versions = r.supplementary.get("Versions").and_then(Value::as_array).into_iter().flatten();
            let other_admin: Vec<Value> = versions
                .filter(|v| v.get("IsDefaultVersion") != Some(&Value::Bool(true)))
                .filter(|v| crate::facts::policy_fact(v.get("Document"), own)["admin"] == true)
                .filter_map(|v| v.get("VersionId").cloned())
                .collect();
            put("other_versions_admin", Value::Array(other_admin));
        }
        "AWS::IAM::CredentialReport" => {
            put("evaluated_at", crate::facts::evaluation_day(now));
            let rows = cfg.get("Content").and_then(Value::as_array).into_iter().flatten();
            let root = rows.into_iter().find(|row| row.get("user").and_then(Value::as_str) == Some("<root_account>"));
            let column = |c: &str| days(root.and_then(|row| row.get(c)));
            let used = ["password_last_used", "access_key_1_last_used_date", "access_key_2_last_used_date"].map(column);
            let last = used.iter().filter_map(Value::as_i64).min();
            put(
                "root",
                json!({
                    "present": root.is_some(),
                    "password_last_used_days": used[0],
                    "access_key_1_last_used_days": used[1],
                    "access_key_2_last_used_days": used[2],
                    "last_used_days": last,
                }),
            );
        }
        "AWS::IAM::ServerCertificate" => {
            put("evaluated_at", crate::facts::evaluation_day(now));
            let expiration = parse_time(cfg.get("Expiration"));
            put("expired", json!(expiration.map(|t| t <= now)));
            put("expires_in_days", json!(expiration.map(|t| (t - now).num_seconds().div_euclid(86_400))));
        }
        "AWS::Account" => {
            put("support_role_entities", Value::Array(ctx.support.get(&r.account_id).cloned().unwrap_or_default()));
            let sso: Vec<Value> = ctx.identity_center_roles.get(&r.account_id).into_iter().flatten().map(|n| json!(n)).collect();
            put("identity_center_roles", Value::Array(sso));
        }
        _ => {}
    }
}

/// A date as AWS writes it (RFC 3339, as the collectors and the credential report do);
/// `None` for null, `N/A`, `no_information`, `not_supported` and anything unparsable.
fn parse_time(v: Option<&Value>) -> Option<DateTime<Utc>> {
    let text = v?.as_str()?;
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// Whole days from `v` to `now` (negative for a date after `now`), or null.
fn days_since(v: Option<&Value>, now: DateTime<Utc>) -> Value {
    json!(parse_time(v).map(|t| (now - t).num_seconds().div_euclid(86_400)))
}

/// Inline policies `[{PolicyName, PolicyDocument}]` → (admin-equivalent, escalation) lists.
fn inline_analysis(list: Option<&Value>, own: &str) -> (Value, Value) {
    let (mut admin, mut escalation) = (Vec::new(), Vec::new());
    for p in list.and_then(Value::as_array).into_iter().flatten() {
        let name = p.get("PolicyName").cloned().unwrap_or(Value::Null);
        let (a, e) = document_analysis(p.get("PolicyDocument"), own, &name);
        admin.extend(a);
        escalation.extend(e);
    }
    (Value::Array(admin), Value::Array(escalation))
}

/// The admin-equivalent and escalation statements of one document.
fn document_analysis(document: Option<&Value>, own: &str, policy: &Value) -> (Vec<Value>, Vec<Value>) {
    let fact = crate::facts::policy_fact(document, own);
    let (mut admin, mut escalation) = (Vec::new(), Vec::new());
    for s in fact["statements"].as_array().into_iter().flatten() {
        if s["effect"] != "Allow" {
            continue;
        }
        let list = |k: &str| s[k].as_array().into_iter().flatten().filter_map(Value::as_str).collect::<Vec<_>>();
        let (actions, not_actions, resources) = (list("actions"), list("not_actions"), list("resources"));
        let not_resource = !list("not_resources").is_empty();
        let every_resource = not_resource || resources.contains(&"*");
        let wide = not_resource || resources.iter().any(|r| *r == "*" || r.ends_with(":*") || r.ends_with("/*"));
        let why = if !every_resource {
            None
        } else if actions.iter().any(|a| *a == "*" || *a == "*:*") {
            Some("allows every action on every resource".to_owned())
        } else if actions.contains(&"iam:*") {
            Some("allows every IAM action on every resource, so its holder can grant itself anything".to_owned())
        } else if !not_actions.is_empty() && !not_actions.iter().any(|n| n.starts_with("iam:") || n.starts_with('*')) {
            Some(format!("allows every action except {} on every resource, IAM included", not_actions.join(", ")))
        } else {
            None
        };
        if let Some(why) = why {
            admin.push(json!({"policy": policy, "sid": s["sid"], "why": why}));
            continue;
        }
        if !wide {
            continue;
        }
        let matched: Vec<&str> = ESCALATION_ACTIONS
            .iter()
            .copied()
            .filter(|e| actions.iter().any(|pattern| glob_match(pattern, e)))
            .collect();
        if !matched.is_empty() {
            escalation.push(json!({"policy": policy, "sid": s["sid"], "actions": matched}));
        }
    }
    (admin, escalation)
}

/// IAM action matching: `*` any run of characters, `?` one character; both lowercase.
fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use meerkat_model::Scope;

    fn resource(t: &str, id: &str, configuration: Value, seen: &str) -> Resource {
        let scope = Scope { account_id: "111111111111".into(), region: "global".into(), resource_type: t.into() };
        Resource::new(&scope, id, configuration, seen.parse().unwrap())
    }

    #[test]
    fn escalation_actions_are_sorted() {
        let mut sorted = ESCALATION_ACTIONS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, ESCALATION_ACTIONS);
    }

    #[test]
    fn globs() {
        assert!(glob_match("iam:*", "iam:passrole"));
        assert!(glob_match("iam:put*policy", "iam:putrolepolicy"));
        assert!(glob_match("iam:?assrole", "iam:passrole"));
        assert!(!glob_match("iam:get*", "iam:passrole"));
        assert!(!glob_match("iam:passrole", "iam:passrole2"));
    }

    #[test]
    fn ages_use_the_newest_last_seen() {
        let mut user = resource(
            "AWS::IAM::User",
            "alice",
            json!({"CreateDate": "2026-01-01T00:00:00Z", "PasswordLastUsed": null}),
            "2026-03-01T00:00:00Z",
        );
        user.supplementary.insert(
            "AccessKeys".into(),
            json!([{"AccessKeyId": "AK1", "Status": "Active", "CreateDate": "2026-01-31T12:00:00Z", "AccessKeyLastUsed": {"LastUsedDate": "2026-02-28T23:00:00Z"}}]),
        );
        let later = resource("AWS::IAM::Group", "g", json!({}), "2026-03-11T00:00:00Z");
        let report = resource(
            "AWS::IAM::CredentialReport",
            "111111111111",
            json!({"Content": [
                {"user": "<root_account>", "password_last_used": "2026-03-10T00:00:00+00:00", "access_key_1_last_used_date": "N/A", "access_key_2_last_used_date": "N/A"},
                {"user": "alice", "password_last_changed": "2025-12-11T00:00:00+00:00"}]}),
            "2026-03-01T00:00:00Z",
        );
        let mut ctx = Context::default();
        for r in [&user, &later, &report] {
            ctx.add(r);
        }
        let mut facts = Map::new();
        derive(&user, &ctx, &mut facts);
        assert_eq!(facts["age_days"], 69);
        assert_eq!(facts["password_last_used_days"], Value::Null);
        assert_eq!(facts["access_keys"][0]["age_days"], 38);
        assert_eq!(facts["access_keys"][0]["last_used_days"], 10);
        assert_eq!(facts["access_keys"][0]["active"], true);
        assert_eq!(facts["credential_report"]["known"], true);
        assert_eq!(facts["credential_report"]["password_last_changed_days"], 90);
        let mut facts = Map::new();
        derive(&report, &ctx, &mut facts);
        assert_eq!(facts["root"]["last_used_days"], 1);
        assert_eq!(facts["root"]["access_key_1_last_used_days"], Value::Null);
    }

    #[test]
    fn admin_equivalent_and_escalation() {
        let doc = json!({"Statement": [
            {"Sid": "a", "Effect": "Allow", "Action": "iam:*", "Resource": "*"},
            {"Sid": "b", "Effect": "Allow", "NotAction": "s3:*", "Resource": "*"},
            {"Sid": "c", "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
            {"Sid": "d", "Effect": "Allow", "Action": ["iam:Pass*", "ec2:RunInstances"], "Resource": "arn:aws:iam::111111111111:role/*"},
            {"Sid": "e", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111111111111:role/app"},
            {"Sid": "f", "Effect": "Deny", "Action": "*", "Resource": "*"}]});
        let (admin, escalation) = document_analysis(Some(&doc), "111111111111", &Value::Null);
        assert_eq!(admin.iter().map(|a| a["sid"].clone()).collect::<Vec<_>>(), vec![json!("a"), json!("b")]);
        assert_eq!(escalation.len(), 1);
        assert_eq!(escalation[0]["sid"], "d");
        assert_eq!(escalation[0]["actions"], json!(["iam:passrole"]));
    }

    #[test]
    fn support_role_and_certificates() {
        let mut role = resource("AWS::IAM::Role", "support", json!({}), "2026-03-01T00:00:00Z");
        role.supplementary.insert(
            "AttachedManagedPolicies".into(),
            json!([{"PolicyName": "AWSSupportAccess", "PolicyArn": SUPPORT_POLICY_ARN}]),
        );
        let cert = resource(
            "AWS::IAM::ServerCertificate",
            "c",
            json!({"Expiration": "2026-02-27T00:00:00Z"}),
            "2026-03-01T00:00:00Z",
        );
        let account = resource("AWS::Account", "111111111111", Value::Null, "2026-03-01T00:00:00Z");
        let mut ctx = Context::default();
        ctx.add(&role);
        ctx.add(&cert);
        let mut facts = Map::new();
        derive(&account, &ctx, &mut facts);
        assert_eq!(facts["support_role_entities"], json!([{"type": "AWS::IAM::Role", "name": "support"}]));
        let mut facts = Map::new();
        derive(&cert, &ctx, &mut facts);
        assert_eq!(facts["expired"], true);
        assert_eq!(facts["expires_in_days"], -2);
    }
}
