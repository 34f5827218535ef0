//! Builders shared by the unit tests.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;
use tempfile::TempDir;

use meerkat_model::{
    finding_id, CheckStatus, Evaluation, Finding, FindingKind, FindingStatus, Resource, ResourceKey, Scope, Severity,
    Subject,
};

use crate::{ResourceQuery, Store};

pub(crate) const ACCOUNT: &str = "111111111111";
pub(crate) const SG: &str = "AWS::EC2::SecurityGroup";
pub(crate) const BUCKET: &str = "AWS::S3::Bucket";

/// `minutes` after a fixed start, so that tests never depend on the clock.
pub(crate) fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("a valid fixed date") + Duration::minutes(minutes)
}

pub(crate) fn scope(region: &str, resource_type: &str) -> Scope {
    Scope { account_id: ACCOUNT.into(), region: region.into(), resource_type: resource_type.into() }
}

/// A sealed security group of eu-west-1 with one ingress port.
pub(crate) fn sg(id: &str, port: u16) -> Resource {
    let mut r = Resource::new(&scope("eu-west-1", SG), id, json!({"GroupId": id, "Port": port}), t(-1000));
    r.arn = Some(format!("arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group/{id}"));
    r.seal()
}

/// A sealed security group with tags.
pub(crate) fn tagged(id: &str, tags: &[(&str, &str)]) -> Resource {
    let mut r = sg(id, 22);
    r.tags = tags.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    r.seal()
}

/// A sealed bucket living in `region`, as the global S3 listing returns it.
pub(crate) fn bucket(name: &str, region: &str) -> Resource {
    let mut r = Resource::new(&scope(region, BUCKET), name, json!({"Name": name}), t(-1000));
    r.arn = Some(format!("arn:aws:s3:::{name}"));
    r.seal()
}

pub(crate) fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(&dir.path().join("meerkat.db")).expect("a fresh store opens");
    (dir, store)
}

pub(crate) fn key(id: &str) -> ResourceKey {
    sg(id, 0).key()
}

/// Ids of the current resources.
pub(crate) fn ids(store: &Store, query: &ResourceQuery) -> Vec<String> {
    store.resources(query).expect("query").into_iter().map(|r| r.resource_id).collect()
}

/// The current resource `id` (deleted ones included).
pub(crate) fn get(store: &Store, id: &str) -> Option<Resource> {
    let all = store.resources(&ResourceQuery { include_deleted: true, ..Default::default() }).expect("query");
    all.into_iter().find(|r| r.resource_id == id)
}

/// The rule most tests evaluate.
pub(crate) const RULE: &str = "ec2_sg_open_ssh";

/// The security group `id` of [`sg`] as a finding subject.
pub(crate) fn subject(id: &str) -> Subject {
    Subject::Resource(key(id))
}

fn evaluation(rule: &str, subject: Subject, status: CheckStatus, config_hash: String) -> Evaluation {
    Evaluation { rule_id: rule.into(), subject, config_hash, fingerprint: String::new(), status, reason: None, finding: None }
}

fn failing(rule: &str, subject: Subject, config_hash: String, severity: Severity, title: String) -> Evaluation {
    let finding = Finding {
        id: finding_id(rule, &subject),
        rule_id: rule.into(),
        kind: FindingKind::Posture,
        severity,
        subject: subject.clone(),
        title,
        evidence: json!({"port": 22, "cidr": "0.0.0.0/0"}),
        frameworks: [("cis-aws-3.0".to_owned(), vec!["5.2".to_owned()])].into_iter().collect(),
        // The store keeps its own times; these must not leak into it.
        first_seen: t(-1000),
        last_seen: t(-1000),
        status: FindingStatus::Open,
        mute_reason: None,
    };
    Evaluation {
        reason: Some("port 22 is open to 0.0.0.0/0".into()),
        finding: Some(finding),
        ..evaluation(rule, subject, CheckStatus::Fail, config_hash)
    }
}

/// `rule` fails on the security group `id` (of [`sg`] with port 22).
pub(crate) fn fail(rule: &str, id: &str, severity: Severity) -> Evaluation {
    failing(rule, subject(id), sg(id, 22).config_hash, severity, format!("{id} allows SSH from anywhere"))
}

/// `rule` passes on the security group `id`.
pub(crate) fn pass(rule: &str, id: &str) -> Evaluation {
    evaluation(rule, subject(id), CheckStatus::Pass, sg(id, 22).config_hash)
}

/// `rule` could not be assessed on the security group `id`.
pub(crate) fn not_assessed(rule: &str, id: &str) -> Evaluation {
    Evaluation {
        reason: Some("AccessDenied".into()),
        ..evaluation(rule, subject(id), CheckStatus::NotAssessed, sg(id, 22).config_hash)
    }
}

/// `ev` with its finding muted for `reason`.
pub(crate) fn muted(mut ev: Evaluation, reason: &str) -> Evaluation {
    if let Some(finding) = ev.finding.as_mut() {
        finding.status = FindingStatus::Muted;
        finding.mute_reason = Some(reason.into());
    }
    ev
}

/// The root user of [`ACCOUNT`].
pub(crate) fn principal_subject() -> Subject {
    Subject::Principal { account_id: ACCOUNT.into(), principal_type: "Root".into(), principal_id: "root".into() }
}

/// `rule` fails on [`principal_subject`], a high activity finding.
pub(crate) fn principal_fail(rule: &str) -> Evaluation {
    let mut ev = failing(rule, principal_subject(), String::new(), Severity::High, "root signed in".into());
    if let Some(finding) = ev.finding.as_mut() {
        finding.kind = FindingKind::Activity;
    }
    ev
}
