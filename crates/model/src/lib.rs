//! The core types every Meerkat stage shares: a cloud resource in the AWS Config
//! configuration-item shape, its relationships and versions, the scope a collection
//! covers, and the findings that rules produce.
//!
//! This crate is pure data: no I/O, no clock, no cloud SDK. A resource seen through a
//! live API, rebuilt from a CloudTrail event or read from a Terraform plan is the same
//! [`Resource`], so one policy judges all three. The main design choice is the
//! [`config_hash`]: a digest of the *normalised* configuration (object keys sorted,
//! volatile fields such as "last used" timestamps removed), so that a re-scan of an
//! unchanged resource never produces a fake version.
#![deny(missing_docs)]

mod diff;
mod finding;
mod hash;
mod mute;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use diff::{diff, Change, ChangeKind};
pub use finding::{finding_id, CheckStatus, Evaluation, Finding, FindingKind, FindingStatus, Severity, Subject};
pub use hash::{config_hash, strip_volatile};
pub use mute::{wildcard, MuteRule, MuteRules, MuteSubject};

/// The region value of resources and scopes that are not regional (IAM, account settings).
pub const GLOBAL_REGION: &str = "global";

/// One cloud resource, as the configuration-item shape of AWS Config has it.
///
/// `configuration` is the cloud API's own describe shape (PascalCase keys as the API
/// returns them); `supplementary` holds what other calls add (a bucket's policy, ACL, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// Cloud provider, `aws` for now.
    pub provider: String,
    /// Account (or project, subscription) the resource lives in.
    pub account_id: String,
    /// Region of the resource, or [`GLOBAL_REGION`].
    pub region: String,
    /// Type in CloudFormation / AWS Config spelling, e.g. `AWS::EC2::SecurityGroup`.
    pub resource_type: String,
    /// Provider id of the resource (`sg-…`, a bucket name, an IAM user name).
    pub resource_id: String,
    /// Full ARN where the resource has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Human name (a `Name` tag or the API's name field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags, sorted by key.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The describe shape of the resource.
    pub configuration: Value,
    /// Further documents from other API calls, keyed by what they are.
    #[serde(default)]
    pub supplementary: BTreeMap<String, Value>,
    /// Edges to other resources.
    #[serde(default)]
    pub relationships: Vec<Relationship>,
    /// Parts of the resource that could not be read, keyed by the supplementary or
    /// configuration field, with the error. A check that needs one of them must report
    /// "not assessed", never pass.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_assessed: BTreeMap<String, String>,
    /// Keys (dotted paths, `[]` for "every element") excluded from the hash because
    /// they change without a configuration change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volatile: Vec<String>,
    /// First time any scan saw the resource.
    pub first_seen: DateTime<Utc>,
    /// Last time a scan saw the resource.
    pub last_seen: DateTime<Utc>,
    /// When a complete scan of the resource's scope stopped seeing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<DateTime<Utc>>,
    /// Digest of the normalised configuration; see [`config_hash`].
    pub config_hash: String,
}

/// An edge from one resource to another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Relationship {
    /// What the edge means, e.g. `attached_to`, `in_vpc`, `uses_role`.
    pub kind: String,
    /// Type of the target, in CloudFormation spelling.
    pub resource_type: String,
    /// Provider id of the target.
    pub resource_id: String,
}

impl Relationship {
    /// An edge of `kind` to the resource of `resource_type` with id `resource_id`.
    pub fn new(kind: &str, resource_type: &str, resource_id: impl Into<String>) -> Self {
        Self { kind: kind.to_owned(), resource_type: resource_type.to_owned(), resource_id: resource_id.into() }
    }
}

/// The unit a collection covers and a scan commits atomically: one resource type in one
/// account and region (or [`GLOBAL_REGION`] for types listed once per account).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Scope {
    /// Account id.
    pub account_id: String,
    /// Region, or [`GLOBAL_REGION`].
    pub region: String,
    /// Resource type.
    pub resource_type: String,
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.account_id, self.region, self.resource_type)
    }
}

impl Resource {
    /// A resource seen now, with an empty configuration; fill the rest and call
    /// [`Resource::seal`] to compute its hash.
    pub fn new(scope: &Scope, resource_id: impl Into<String>, configuration: Value, seen: DateTime<Utc>) -> Self {
        Self {
            provider: "aws".to_owned(),
            account_id: scope.account_id.clone(),
            region: scope.region.clone(),
            resource_type: scope.resource_type.clone(),
            resource_id: resource_id.into(),
            arn: None,
            name: None,
            tags: BTreeMap::new(),
            configuration,
            supplementary: BTreeMap::new(),
            relationships: Vec::new(),
            not_assessed: BTreeMap::new(),
            volatile: Vec::new(),
            first_seen: seen,
            last_seen: seen,
            deleted_at: None,
            config_hash: String::new(),
        }
    }

    /// The key that identifies this resource across scans.
    pub fn key(&self) -> ResourceKey {
        ResourceKey {
            provider: self.provider.clone(),
            account_id: self.account_id.clone(),
            region: self.region.clone(),
            resource_type: self.resource_type.clone(),
            resource_id: self.resource_id.clone(),
        }
    }

    /// Sorts relationships and computes `config_hash`; call once the resource is complete.
    pub fn seal(mut self) -> Self {
        self.relationships.sort();
        self.relationships.dedup();
        self.config_hash = config_hash(&self);
        self
    }
}

/// Identity of a resource across scans and versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ResourceKey {
    /// Cloud provider.
    pub provider: String,
    /// Account id.
    pub account_id: String,
    /// Region or [`GLOBAL_REGION`].
    pub region: String,
    /// Resource type.
    pub resource_type: String,
    /// Provider id.
    pub resource_id: String,
}

impl std::fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}|{}|{}|{}|{}", self.provider, self.account_id, self.region, self.resource_type, self.resource_id)
    }
}

/// One kept configuration of a resource: a new one is written whenever `config_hash`
/// changes, and a deletion is a version without a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// Position in the resource's history, from 1.
    pub seq: i64,
    /// When the scan that saw this configuration ran.
    pub captured_at: DateTime<Utc>,
    /// Hash of the configuration, empty for a deletion.
    pub config_hash: String,
    /// The resource as seen, `None` when this version records the deletion.
    pub resource: Option<Resource>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scope() -> Scope {
        Scope { account_id: "123456789012".into(), region: "us-east-1".into(), resource_type: "AWS::EC2::Instance".into() }
    }

    #[test]
    fn seal_sorts_relationships_and_sets_hash() {
        let mut r = Resource::new(&scope(), "i-1", json!({"InstanceId": "i-1"}), Utc::now());
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", "vpc-2"));
        r.relationships.push(Relationship::new("in_subnet", "AWS::EC2::Subnet", "subnet-1"));
        r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", "vpc-2"));
        let r = r.seal();
        assert_eq!(r.relationships.len(), 2);
        assert_eq!(r.relationships[0].kind, "in_subnet");
        assert_eq!(r.config_hash.len(), 64);
    }

    #[test]
    fn resource_roundtrips_through_json() {
        let mut r = Resource::new(&scope(), "i-1", json!({"InstanceId": "i-1"}), Utc::now());
        r.tags.insert("Owner".into(), "alice".into());
        r.not_assessed.insert("UserData".into(), "AccessDenied".into());
        let r = r.seal();
        let text = serde_json::to_string(&r).unwrap();
        let back: Resource = serde_json::from_str(&text).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.key().to_string(), "aws|123456789012|us-east-1|AWS::EC2::Instance|i-1");
    }
}
