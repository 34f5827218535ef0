//! OCSF 1.3.0 **Detection Finding** (class 2004, category Findings) for activity
//! findings (`meerkat detect`), one JSON object per line, as Security Lake and OCSF data
//! lakes ingest.
//!
//! The principal is the `actor`; the rule is the `analytic`; ATT&CK techniques are
//! `attacks`; the matching events' ids, times and addresses stay in `evidences` and
//! `unmapped` (1.3.0 has `evidences` on this class). A finding seen before this run is an
//! Update, a new one a Create; muted is Suppressed, resolved is Resolved.

use chrono::{DateTime, Utc};
use meerkat_model::{Finding, FindingStatus, Subject};
use serde_json::{json, Map, Value};

use super::PRODUCT_NAME;
use super::ocsf::SCHEMA_VERSION;

/// Detection Finding.
pub const CLASS_UID: u32 = 2004;

/// The Detection Finding event of one activity finding.
pub fn event(finding: &Finding, tool_version: &str) -> Value {
    let (activity_id, activity_name) =
        if finding.first_seen < finding.last_seen { (2u8, "Update") } else { (1u8, "Create") };
    let (severity_id, severity) = match finding.severity {
        meerkat_model::Severity::Informational => (1u8, "Informational"),
        meerkat_model::Severity::Low => (2, "Low"),
        meerkat_model::Severity::Medium => (3, "Medium"),
        meerkat_model::Severity::High => (4, "High"),
        meerkat_model::Severity::Critical => (5, "Critical"),
    };
    let (status_id, status) = match finding.status {
        FindingStatus::Open => (1u8, "New"),
        FindingStatus::Muted => (3, "Suppressed"),
        FindingStatus::Resolved => (4, "Resolved"),
    };
    let evidence = &finding.evidence;
    let text = |key: &str| evidence.get(key).and_then(Value::as_str).map(str::to_owned);
    let time_of = |key: &str| text(key).and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc));

    let mut event = Map::new();
    event.insert("activity_id".into(), json!(activity_id));
    event.insert("activity_name".into(), json!(activity_name));
    event.insert("category_uid".into(), json!(2));
    event.insert("category_name".into(), json!("Findings"));
    event.insert("class_uid".into(), json!(CLASS_UID));
    event.insert("class_name".into(), json!("Detection Finding"));
    event.insert("type_uid".into(), json!(u64::from(CLASS_UID) * 100 + u64::from(activity_id)));
    event.insert("type_name".into(), json!(format!("Detection Finding: {activity_name}")));
    event.insert("severity_id".into(), json!(severity_id));
    event.insert("severity".into(), json!(severity));
    event.insert("status_id".into(), json!(status_id));
    event.insert("status".into(), json!(status));
    if let Some(reason) = &finding.mute_reason {
        event.insert("status_detail".into(), json!(reason));
    }
    event.insert("time".into(), json!(millis(&finding.last_seen)));
    event.insert("message".into(), json!(finding.title));
    event.insert(
        "metadata".into(),
        json!({
            "version": SCHEMA_VERSION,
            "product": {"name": PRODUCT_NAME, "vendor_name": PRODUCT_NAME, "version": tool_version},
            "profiles": ["cloud"],
            "event_code": finding.rule_id,
        }),
    );

    let mut info = Map::new();
    info.insert("uid".into(), json!(finding.id));
    info.insert("title".into(), json!(finding.title));
    if let Some(title) = text("rule_title") {
        info.insert("analytic".into(), json!({"uid": finding.rule_id, "name": title, "type_id": 1, "type": "Rule"}));
    }
    info.insert("first_seen_time".into(), json!(millis(&finding.first_seen)));
    info.insert("last_seen_time".into(), json!(millis(&finding.last_seen)));
    if let Some(t) = time_of("first_event_time") {
        info.insert("data_sources".into(), json!(["CloudTrail"]));
        info.insert("created_time".into(), json!(millis(&t)));
    }
    let techniques: Vec<Value> = evidence
        .get("attack")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|id| json!({"technique": {"uid": id.to_uppercase()}, "version": "15"}))
        .collect();
    if !techniques.is_empty() {
        info.insert("attacks".into(), json!(techniques));
    }
    if let Some(ids) = evidence.get("event_ids").and_then(Value::as_array) {
        info.insert("related_events".into(), json!(ids.iter().filter_map(Value::as_str).map(|id| json!({"uid": id})).collect::<Vec<_>>()));
    }
    event.insert("finding_info".into(), Value::Object(info));

    let mut cloud = Map::new();
    cloud.insert("provider".into(), json!("AWS"));
    if let Subject::Principal { account_id, principal_type, principal_id } = &finding.subject {
        cloud.insert("account".into(), json!({"uid": account_id, "type_id": 10, "type": "AWS Account"}));
        event.insert(
            "actor".into(),
            json!({"user": {"uid": principal_id, "type": principal_type, "account": {"uid": account_id, "type_id": 10, "type": "AWS Account"}}}),
        );
    }
    event.insert("cloud".into(), Value::Object(cloud));
    let ips: Vec<Value> = evidence
        .get("source_ips")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|ip| json!({"src_endpoint": {"ip": ip}}))
        .collect();
    if !ips.is_empty() {
        event.insert("evidences".into(), json!(ips));
    }
    event.insert("unmapped".into(), json!({"evidence": evidence}));
    Value::Object(event)
}

fn millis(time: &DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}
