//! What an evaluation runs on: the resources, the scope statuses that say which parts of
//! the account were read, and the pseudo-resources synthesised from both for account-
//! and region-level checks.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use meerkat_model::{Resource, Scope, GLOBAL_REGION};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::facts::Context;
use crate::types::{ACCOUNT_TYPE, REGION_TYPE};

/// Whether one scope (a resource type in an account and region) was read completely by
/// the discovery the resources come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeStatus {
    /// The scope.
    pub scope: Scope,
    /// True when the last attempt listed the whole scope.
    pub assessed: bool,
    /// Why not, when not (`AccessDenied: …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Region-level pseudo-resources carry every resource of these types in their region
/// (under `supplementary.<type>`): the few per region that "enabled in every region"
/// checks look at.
pub const REGION_SUMMARY_TYPES: &[&str] = &[
    "AWS::AccessAnalyzer::Analyzer",
    "AWS::CloudTrail::Trail",
    "AWS::Config::ConfigurationRecorder",
    "AWS::EC2::EbsEncryptionByDefault",
    "AWS::EC2::FlowLog",
    "AWS::EC2::VPC",
    "AWS::GuardDuty::Detector",
    "AWS::SecurityHub::Hub",
];

/// The account pseudo-resource carries every resource of these types in all regions:
/// trails (a multi-region trail lives in one region) and the CloudWatch metric filters
/// and alarms that CIS section 4 chains to them.
pub const ACCOUNT_SUMMARY_TYPES: &[&str] = &["AWS::CloudTrail::Trail", "AWS::CloudWatch::Alarm", "AWS::Logs::MetricFilter"];

/// Resources to evaluate, with the scope statuses and the synthesised `AWS::Account`
/// and `AWS::Region` resources appended after the given ones.
#[derive(Debug)]
pub struct Inventory {
    resources: Vec<Resource>,
    synthesized_from: usize,
    scopes: HashMap<Scope, ScopeStatus>,
    pub(crate) context: Context,
}

impl Inventory {
    /// An inventory of `resources` read under `scopes`. One `AWS::Account` per account
    /// and one `AWS::Region` per (account, non-global region) named in `scopes` are
    /// appended; see [`Inventory::synthesized`].
    ///
    /// ```
    /// use meerkat_model::Scope;
    /// use meerkat_policy::{Inventory, ScopeStatus};
    /// let scope = Scope { account_id: "1".into(), region: "eu-west-1".into(), resource_type: "AWS::GuardDuty::Detector".into() };
    /// let inv = Inventory::new(Vec::new(), vec![ScopeStatus { scope, assessed: false, reason: Some("AccessDenied".into()) }]);
    /// let region = &inv.synthesized()[1];
    /// assert_eq!(region.resource_type, "AWS::Region");
    /// assert!(region.not_assessed.contains_key("AWS::GuardDuty::Detector"));
    /// ```
    pub fn new(mut resources: Vec<Resource>, scopes: Vec<ScopeStatus>) -> Self {
        let mut builder = Inventory::builder(scopes);
        for r in &resources {
            builder.observe(r);
        }
        let mut inventory = builder.finish();
        inventory.synthesized_from = resources.len();
        resources.append(&mut inventory.resources);
        inventory.resources = resources;
        inventory
    }

    /// An inventory built without holding every resource: show each resource to
    /// [`InventoryBuilder::observe`] once, then [`InventoryBuilder::finish`] gives an
    /// inventory whose [`Inventory::resources`] are only the synthesised ones, and whose
    /// facts (context) and scope statuses serve [`crate::Engine::evaluate_resources`] on
    /// the resources read again batch by batch. Only what facts and the pseudo-resources
    /// need is kept (trails, alarms, roles' documents, …), not the resources themselves.
    pub fn builder(scopes: Vec<ScopeStatus>) -> InventoryBuilder {
        InventoryBuilder { context: Context::default(), observed: Observed::default(), scopes }
    }

    /// Every resource: the given ones, then the synthesised ones.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// The synthesised `AWS::Account` and `AWS::Region` resources.
    pub fn synthesized(&self) -> &[Resource] {
        &self.resources[self.synthesized_from..]
    }

    /// Why the scope of `r` was not read, if it was not. Global types (listed once per
    /// account) match their `global` scope whatever region the resource reports.
    pub(crate) fn scope_failure(&self, r: &Resource) -> Option<String> {
        let mut scope = Scope { account_id: r.account_id.clone(), region: r.region.clone(), resource_type: r.resource_type.clone() };
        let status = self.scopes.get(&scope).or_else(|| {
            scope.region = GLOBAL_REGION.to_owned();
            self.scopes.get(&scope)
        })?;
        (!status.assessed).then(|| format!("scope {} was not assessed: {}", status.scope, status.reason.as_deref().unwrap_or("no reason given")))
    }
}

/// See [`Inventory::builder`].
#[derive(Debug)]
pub struct InventoryBuilder {
    context: Context,
    observed: Observed,
    scopes: Vec<ScopeStatus>,
}

impl InventoryBuilder {
    /// Takes what the facts and pseudo-resources need from `r`.
    pub fn observe(&mut self, r: &Resource) {
        self.context.add(r);
        self.observed.add(r);
    }

    /// The inventory: synthesised resources, facts context, scope statuses.
    pub fn finish(self) -> Inventory {
        let resources = synthesize(&self.observed, &self.scopes);
        let scopes = self.scopes.into_iter().map(|s| (s.scope.clone(), s)).collect();
        Inventory { resources, synthesized_from: 0, scopes, context: self.context }
    }
}

/// What the pseudo-resources are made of: resource counts per scope, the summaries of
/// the summary types, and the latest observation time.
#[derive(Debug, Default)]
struct Observed {
    counts: HashMap<(String, String, String), usize>,
    global_counts: HashMap<(String, String), usize>,
    members: HashMap<(String, String, String), Vec<Value>>,
    seen: Option<DateTime<Utc>>,
}

impl Observed {
    fn add(&mut self, r: &Resource) {
        let key = (r.account_id.clone(), r.region.clone(), r.resource_type.clone());
        if REGION_SUMMARY_TYPES.contains(&r.resource_type.as_str()) || ACCOUNT_SUMMARY_TYPES.contains(&r.resource_type.as_str()) {
            self.members.entry(key.clone()).or_default().push(summary(r));
        }
        *self.counts.entry(key).or_default() += 1;
        *self.global_counts.entry((r.account_id.clone(), r.resource_type.clone())).or_default() += 1;
        self.seen = Some(self.seen.map_or(r.last_seen, |s| s.max(r.last_seen)));
    }

    fn count(&self, account: &str, region: &str, t: &str) -> usize {
        self.counts.get(&(account.to_owned(), region.to_owned(), t.to_owned())).copied().unwrap_or(0)
    }

    fn members(&self, account: &str, region: &str, t: &str) -> Vec<Value> {
        self.members.get(&(account.to_owned(), region.to_owned(), t.to_owned())).cloned().unwrap_or_default()
    }
}

/// A resource as it appears inside a pseudo-resource's summary list.
fn summary(r: &Resource) -> Value {
    json!({
        "resource_id": r.resource_id,
        "region": r.region,
        "arn": r.arn,
        "name": r.name,
        "tags": r.tags,
        "configuration": r.configuration,
        "supplementary": r.supplementary,
        "not_assessed": r.not_assessed,
    })
}

fn pseudo(account: &str, region: &str, resource_type: &str, id: &str, seen: DateTime<Utc>) -> Resource {
    let scope = Scope { account_id: account.to_owned(), region: region.to_owned(), resource_type: resource_type.to_owned() };
    Resource::new(&scope, id, Value::Null, seen)
}

/// Builds the `AWS::Account` and `AWS::Region` resources. Their documents:
///
/// - `configuration.Scopes`: resource type → `{Assessed, ResourceCount, Error}` for every
///   scope of that account (global ones) or region;
/// - `supplementary.<type>`: the summaries of [`REGION_SUMMARY_TYPES`] /
///   [`ACCOUNT_SUMMARY_TYPES`], present only when every scope behind them was read;
/// - `not_assessed.<type>`: each scope that was not read, with why.
fn synthesize(observed: &Observed, scopes: &[ScopeStatus]) -> Vec<Resource> {
    let seen = observed.seen.unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let accounts: BTreeSet<&str> = scopes.iter().map(|s| s.scope.account_id.as_str()).collect();
    let mut out = Vec::new();
    for account in accounts {
        let mine: Vec<&ScopeStatus> = scopes.iter().filter(|s| s.scope.account_id == account).collect();
        let regions: BTreeSet<&str> = mine.iter().map(|s| s.scope.region.as_str()).filter(|r| *r != GLOBAL_REGION).collect();

        let mut account_res = pseudo(account, GLOBAL_REGION, ACCOUNT_TYPE, account, seen);
        let mut scope_map = Map::new();
        for s in mine.iter().filter(|s| s.scope.region == GLOBAL_REGION) {
            // Global types report their own region (a bucket's); count them under `global`.
            let count = observed.global_counts.get(&(account.to_owned(), s.scope.resource_type.clone())).copied().unwrap_or(0);
            scope_map.insert(s.scope.resource_type.clone(), scope_entry(s, count));
            if !s.assessed {
                account_res.not_assessed.insert(s.scope.resource_type.clone(), reason(s));
            }
        }
        for t in ACCOUNT_SUMMARY_TYPES {
            let of_type: Vec<&&ScopeStatus> = mine.iter().filter(|s| s.scope.resource_type == *t).collect();
            if of_type.is_empty() {
                continue;
            }
            let failed: Vec<String> = of_type.iter().filter(|s| !s.assessed).map(|s| format!("{}: {}", s.scope.region, reason(s))).collect();
            if failed.is_empty() {
                let list: Vec<Value> = of_type.iter().flat_map(|s| observed.members(account, &s.scope.region, t)).collect();
                account_res.supplementary.insert((*t).to_owned(), Value::Array(list));
            } else {
                account_res.not_assessed.insert((*t).to_owned(), failed.join("; "));
            }
        }
        account_res.configuration = json!({"AccountId": account, "Regions": regions, "Scopes": scope_map});
        account_res.name = Some(format!("account {account}"));
        out.push(account_res.seal());

        for region in regions {
            let mut region_res = pseudo(account, region, REGION_TYPE, region, seen);
            let mut scope_map = BTreeMap::new();
            for s in mine.iter().filter(|s| s.scope.region == region) {
                let t = s.scope.resource_type.as_str();
                scope_map.insert(t.to_owned(), scope_entry(s, observed.count(account, region, t)));
                if !s.assessed {
                    region_res.not_assessed.insert(t.to_owned(), reason(s));
                } else if REGION_SUMMARY_TYPES.contains(&t) {
                    region_res.supplementary.insert(t.to_owned(), Value::Array(observed.members(account, region, t)));
                }
            }
            region_res.configuration = json!({"RegionName": region, "AccountId": account, "Scopes": scope_map});
            region_res.name = Some(format!("{region} of {account}"));
            out.push(region_res.seal());
        }
    }
    out
}

fn reason(s: &ScopeStatus) -> String {
    s.reason.clone().unwrap_or_else(|| "not assessed".to_owned())
}

fn scope_entry(s: &ScopeStatus, count: usize) -> Value {
    json!({"Assessed": s.assessed, "ResourceCount": count, "Error": s.reason})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(region: &str, t: &str, assessed: bool) -> ScopeStatus {
        ScopeStatus {
            scope: Scope { account_id: "1".into(), region: region.into(), resource_type: t.into() },
            assessed,
            reason: (!assessed).then(|| "AccessDenied: no".to_owned()),
        }
    }

    #[test]
    fn regions_summarise_their_scopes() {
        let gd = "AWS::GuardDuty::Detector";
        let scope = Scope { account_id: "1".into(), region: "eu-west-1".into(), resource_type: gd.into() };
        let detector = Resource::new(&scope, "d1", json!({"Status": "ENABLED"}), Utc::now()).seal();
        let inv = Inventory::new(
            vec![detector],
            vec![status("eu-west-1", gd, true), status("us-east-1", gd, false), status(GLOBAL_REGION, "AWS::IAM::User", true)],
        );
        let synth = inv.synthesized();
        assert_eq!(synth.iter().map(|r| (r.resource_type.as_str(), r.resource_id.as_str())).collect::<Vec<_>>(), vec![
            ("AWS::Account", "1"),
            ("AWS::Region", "eu-west-1"),
            ("AWS::Region", "us-east-1"),
        ]);
        assert_eq!(synth[1].supplementary[gd][0]["configuration"]["Status"], "ENABLED");
        assert_eq!(synth[1].configuration["Scopes"][gd]["ResourceCount"], 1);
        assert!(!synth[2].supplementary.contains_key(gd));
        assert!(synth[2].not_assessed[gd].contains("AccessDenied"));
        assert_eq!(synth[0].configuration["Scopes"]["AWS::IAM::User"]["Assessed"], true);
    }

    #[test]
    fn failed_scopes_are_named_for_their_resources() {
        let scope = Scope { account_id: "1".into(), region: GLOBAL_REGION.into(), resource_type: "AWS::S3::Bucket".into() };
        let mut bucket = Resource::new(&scope, "b", json!({}), Utc::now());
        bucket.region = "eu-west-1".into();
        let inv = Inventory::new(vec![bucket.seal()], vec![status(GLOBAL_REGION, "AWS::S3::Bucket", false)]);
        assert!(inv.scope_failure(&inv.resources()[0]).is_some_and(|w| w.contains("AccessDenied")));
    }
}
