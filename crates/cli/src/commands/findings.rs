//! `meerkat findings`: the findings kept in the inventory, with their lifecycle.

use std::path::Path;

use meerkat_model::{FindingKind, FindingStatus, Severity, Subject};
use meerkat_store::FindingQuery;
use serde::Serialize;

use crate::output::{self, Format, Rows};
use crate::Outcome;

/// Flags of `meerkat findings`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which findings: open (default), muted, resolved, or all.
    #[arg(long, default_value = "open", value_parser = ["open", "muted", "resolved", "all"])]
    status: String,
    /// Only this severity and worse.
    #[arg(long, value_parser = super::scan::parse_severity)]
    severity: Option<Severity>,
    /// Only these checks or rules (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    checks: Vec<String>,
    /// Only findings on resources of this type.
    #[arg(long = "type")]
    resource_type: Option<String>,
    /// Only findings of this region.
    #[arg(long)]
    region: Option<String>,
    /// Only findings of this account.
    #[arg(long)]
    account: Option<String>,
    /// Show the status changes of this finding id instead.
    #[arg(long, value_name = "FINDING_ID")]
    history: Option<String>,
}

#[derive(Debug, Serialize)]
struct Row {
    #[serde(flatten)]
    finding: meerkat_model::Finding,
}

/// Runs `meerkat findings`.
pub fn run(args: Args, db: &Path, format: Format) -> anyhow::Result<Outcome> {
    let store = super::open_store(db)?;
    if let Some(id) = &args.history {
        let events = store.finding_history(id)?;
        if events.is_empty() {
            anyhow::bail!("no finding with id {id:?}");
        }
        output::print(format, &events, |events| Rows {
            header: vec!["at", "from", "to", "why"],
            rows: events
                .iter()
                .map(|e| {
                    vec![
                        e.at.to_rfc3339(),
                        e.from.map(|s| format!("{s:?}").to_lowercase()).unwrap_or_default(),
                        format!("{:?}", e.to).to_lowercase(),
                        e.reason.clone(),
                    ]
                })
                .collect(),
        })?;
        return Ok(Outcome::Complete);
    }
    let statuses = match args.status.as_str() {
        "open" => vec![FindingStatus::Open],
        "muted" => vec![FindingStatus::Muted],
        "resolved" => vec![FindingStatus::Resolved],
        _ => Vec::new(),
    };
    let findings = store.findings(&FindingQuery {
        statuses,
        min_severity: args.severity,
        rule_ids: args.checks,
        kinds: Vec::<FindingKind>::new(),
        resource_type: args.resource_type,
        account_id: args.account,
        region: args.region,
        limit: None,
    })?;
    let rows: Vec<Row> = findings.into_iter().map(|finding| Row { finding }).collect();
    output::print(format, &rows, |rows| Rows {
        header: vec!["severity", "status", "rule", "subject", "first seen", "last seen", "id"],
        rows: rows
            .iter()
            .map(|r| {
                let f = &r.finding;
                let subject = match &f.subject {
                    Subject::Resource(key) => format!("{} {} ({})", key.resource_type, key.resource_id, key.region),
                    Subject::Principal { principal_type, principal_id, .. } => format!("{principal_type} {principal_id}"),
                };
                vec![
                    f.severity.to_string(),
                    format!("{:?}", f.status).to_lowercase(),
                    f.rule_id.clone(),
                    subject,
                    f.first_seen.format("%Y-%m-%d %H:%M").to_string(),
                    f.last_seen.format("%Y-%m-%d %H:%M").to_string(),
                    f.id.clone(),
                ]
            })
            .collect(),
    })?;
    if format == Format::Table {
        println!("{} finding(s)", rows.len());
    }
    Ok(Outcome::Complete)
}
