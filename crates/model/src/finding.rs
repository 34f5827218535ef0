//! Findings: what a rule said about one subject, kept across runs.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::ResourceKey;

/// What produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A risky configuration (a posture check failed).
    Posture,
    /// A path from the internet to a resource.
    Exposure,
    /// A vulnerable package on a host.
    Vulnerability,
    /// Suspicious identity activity (CloudTrail).
    Activity,
    /// Suspicious network traffic (VPC flow logs).
    Network,
}

/// How bad, in the order people triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing.
    Informational,
    /// Fix when convenient.
    Low,
    /// Fix soon.
    Medium,
    /// Fix now.
    High,
    /// Fix before anything else.
    Critical,
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "informational" | "info" => Ok(Self::Informational),
            "low" => Ok(Self::Low),
            "medium" => Ok(Self::Medium),
            "high" => Ok(Self::High),
            "critical" => Ok(Self::Critical),
            other => Err(format!("{other:?} is not a severity (informational, low, medium, high, critical)")),
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Informational => "informational",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        })
    }
}

/// Where a finding stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    /// The problem is there.
    Open,
    /// The problem went away (the resource passes, or is gone).
    Resolved,
    /// A mute rule covers it; kept and shown as muted.
    Muted,
}

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Subject {
    /// A resource of the inventory.
    Resource(ResourceKey),
    /// An identity: an IAM user, a role (by its session issuer), root, a federated user.
    Principal {
        /// Account of the principal.
        account_id: String,
        /// `IAMUser`, `AssumedRole`, `Root`, `FederatedUser`, …
        principal_type: String,
        /// ARN, or the best stable name CloudTrail gives.
        principal_id: String,
    },
}

impl Subject {
    /// A stable text key of the subject, used in finding ids.
    pub fn key(&self) -> String {
        match self {
            Self::Resource(key) => key.to_string(),
            Self::Principal { account_id, principal_type, principal_id } => {
                format!("principal|{account_id}|{principal_type}|{principal_id}")
            }
        }
    }
}

/// One rule's verdict on one subject, kept across runs: a re-run updates the same
/// finding (same [`finding_id`]) instead of adding another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id: [`finding_id`] of rule and subject.
    pub id: String,
    /// The check or detection rule.
    pub rule_id: String,
    /// What produced it.
    pub kind: FindingKind,
    /// How bad.
    pub severity: Severity,
    /// What it is about.
    pub subject: Subject,
    /// One line for people.
    pub title: String,
    /// What was seen: the failing values, events, flows.
    #[serde(default)]
    pub evidence: Value,
    /// Framework → control ids (`cis-aws-3.0` → `["2.1.1"]`).
    #[serde(default)]
    pub frameworks: BTreeMap<String, Vec<String>>,
    /// First time it was seen open.
    pub first_seen: DateTime<Utc>,
    /// Last time a run confirmed it.
    pub last_seen: DateTime<Utc>,
    /// Open, resolved or muted.
    pub status: FindingStatus,
    /// Why it is muted, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute_reason: Option<String>,
}

/// A rule's verdict on one subject in one evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CheckStatus {
    /// The subject complies.
    Pass,
    /// The subject does not comply: there is (or stays) an open finding.
    Fail,
    /// What the rule needs could not be read (a scope or a part not assessed); never a pass.
    NotAssessed,
}

/// One rule evaluated on one subject, as a store records it: the verdict, the
/// configuration it was made on (so unchanged subjects need not be evaluated again), and
/// for a failure the finding to open or refresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The check or rule.
    pub rule_id: String,
    /// What was judged.
    pub subject: Subject,
    /// `config_hash` of the resource judged (empty for subjects without one).
    pub config_hash: String,
    /// What exactly the verdict was reached on (rule source and everything it read),
    /// when the evaluator can say: an equal fingerprint later gives an equal verdict, so
    /// the verdict may be carried forward without running the rule. Empty when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// The verdict.
    pub status: CheckStatus,
    /// Why it failed or could not be assessed, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For [`CheckStatus::Fail`]: the finding (its status `Open`, or `Muted` with the reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<Finding>,
}

/// The stable id of the finding of `rule_id` on `subject`: 32 hex digits of SHA-256.
pub fn finding_id(rule_id: &str, subject: &Subject) -> String {
    let mut hasher = Sha256::new();
    hasher.update(rule_id.as_bytes());
    hasher.update(b"\0");
    hasher.update(subject.key().as_bytes());
    hex::encode(&hasher.finalize()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> ResourceKey {
        ResourceKey {
            provider: "aws".into(),
            account_id: "1".into(),
            region: "us-east-1".into(),
            resource_type: "AWS::S3::Bucket".into(),
            resource_id: id.into(),
        }
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = finding_id("s3_bucket_public_read", &Subject::Resource(key("a")));
        assert_eq!(a, finding_id("s3_bucket_public_read", &Subject::Resource(key("a"))));
        assert_eq!(a.len(), 32);
        assert_ne!(a, finding_id("s3_bucket_public_read", &Subject::Resource(key("b"))));
        assert_ne!(a, finding_id("s3_bucket_versioning", &Subject::Resource(key("a"))));
    }

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Informational);
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("urgent".parse::<Severity>().is_err());
        assert_eq!(Severity::Medium.to_string(), "medium");
    }

    #[test]
    fn subjects_serialise_with_their_type() {
        let s = Subject::Principal { account_id: "1".into(), principal_type: "IAMUser".into(), principal_id: "alice".into() };
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["type"], "principal");
        assert_eq!(serde_json::from_value::<Subject>(v).unwrap(), s);
    }
}
