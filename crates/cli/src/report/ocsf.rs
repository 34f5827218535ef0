//! OCSF 1.3.0 **Compliance Finding** (class 2003, category Findings), one JSON object per
//! line, the shape Amazon Security Lake custom sources and OCSF data lakes ingest.
//!
//! Every row becomes one event, passes included: a compliance finding records the result
//! of an evaluation, so a pass is `compliance.status_id` 1 and a not-assessed row is 2
//! ("Warning": no result for lack of information), never a pass. The finding's own
//! `status_id` follows its lifecycle: New, Suppressed (muted), Resolved (passes).
//!
//! Attributes are those of the 1.3.0 schema (`events/findings/compliance_finding.json`
//! and what it extends, with the `cloud` profile applied); the golden test checks each
//! event against that version's required attributes. Times are `timestamp_t`:
//! milliseconds since the epoch.

use std::io::Write;

use chrono::{DateTime, Utc};
use meerkat_model::{CheckStatus, Severity};
use serde_json::{json, Map, Value};

use super::{remediation_text, Report, ResultRow, RowState, PRODUCT_NAME};

/// The OCSF schema version the events follow (`metadata.version`).
pub const SCHEMA_VERSION: &str = "1.3.0";
/// Compliance Finding.
pub const CLASS_UID: u32 = 2003;
/// The Findings category.
pub const CATEGORY_UID: u32 = 2;

/// Writes one Compliance Finding per row, one per line (JSONL).
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for row in &report.results {
        serde_json::to_writer(&mut *out, &event(report, row))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The Compliance Finding event of one row.
pub fn event(report: &Report, row: &ResultRow) -> Value {
    let state = row.state();
    let (activity_id, activity_name) = activity(row);
    let (severity_id, severity) = severity(row.severity);
    let (status_id, status) = finding_status(state);
    let (compliance_status_id, compliance_status) = compliance_status(row.status);

    let mut event = Map::new();
    event.insert("activity_id".into(), json!(activity_id));
    event.insert("activity_name".into(), json!(activity_name));
    event.insert("category_uid".into(), json!(CATEGORY_UID));
    event.insert("category_name".into(), json!("Findings"));
    event.insert("class_uid".into(), json!(CLASS_UID));
    event.insert("class_name".into(), json!("Compliance Finding"));
    event.insert("type_uid".into(), json!(u64::from(CLASS_UID) * 100 + u64::from(activity_id)));
    event.insert("type_name".into(), json!(format!("Compliance Finding: {activity_name}")));
    event.insert("severity_id".into(), json!(severity_id));
    event.insert("severity".into(), json!(severity));
    event.insert("status_id".into(), json!(status_id));
    event.insert("status".into(), json!(status));
    if let Some(reason) = &row.muted {
        event.insert("status_detail".into(), json!(reason));
    }
    event.insert("time".into(), json!(millis(&row.last_seen)));
    event.insert("message".into(), json!(format!("{}: {}", row.title, row.resource_uid())));
    event.insert(
        "metadata".into(),
        json!({
            "version": SCHEMA_VERSION,
            "product": {
                "name": PRODUCT_NAME,
                "vendor_name": PRODUCT_NAME,
                "version": report.tool_version,
            },
            "profiles": ["cloud"],
            "event_code": row.check_id,
        }),
    );

    let mut finding_info = Map::new();
    finding_info.insert("uid".into(), json!(row.finding_id));
    finding_info.insert("title".into(), json!(row.title));
    if !row.description.is_empty() {
        finding_info.insert("desc".into(), json!(row.description));
    }
    if let Some(first_seen) = &row.first_seen {
        finding_info.insert("first_seen_time".into(), json!(millis(first_seen)));
    }
    finding_info.insert("last_seen_time".into(), json!(millis(&row.last_seen)));
    finding_info
        .insert("analytic".into(), json!({"uid": row.check_id, "name": row.title, "type_id": 1, "type": "Rule"}));
    event.insert("finding_info".into(), Value::Object(finding_info));

    let mut compliance = Map::new();
    compliance
        .insert("standards".into(), json!(row.frameworks.keys().map(|f| report.standard_name(f)).collect::<Vec<_>>()));
    compliance.insert("requirements".into(), json!(report.requirements(row)));
    compliance.insert("control".into(), json!(row.check_id));
    compliance.insert("status_id".into(), json!(compliance_status_id));
    compliance.insert("status".into(), json!(compliance_status));
    if !row.reasons.is_empty() {
        compliance.insert("status_detail".into(), json!(row.reasons.join("; ")));
    }
    event.insert("compliance".into(), Value::Object(compliance));

    let remediation = remediation_text(&row.remediation);
    if !remediation.is_empty() || !row.references.is_empty() {
        // `desc` is required once the object is there.
        let desc = if remediation.is_empty() { "See the references.".to_string() } else { remediation };
        event.insert("remediation".into(), json!({"desc": desc, "references": row.references}));
    }

    event.insert("resources".into(), json!([resource(row)]));
    let mut cloud = Map::new();
    cloud.insert("provider".into(), json!("AWS"));
    cloud.insert("account".into(), json!({"uid": row.account_id, "type_id": 10, "type": "AWS Account"}));
    if let Some(region) = row.regional() {
        cloud.insert("region".into(), json!(region));
    }
    event.insert("cloud".into(), Value::Object(cloud));

    if !row.evidence.is_empty() {
        // 1.3.0 has no evidence attribute on this class (`evidences` came later):
        // attributes outside the schema go under `unmapped`.
        event.insert("unmapped".into(), json!({"evidence": row.evidence}));
    }
    Value::Object(event)
}

/// The resource, as `resource_details`. Tags go to `labels` (`key=value`, the 1.3.0
/// attribute for them) and, exactly, to `data.tags`.
fn resource(row: &ResultRow) -> Value {
    let mut resource = Map::new();
    resource.insert("uid".into(), json!(row.resource_uid()));
    resource.insert("name".into(), json!(row.resource_id));
    resource.insert("type".into(), json!(row.resource_type));
    if let Some(region) = row.regional() {
        resource.insert("region".into(), json!(region));
    }
    resource.insert("cloud_partition".into(), json!(row.partition()));
    if !row.tags.is_empty() {
        resource.insert("labels".into(), json!(row.tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>()));
        resource.insert("data".into(), json!({"tags": row.tags}));
    }
    Value::Object(resource)
}

/// Create for a failure first seen in this run, Update for one seen before, Close for a
/// pass (its finding, if any, is resolved).
fn activity(row: &ResultRow) -> (u8, &'static str) {
    match row.status {
        CheckStatus::Pass => (3, "Close"),
        CheckStatus::Fail | CheckStatus::NotAssessed => match row.first_seen {
            Some(first_seen) if first_seen < row.last_seen => (2, "Update"),
            _ => (1, "Create"),
        },
    }
}

/// `severity_id`: 1 Informational … 5 Critical.
fn severity(severity: Severity) -> (u8, &'static str) {
    match severity {
        Severity::Informational => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// The finding's `status_id`: 1 New, 3 Suppressed, 4 Resolved; 99 Other for a row that
/// could not be assessed (no finding to review, but not resolved either).
fn finding_status(state: RowState) -> (u8, &'static str) {
    match state {
        RowState::Fail => (1, "New"),
        RowState::Muted => (3, "Suppressed"),
        RowState::Pass => (4, "Resolved"),
        RowState::NotAssessed => (99, "Not Assessed"),
    }
}

/// `compliance.status_id`: 1 Pass, 2 Warning (no result for missing information), 3 Fail.
fn compliance_status(status: CheckStatus) -> (u8, &'static str) {
    match status {
        CheckStatus::Pass => (1, "Pass"),
        CheckStatus::NotAssessed => (2, "Warning"),
        CheckStatus::Fail => (3, "Fail"),
    }
}

fn millis(time: &DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}
