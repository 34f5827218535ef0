//! Derived facts of the storage and network checks (EC2, VPC, ELBv2), beside the shared
//! ones of `facts.rs`:
//!
//! | type | fact | shape |
//! | --- | --- | --- |
//! | network ACL | `world_open_ingress` | as the security group fact, `[{protocol, from_port, to_port, all_ports, cidr, ipv6, rule_number}]`, for `tcp` and `udp`: the port ranges that traffic from `0.0.0.0/0` or `::/0` really reaches, rule order applied |
//! | ELBv2 listener | `load_balancer` | `{scheme, type}` of its load balancer, or null when that is not in the inventory |
//! | EC2 instance | `instance_profile` | `{known, name, roles, admin_roles}`: the profile's roles and those that allow `*` on `*` (inline, AWS `AdministratorAccess`, or a customer policy whose default version is admin); `known` false when the profile or one of its roles is not in the inventory |
//!
//! A network ACL is evaluated in rule-number order and the first entry that matches
//! decides (<https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html>): a `deny`
//! of `0.0.0.0/0` numbered before an `allow` shadows the ports they share, which a check
//! looking at entries one by one would miss.

use std::collections::{HashMap, HashSet};

use meerkat_model::Resource;
use serde_json::{json, Map, Value};

use crate::facts::policy_fact;

/// What the network facts need from other resources of the inventory.
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// Load balancer ARN → `{scheme, type}`.
    load_balancers: HashMap<String, Value>,
    /// (account, instance profile name) → role names.
    instance_profiles: HashMap<(String, String), Vec<String>>,
    /// (account, role name) → whether the role allows `*` on `*`, or the ARNs of its
    /// customer managed policies to look up.
    roles: HashMap<(String, String), (bool, Vec<String>)>,
    /// ARNs of customer managed policies whose default version allows `*` on `*`.
    admin_policies: HashSet<String>,
}

impl Context {
    /// Records what `r` contributes, if anything.
    pub(crate) fn add(&mut self, r: &Resource) {
        let own = r.account_id.as_str();
        match r.resource_type.as_str() {
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
                let c = &r.configuration;
                self.load_balancers
                    .insert(r.resource_id.clone(), json!({"scheme": c.get("Scheme"), "type": c.get("Type")}));
            }
            "AWS::IAM::InstanceProfile" => {
                let roles = r.configuration.get("Roles").and_then(Value::as_array).into_iter().flatten();
                let names =
                    roles.filter_map(|x| x.get("RoleName").and_then(Value::as_str).map(str::to_owned)).collect();
                self.instance_profiles.insert((own.to_owned(), r.resource_id.clone()), names);
            }
            "AWS::IAM::Role" => {
                let inline = r.supplementary.get("RolePolicyList").and_then(Value::as_array).into_iter().flatten();
                let mut admin = false;
                for p in inline {
                    admin |= policy_fact(p.get("PolicyDocument"), own)["admin"] == true;
                }
                let attached =
                    r.supplementary.get("AttachedManagedPolicies").and_then(Value::as_array).into_iter().flatten();
                let arns: Vec<String> =
                    attached.filter_map(|p| p.get("PolicyArn").and_then(Value::as_str).map(str::to_owned)).collect();
                // Any partition: `arn:aws-cn:iam::aws:policy/AdministratorAccess` too.
                admin |= arns.iter().any(|a| a.ends_with(":iam::aws:policy/AdministratorAccess"));
                let name = r.configuration.get("RoleName").and_then(Value::as_str).unwrap_or(&r.resource_id).to_owned();
                self.roles.insert((own.to_owned(), name), (admin, arns));
            }
            "AWS::IAM::Policy" => {
                let document = r.supplementary.get("PolicyVersion").and_then(|v| v.get("Document"));
                if policy_fact(document, own)["admin"] == true {
                    if let Some(arn) =
                        r.arn.clone().or_else(|| r.configuration.get("Arn").and_then(Value::as_str).map(str::to_owned))
                    {
                        self.admin_policies.insert(arn);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Adds the network facts of `r` to `facts`.
pub(crate) fn derive(r: &Resource, ctx: &Context, facts: &mut Map<String, Value>) {
    match r.resource_type.as_str() {
        "AWS::EC2::NetworkAcl" => {
            facts.insert("world_open_ingress".into(), nacl_world_open_ingress(r.configuration.get("Entries")));
        }
        "AWS::ElasticLoadBalancingV2::Listener" => {
            let lb = r
                .configuration
                .get("LoadBalancerArn")
                .and_then(Value::as_str)
                .and_then(|arn| ctx.load_balancers.get(arn));
            facts.insert("load_balancer".into(), lb.cloned().unwrap_or(Value::Null));
        }
        "AWS::EC2::Instance" => {
            facts.insert("instance_profile".into(), instance_profile(r, ctx));
        }
        _ => {}
    }
}

/// The profile of an instance and which of its roles are admin. The instance names its
/// profile by ARN; IAM collectors key profiles and roles by name.
fn instance_profile(r: &Resource, ctx: &Context) -> Value {
    let Some(arn) = r.configuration.pointer("/IamInstanceProfile/Arn").and_then(Value::as_str) else {
        return json!({"known": true, "name": null, "roles": [], "admin_roles": []});
    };
    let name = arn.rsplit('/').next().unwrap_or(arn).to_owned();
    let account = arn.split(':').nth(4).filter(|a| !a.is_empty()).unwrap_or(&r.account_id).to_owned();
    let Some(roles) = ctx.instance_profiles.get(&(account.clone(), name.clone())) else {
        return json!({"known": false, "name": name, "roles": [], "admin_roles": []});
    };
    let mut known = true;
    let mut admin_roles = Vec::new();
    for role in roles {
        match ctx.roles.get(&(account.clone(), role.clone())) {
            None => known = false,
            Some((admin, arns)) => {
                let customer_admin = arns.iter().any(|a| ctx.admin_policies.contains(a));
                if *admin || customer_admin {
                    admin_roles.push(role.clone());
                }
            }
        }
    }
    json!({"known": known, "name": name, "roles": roles, "admin_roles": admin_roles})
}

/// Protocol names of the NACL protocol numbers.
fn protocol(p: &str) -> &str {
    match p {
        "-1" | "all" => "all",
        "6" => "tcp",
        "17" => "udp",
        "1" => "icmp",
        "58" => "icmpv6",
        other => other,
    }
}

/// One ingress entry from a world CIDR, normalised.
struct Entry<'a> {
    rule_number: i64,
    allow: bool,
    protocol: &'a str,
    from: i64,
    to: i64,
    cidr: &'a str,
    ipv6: bool,
}

/// Port intervals of `tcp` and `udp` that world traffic reaches through a network ACL.
fn nacl_world_open_ingress(entries: Option<&Value>) -> Value {
    let mut world: Vec<Entry> = Vec::new();
    for e in entries.and_then(Value::as_array).into_iter().flatten() {
        if e.get("Egress").and_then(Value::as_bool) != Some(false) {
            continue;
        }
        let (cidr, ipv6) =
            match (e.get("CidrBlock").and_then(Value::as_str), e.get("Ipv6CidrBlock").and_then(Value::as_str)) {
                (Some(c @ "0.0.0.0/0"), _) => (c, false),
                (_, Some(c @ "::/0")) => (c, true),
                _ => continue,
            };
        let proto = protocol(e.get("Protocol").and_then(Value::as_str).unwrap_or("-1"));
        let range = e.get("PortRange").filter(|p| !p.is_null());
        let port = |k: &str, default: i64| range.and_then(|p| p.get(k)).and_then(Value::as_i64).unwrap_or(default);
        let (from, to) = if proto == "all" { (0, 65535) } else { (port("From", 0), port("To", 65535)) };
        world.push(Entry {
            // The default rule `*` is numbered 32767 by the API: last.
            rule_number: e.get("RuleNumber").and_then(Value::as_i64).unwrap_or(32767),
            allow: e.get("RuleAction").and_then(Value::as_str) == Some("allow"),
            protocol: proto,
            from,
            to,
            cidr,
            ipv6,
        });
    }
    world.sort_by_key(|e| e.rule_number);
    let mut out = Vec::new();
    for ipv6 in [false, true] {
        for proto in ["tcp", "udp"] {
            // Ports not yet decided by an earlier entry, as sorted disjoint intervals.
            let mut undecided: Vec<(i64, i64)> = vec![(0, 65535)];
            for e in world.iter().filter(|e| e.ipv6 == ipv6 && (e.protocol == proto || e.protocol == "all")) {
                let mut rest = Vec::new();
                for &(a, b) in &undecided {
                    let (lo, hi) = (a.max(e.from), b.min(e.to));
                    if lo > hi {
                        rest.push((a, b));
                        continue;
                    }
                    if e.allow {
                        out.push(json!({
                            "protocol": proto,
                            "from_port": lo,
                            "to_port": hi,
                            "all_ports": lo == 0 && hi == 65535,
                            "cidr": e.cidr,
                            "ipv6": ipv6,
                            "rule_number": e.rule_number,
                        }));
                    }
                    if a < lo {
                        rest.push((a, lo - 1));
                    }
                    if hi < b {
                        rest.push((hi + 1, b));
                    }
                }
                undecided = rest;
            }
        }
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use meerkat_model::Scope;

    use super::*;

    fn entry(n: i64, action: &str, proto: &str, ports: Option<(i64, i64)>, cidr: &str) -> Value {
        let v6 = cidr.contains(':');
        json!({"RuleNumber": n, "Egress": false, "Protocol": proto, "RuleAction": action,
               "CidrBlock": if v6 { Value::Null } else { json!(cidr) },
               "Ipv6CidrBlock": if v6 { json!(cidr) } else { Value::Null },
               "PortRange": ports.map(|(f, t)| json!({"From": f, "To": t}))})
    }

    #[test]
    fn an_earlier_deny_shadows_the_ports_it_covers() {
        let entries = json!([
            entry(200, "allow", "-1", None, "0.0.0.0/0"),
            entry(100, "deny", "6", Some((0, 1024)), "0.0.0.0/0"),
            entry(32767, "deny", "-1", None, "0.0.0.0/0"),
        ]);
        let open = nacl_world_open_ingress(Some(&entries));
        let tcp: Vec<(i64, i64)> = open
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["protocol"] == "tcp")
            .map(|o| (o["from_port"].as_i64().unwrap(), o["to_port"].as_i64().unwrap()))
            .collect();
        assert_eq!(tcp, vec![(1025, 65535)]);
        let udp = open.as_array().unwrap().iter().find(|o| o["protocol"] == "udp").unwrap();
        assert_eq!(udp["all_ports"], true);
        assert_eq!(udp["rule_number"], 200);
    }

    #[test]
    fn private_sources_egress_and_ipv6_are_told_apart() {
        let mut egress = entry(100, "allow", "-1", None, "0.0.0.0/0");
        egress["Egress"] = json!(true);
        let entries = json!([
            egress,
            entry(110, "allow", "6", Some((22, 22)), "10.0.0.0/8"),
            entry(120, "allow", "6", Some((3389, 3389)), "::/0")
        ]);
        let open = nacl_world_open_ingress(Some(&entries));
        assert_eq!(
            open,
            json!([{"protocol": "tcp", "from_port": 3389, "to_port": 3389, "all_ports": false, "cidr": "::/0", "ipv6": true, "rule_number": 120}])
        );
    }

    fn resource(t: &str, id: &str, configuration: Value) -> Resource {
        let scope = Scope { account_id: "111111111111".into(), region: "us-east-1".into(), resource_type: t.into() };
        Resource::new(&scope, id, configuration, Utc::now())
    }

    #[test]
    fn instance_profiles_resolve_admin_roles() {
        let mut ctx = Context::default();
        ctx.add(&resource(
            "AWS::IAM::InstanceProfile",
            "web",
            json!({"Roles": [{"RoleName": "web-role"}, {"RoleName": "ro"}]}),
        ));
        let mut admin = resource("AWS::IAM::Role", "web-role", json!({"RoleName": "web-role"}));
        admin
            .supplementary
            .insert("AttachedManagedPolicies".into(), json!([{"PolicyArn": "arn:aws:iam::111111111111:policy/all"}]));
        admin.supplementary.insert("RolePolicyList".into(), json!([]));
        ctx.add(&admin);
        let mut policy = resource("AWS::IAM::Policy", "all", json!({}));
        policy.arn = Some("arn:aws:iam::111111111111:policy/all".into());
        policy.supplementary.insert(
            "PolicyVersion".into(),
            json!({"Document": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}),
        );
        ctx.add(&policy);
        let instance = resource(
            "AWS::EC2::Instance",
            "i-1",
            json!({"IamInstanceProfile": {"Arn": "arn:aws:iam::111111111111:instance-profile/web"}}),
        );
        let fact = instance_profile(&instance, &ctx);
        assert_eq!(fact["admin_roles"], json!(["web-role"]));
        assert_eq!(fact["known"], false, "role ro is not in the inventory");
        let mut ro = resource("AWS::IAM::Role", "ro", json!({"RoleName": "ro"}));
        ro.supplementary.insert(
            "AttachedManagedPolicies".into(),
            json!([{"PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]),
        );
        ctx.add(&ro);
        assert_eq!(instance_profile(&instance, &ctx)["admin_roles"], json!(["web-role", "ro"]));
        let bare = resource("AWS::EC2::Instance", "i-2", json!({"IamInstanceProfile": null}));
        assert_eq!(instance_profile(&bare, &ctx)["known"], true);
    }
}
