//! SARIF 2.1.0 for CI code-scanning views: one run; a rule per check in the report; a
//! result per failing row (muted ones carry an external, accepted suppression).
//!
//! Cloud resources have no source file, so a result's location is logical: the resource's
//! ARN (or id) as `fullyQualifiedName`. Physical locations will come with resources that
//! have a source file (infrastructure as code). Without a file a viewer cannot compute
//! fingerprints, so each result carries the stable finding id in `partialFingerprints`.
//! Rows that could not be assessed are not results (nothing failed) but stay visible as
//! warnings in the invocation's `toolExecutionNotifications`.

use std::collections::BTreeMap;
use std::io::Write;

use meerkat_model::{CheckStatus, Severity};
use serde_json::{json, Map, Value};

use super::{rfc3339, service_of, Report, ResultRow, PRODUCT_NAME};

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";
/// The JSON schema of that version, as GitHub's documentation cites it.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The `partialFingerprints` key holding the finding id.
pub const FINGERPRINT: &str = "meerkatFindingId/v1";

/// Writes the SARIF log, pretty-printed.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report))?;
    out.write_all(b"\n")
}

/// The SARIF log of a report.
pub fn log(report: &Report) -> Value {
    // One rule per check, described by its first row, in check-id order.
    let mut checks: BTreeMap<&str, &ResultRow> = BTreeMap::new();
    for row in &report.results {
        checks.entry(row.check_id.as_str()).or_insert(row);
    }
    let index: BTreeMap<&str, usize> = checks.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let rules: Vec<Value> = checks.values().map(|row| rule(row)).collect();

    let results: Vec<Value> = report
        .results
        .iter()
        .filter(|row| row.status == CheckStatus::Fail)
        .map(|row| result(row, index[row.check_id.as_str()]))
        .collect();
    let notifications: Vec<Value> = report
        .results
        .iter()
        .filter(|row| row.status == CheckStatus::NotAssessed)
        .map(|row| notification(row, index[row.check_id.as_str()]))
        .collect();

    let mut driver = Map::new();
    driver.insert("name".into(), json!(PRODUCT_NAME));
    driver.insert("version".into(), json!(report.tool_version));
    driver.insert("semanticVersion".into(), json!(report.tool_version));
    driver.insert("rules".into(), json!(rules));

    json!({
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [{
                "executionSuccessful": true,
                "endTimeUtc": rfc3339(&report.generated_at),
                "toolExecutionNotifications": notifications,
            }],
            "properties": {
                "accounts": report.accounts,
                "regions": report.regions,
            },
            "results": results,
        }],
    })
}

fn rule(row: &ResultRow) -> Value {
    let mut tags = vec!["security".to_string(), "aws".to_string(), service_of(&row.resource_type).to_ascii_lowercase()];
    tags.extend(row.framework_controls());
    let mut rule = Map::new();
    rule.insert("id".into(), json!(row.check_id));
    rule.insert("name".into(), json!(pascal_case(&row.check_id)));
    rule.insert("shortDescription".into(), json!({"text": row.title}));
    rule.insert(
        "fullDescription".into(),
        json!({"text": if row.description.trim().is_empty() { &row.title } else { &row.description }}),
    );
    rule.insert("help".into(), json!({"text": help_text(row), "markdown": help_markdown(row)}));
    if let Some(url) = row.references.iter().find(|r| r.starts_with("https://") || r.starts_with("http://")) {
        rule.insert("helpUri".into(), json!(url));
    }
    rule.insert("defaultConfiguration".into(), json!({"level": level(row.severity)}));
    rule.insert(
        "properties".into(),
        json!({
            "tags": tags,
            "security-severity": security_severity(row.severity),
            "severity": row.severity.to_string(),
            "resourceType": row.resource_type,
        }),
    );
    Value::Object(rule)
}

fn result(row: &ResultRow, rule_index: usize) -> Value {
    let mut message = format!("{}: {}", row.title, row.resource_uid());
    if !row.reasons.is_empty() {
        message.push_str(". ");
        message.push_str(&row.reasons.join("; "));
    }
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(row.check_id));
    result.insert("ruleIndex".into(), json!(rule_index));
    result.insert("kind".into(), json!("fail"));
    result.insert("level".into(), json!(level(row.severity)));
    result.insert("message".into(), json!({"text": message}));
    result.insert("locations".into(), json!([{"logicalLocations": [logical_location(row)]}]));
    result.insert("partialFingerprints".into(), json!({FINGERPRINT: row.finding_id}));
    if let Some(reason) = &row.muted {
        result.insert(
            "suppressions".into(),
            json!([{"kind": "external", "status": "accepted", "justification": reason}]),
        );
    }
    let mut properties = Map::new();
    properties.insert("accountId".into(), json!(row.account_id));
    properties.insert("region".into(), json!(row.region));
    properties.insert("resourceType".into(), json!(row.resource_type));
    properties.insert("resourceId".into(), json!(row.resource_id));
    properties.insert("frameworks".into(), json!(row.framework_controls()));
    if let Some(first_seen) = &row.first_seen {
        properties.insert("firstSeen".into(), json!(rfc3339(first_seen)));
    }
    properties.insert("lastSeen".into(), json!(rfc3339(&row.last_seen)));
    if !row.evidence.is_empty() {
        properties.insert("evidence".into(), json!(row.evidence));
    }
    result.insert("properties".into(), Value::Object(properties));
    Value::Object(result)
}

fn notification(row: &ResultRow, rule_index: usize) -> Value {
    let why = if row.reasons.is_empty() { "could not be read".to_string() } else { row.reasons.join("; ") };
    json!({
        "level": "warning",
        "message": {"text": format!("Not assessed: {} on {}: {why}", row.check_id, row.resource_uid())},
        "associatedRule": {"id": row.check_id, "index": rule_index},
        "locations": [{"logicalLocations": [logical_location(row)]}],
        "timeUtc": rfc3339(&row.last_seen),
    })
}

fn logical_location(row: &ResultRow) -> Value {
    json!({"name": row.resource_id, "fullyQualifiedName": row.resource_uid(), "kind": "resource"})
}

/// The help as plain text: remediation by tool, then references.
fn help_text(row: &ResultRow) -> String {
    let mut parts = Vec::new();
    for (label, text) in remediation_parts(row) {
        parts.push(format!("{label}:\n{}", text.trim()));
    }
    if !row.references.is_empty() {
        parts.push(format!("References:\n{}", row.references.join("\n")));
    }
    if parts.is_empty() {
        row.title.clone()
    } else {
        parts.join("\n\n")
    }
}

/// The help as Markdown, commands in fences that their own backticks cannot close.
fn help_markdown(row: &ResultRow) -> String {
    let mut parts = vec![format!("**{}**", row.title.trim())];
    if !row.description.trim().is_empty() {
        parts.push(row.description.trim().to_string());
    }
    for (label, text) in remediation_parts(row) {
        let text = text.trim();
        parts.push(match label {
            "Console" => format!("**Remediation ({label})**\n\n{text}"),
            _ => {
                let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
                let lang = if label == "Terraform" { "hcl" } else { "sh" };
                format!("**Remediation ({label})**\n\n{fence}{lang}\n{text}\n{fence}")
            }
        });
    }
    if !row.references.is_empty() {
        parts.push(format!(
            "**References**\n\n{}",
            row.references.iter().map(|r| format!("- <{r}>")).collect::<Vec<_>>().join("\n")
        ));
    }
    parts.join("\n\n")
}

fn remediation_parts(row: &ResultRow) -> Vec<(&'static str, &str)> {
    [
        ("Console", &row.remediation.console),
        ("AWS CLI", &row.remediation.cli),
        ("Terraform", &row.remediation.terraform),
    ]
    .into_iter()
    .filter(|(_, text)| !text.trim().is_empty())
    .map(|(label, text)| (label, text.as_str()))
    .collect()
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// `s3_bucket_public_read` → `S3BucketPublicRead`.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Informational => "note",
    }
}

/// GitHub's `security-severity`: a CVSS-like score as a string.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Informational => "0.0",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_fences() {
        assert_eq!(pascal_case("s3_bucket_public_read"), "S3BucketPublicRead");
        assert_eq!(longest_backtick_run("a ``` b `` c"), 3);
        assert_eq!(longest_backtick_run("none"), 0);
    }
}
