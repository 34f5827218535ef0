//! Derived facts: what checks would otherwise compute again and again in Rego, computed
//! once per resource in Rust and put under `input.facts`. They keep checks short and
//! fast (DESIGN §6: checks on derived facts ran 3–4× faster than the same logic in
//! Rego). Every fact is a pure function of the resource and the [`Context`]; the shapes
//! are documented in `docs/policy-authoring.md`.

use std::collections::{BTreeSet, HashMap};

use meerkat_model::Resource;
use serde_json::{json, Map, Value};

/// What facts need from other resources of the inventory, gathered once.
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// Account id → the `configuration` of its `AWS::S3::AccountPublicAccessBlock`.
    pub account_public_access_block: HashMap<String, Value>,
    /// What the storage and network facts need (`facts_network.rs`).
    pub network: crate::facts_network::Context,
    /// What the IAM and account facts need, and the evaluation time (`facts_iam.rs`).
    pub iam: crate::facts_iam::Context,
    /// What the data-service, logging and monitoring facts need (`facts_logging.rs`).
    pub logging: crate::facts_logging::Context,
}

impl Context {
    /// Takes what facts of other resources need from `r`.
    pub(crate) fn add(&mut self, r: &Resource) {
        self.network.add(r);
        self.iam.add(r);
        self.logging.add(r);
        if r.resource_type == "AWS::S3::AccountPublicAccessBlock" && r.not_assessed.is_empty() {
            self.account_public_access_block.insert(r.account_id.clone(), r.configuration.clone());
        }
    }
}

/// `facts.evaluated_at`: the evaluation *day*. Checks compare it with dates and show it
/// as evidence; a day, not an instant, so that a verdict's fingerprint (which covers the
/// facts) changes once a day, not at every scan.
pub(crate) fn evaluation_day(now: chrono::DateTime<chrono::Utc>) -> Value {
    Value::String(now.format("%Y-%m-%d").to_string())
}

/// The `facts` object of one resource (an empty object for types without facts).
pub(crate) fn derive(r: &Resource, ctx: &Context) -> Value {
    let mut facts = Map::new();
    crate::facts_network::derive(r, &ctx.network, &mut facts);
    crate::facts_logging::derive(r, &ctx.logging, &mut facts);
    crate::facts_iam::derive(r, &ctx.iam, &mut facts);
    let own = r.account_id.as_str();
    match r.resource_type.as_str() {
        "AWS::S3::Bucket" => {
            facts.insert("resource_policy".into(), policy_fact(r.supplementary.get("BucketPolicy"), own));
            facts.insert("acl_public_grants".into(), acl_public_grants(r.supplementary.get("BucketAcl")));
            facts.insert("public_access_block".into(), effective_public_access_block(r, ctx));
        }
        "AWS::SQS::Queue" | "AWS::SNS::Topic" => {
            facts.insert("resource_policy".into(), policy_fact(r.configuration.get("Policy"), own));
        }
        "AWS::KMS::Key" => {
            facts.insert("resource_policy".into(), policy_fact(r.supplementary.get("KeyPolicy"), own));
        }
        "AWS::Lambda::Function" => {
            facts.insert("resource_policy".into(), policy_fact(r.supplementary.get("Policy"), own));
        }
        "AWS::SecretsManager::Secret" => {
            facts.insert("resource_policy".into(), policy_fact(r.supplementary.get("ResourcePolicy"), own));
        }
        "AWS::IAM::Role" => {
            facts.insert("trust_policy".into(), policy_fact(r.configuration.get("AssumeRolePolicyDocument"), own));
            facts.insert("inline_admin_policies".into(), inline_admin(r.supplementary.get("RolePolicyList"), own));
        }
        "AWS::IAM::User" => {
            facts.insert("inline_admin_policies".into(), inline_admin(r.supplementary.get("UserPolicyList"), own));
        }
        "AWS::IAM::Group" => {
            facts.insert("inline_admin_policies".into(), inline_admin(r.supplementary.get("GroupPolicyList"), own));
        }
        "AWS::IAM::Policy" => {
            let document = r.supplementary.get("PolicyVersion").and_then(|v| v.get("Document"));
            facts.insert("default_version".into(), policy_fact(document, own));
        }
        "AWS::EC2::SecurityGroup" => {
            facts.insert("world_open_ingress".into(), world_open_ingress(r.configuration.get("IpPermissions")));
        }
        _ => {}
    }
    Value::Object(facts)
}

/// Condition keys that pin who may use an `Allow` to `*` to known accounts, networks or
/// calling services. A statement with one of them (and a value that is not itself a
/// wildcard) is not counted as public. The list follows what AWS's own "public" analysis
/// treats as restricting:
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status>
const RESTRICTING_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceip",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourceowner",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:userid",
    "aws:username",
    "kms:calleraccount",
    "lambda:eventsourcetoken",
];

/// Values that restrict nothing.
fn is_wildcard_value(v: &str) -> bool {
    matches!(v, "*" | "0.0.0.0/0" | "::/0")
}

/// A string or list of strings, as IAM writes either.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

/// The account id in a principal: a bare 12-digit id or the account field of an ARN.
fn principal_account(p: &str) -> Option<String> {
    let candidate = if p.starts_with("arn:") { p.split(':').nth(4)? } else { p };
    (candidate.len() == 12 && candidate.bytes().all(|b| b.is_ascii_digit())).then(|| candidate.to_owned())
}

/// The normalised form of a resource-based, trust or identity policy document, with the
/// flags most checks ask about. `document` may be absent (`present: false`), a parsed
/// object, or a string the collector could not parse (`valid: false`).
pub(crate) fn policy_fact(document: Option<&Value>, own_account: &str) -> Value {
    let doc = match document {
        None | Some(Value::Null) => return json!({"present": false, "valid": true, "statements": [], "public": false, "cross_account": [], "admin": false}),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(v) => v,
            Err(e) => {
                return json!({"present": true, "valid": false, "error": e.to_string(), "statements": [], "public": false, "cross_account": [], "admin": false})
            }
        },
        Some(v) => v.clone(),
    };
    let raw_statements: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    let mut statements = Vec::with_capacity(raw_statements.len());
    let (mut public, mut admin) = (false, false);
    let mut cross: BTreeSet<String> = BTreeSet::new();
    for (index, s) in raw_statements.into_iter().enumerate() {
        let n = statement(s, index, own_account);
        public |= n["public"].as_bool().unwrap_or(false);
        admin |= n["admin"].as_bool().unwrap_or(false);
        if n["effect"] == "Allow" {
            for a in n["cross_account"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                cross.insert(a.to_owned());
            }
        }
        statements.push(n);
    }
    json!({
        "present": true,
        "valid": true,
        "statements": statements,
        "public": public,
        "cross_account": cross.into_iter().collect::<Vec<_>>(),
        "admin": admin,
    })
}

fn statement(s: &Value, index: usize, own_account: &str) -> Value {
    let effect = s.get("Effect").and_then(Value::as_str).unwrap_or("Deny");
    let allow = effect == "Allow";
    let (principal_value, not_principal) = match (s.get("Principal"), s.get("NotPrincipal")) {
        (Some(p), _) => (Some(p), false),
        (None, Some(p)) => (Some(p), true),
        (None, None) => (None, false),
    };
    let mut principals: Map<String, Value> = Map::new();
    let mut any_principal = false;
    match principal_value {
        Some(Value::String(p)) => {
            any_principal |= p == "*";
            principals.insert("aws".into(), json!([p]));
        }
        Some(Value::Object(map)) => {
            for (kind, v) in map {
                let list = strings(Some(v));
                if kind == "AWS" && list.iter().any(|p| p == "*") {
                    any_principal = true;
                }
                let key = match kind.as_str() {
                    "AWS" => "aws",
                    "Service" => "service",
                    "Federated" => "federated",
                    "CanonicalUser" => "canonical_user",
                    other => other,
                };
                principals.insert(key.to_owned(), json!(list));
            }
        }
        _ => {}
    }
    let accounts: BTreeSet<String> = principals.get("aws").into_iter().flat_map(|v| strings(Some(v))).filter_map(|p| principal_account(&p)).collect();
    let cross_account: Vec<&String> = accounts.iter().filter(|a| a.as_str() != own_account).collect();
    let lower = |v: Option<&Value>| strings(v).into_iter().map(|x| x.to_ascii_lowercase()).collect::<Vec<_>>();
    let actions = lower(s.get("Action"));
    let not_actions = lower(s.get("NotAction"));
    let resources = strings(s.get("Resource"));
    let not_resources = strings(s.get("NotResource"));
    let mut conditions = Vec::new();
    let mut restricted = false;
    if let Some(Value::Object(ops)) = s.get("Condition") {
        for (operator, keys) in ops {
            let Value::Object(keys) = keys else { continue };
            for (key, values) in keys {
                let key = key.to_ascii_lowercase();
                let values = match values {
                    Value::Array(_) | Value::String(_) => strings(Some(values)),
                    other => vec![other.to_string()],
                };
                // `ForAnyValue:`/`ForAllValues:` prefixes and `IfExists` suffixes keep the key.
                let op = operator.to_ascii_lowercase();
                let negated = op.contains("not");
                if RESTRICTING_KEYS.contains(&key.as_str()) && !negated && !values.iter().all(|v| is_wildcard_value(v)) {
                    restricted = true;
                }
                conditions.push(json!({"operator": operator, "key": key, "values": values}));
            }
        }
    }
    // An Allow with NotPrincipal grants everyone but the named: as public as `*`.
    let everyone = any_principal || (not_principal && allow);
    let wildcard_action = actions.iter().any(|a| a == "*" || a == "*:*");
    let wildcard_resource = resources.iter().any(|r| r == "*");
    json!({
        // Reasons name the statement: by its Sid, or by its position when it has none
        // ("statement #2"), never "statement null".
        "sid": s
            .get("Sid")
            .filter(|v| v.as_str().is_some_and(|t| !t.is_empty()))
            .cloned()
            .unwrap_or_else(|| Value::String(format!("#{}", index + 1))),
        "effect": effect,
        "principals": principals,
        "any_principal": everyone,
        "not_principal": not_principal,
        "accounts": accounts,
        "cross_account": cross_account,
        "actions": actions,
        "not_actions": not_actions,
        "resources": resources,
        "not_resources": not_resources,
        "conditions": conditions,
        "restricted_by_condition": restricted,
        "public": allow && everyone && !restricted,
        "admin": allow && wildcard_action && wildcard_resource,
        "external_id_required": conditions.iter().any(|c| c["key"] == "sts:externalid"),
        "mfa_required": conditions.iter().any(|c| c["key"] == "aws:multifactorauthpresent"),
    })
}

/// Names of inline policies whose document allows `*` on `*`.
fn inline_admin(list: Option<&Value>, own: &str) -> Value {
    let names: Vec<Value> = list
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| policy_fact(p.get("PolicyDocument"), own)["admin"] == true)
        .map(|p| p.get("PolicyName").cloned().unwrap_or(Value::Null))
        .collect();
    Value::Array(names)
}

/// The ACL grantee groups that make a bucket public.
const PUBLIC_GROUPS: &[&str] =
    &["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

fn acl_public_grants(acl: Option<&Value>) -> Value {
    let grants = acl.and_then(|a| a.get("Grants")).and_then(Value::as_array).into_iter().flatten();
    Value::Array(
        grants
            .filter(|g| g.pointer("/Grantee/URI").and_then(Value::as_str).is_some_and(|u| PUBLIC_GROUPS.contains(&u)))
            .map(|g| json!({"grantee": g.pointer("/Grantee/URI"), "permission": g.get("Permission")}))
            .collect(),
    )
}

/// S3 applies the more restrictive of the bucket's and the account's Block Public Access
/// settings (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>).
/// `known` is false when the account's setting is not in the inventory: a check that
/// would fail or pass on it must say NOT_ASSESSED.
fn effective_public_access_block(r: &Resource, ctx: &Context) -> Value {
    let bucket = r.supplementary.get("PublicAccessBlockConfiguration");
    let account = ctx.account_public_access_block.get(&r.account_id);
    let flag = |name: &str| {
        let b = bucket.and_then(|b| b.get(name)).and_then(Value::as_bool).unwrap_or(false);
        let a = account.and_then(|a| a.get(name)).and_then(Value::as_bool).unwrap_or(false);
        b || a
    };
    json!({
        "block_public_acls": flag("BlockPublicAcls"),
        "ignore_public_acls": flag("IgnorePublicAcls"),
        "block_public_policy": flag("BlockPublicPolicy"),
        "restrict_public_buckets": flag("RestrictPublicBuckets"),
        "account_known": account.is_some(),
    })
}

/// Protocol names for the numbers the EC2 API also accepts.
fn protocol_name(p: &str) -> &str {
    match p {
        "-1" => "all",
        "6" => "tcp",
        "17" => "udp",
        "1" => "icmp",
        "58" => "icmpv6",
        other => other,
    }
}

/// Ingress rules open to `0.0.0.0/0` or `::/0`, one entry per (rule, range), with ports
/// made explicit: protocol `-1` (`all`) opens every port, and a tcp/udp rule without
/// ports does too. ICMP rules keep `from_port`/`to_port` null (they are type and code).
fn world_open_ingress(permissions: Option<&Value>) -> Value {
    let mut out = Vec::new();
    for p in permissions.and_then(Value::as_array).into_iter().flatten() {
        let protocol = protocol_name(p.get("IpProtocol").and_then(Value::as_str).unwrap_or("-1")).to_owned();
        let (from, to) = match protocol.as_str() {
            "all" => (Some(0), Some(65535)),
            "icmp" | "icmpv6" => (None, None),
            _ => (
                Some(p.get("FromPort").and_then(Value::as_i64).unwrap_or(0)),
                Some(p.get("ToPort").and_then(Value::as_i64).unwrap_or(65535)),
            ),
        };
        let ranges = p
            .get("IpRanges")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r.get("CidrIp").and_then(Value::as_str))
            .filter(|c| *c == "0.0.0.0/0")
            .map(|c| (c, false))
            .chain(
                p.get("Ipv6Ranges")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.get("CidrIpv6").and_then(Value::as_str))
                    .filter(|c| *c == "::/0")
                    .map(|c| (c, true)),
            );
        for (cidr, ipv6) in ranges {
            out.push(json!({
                "protocol": protocol,
                "from_port": from,
                "to_port": to,
                "all_ports": from == Some(0) && to == Some(65535),
                "cidr": cidr,
                "ipv6": ipv6,
            }));
        }
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_principal_without_restricting_condition_is_public() {
        let doc = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
        let f = policy_fact(Some(&doc), "111111111111");
        assert_eq!(f["public"], true);
        let doc = json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"], "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}});
        assert_eq!(policy_fact(Some(&doc), "1")["public"], false);
        let doc = json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}});
        assert_eq!(policy_fact(Some(&doc), "1")["public"], true, "a wildcard value restricts nothing");
        let deny = json!({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]});
        assert_eq!(policy_fact(Some(&deny), "1")["public"], false);
    }

    #[test]
    fn cross_account_and_admin_flags() {
        let doc = json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::222222222222:root", "111111111111"]}, "Action": "sts:AssumeRole",
             "Condition": {"StringEquals": {"sts:ExternalId": "x"}}},
            {"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let f = policy_fact(Some(&doc), "111111111111");
        assert_eq!(f["cross_account"], json!(["222222222222"]));
        assert_eq!(f["admin"], true);
        assert_eq!(f["statements"][0]["external_id_required"], true);
        assert_eq!(policy_fact(None, "1")["present"], false);
        assert_eq!(policy_fact(Some(&json!("{not json")), "1")["valid"], false);
    }

    #[test]
    fn world_open_ports_cover_ipv6_and_all_protocols() {
        let perms = json!([
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ]);
        let open = world_open_ingress(Some(&perms));
        assert_eq!(open.as_array().map(Vec::len), Some(3));
        assert_eq!(open[0]["ipv6"], true);
        assert_eq!(open[0]["from_port"], 22);
        assert_eq!(open[1]["all_ports"], true);
        assert_eq!(open[2]["from_port"], Value::Null);
    }
}
