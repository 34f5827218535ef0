//! `meerkat coverage`: which scopes were read, and which are not assessed and why.

use std::path::Path;

use serde::Serialize;

use crate::output::{self, Format, Rows};
use crate::Outcome;

/// Flags of `meerkat coverage`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the scopes that are not assessed.
    #[arg(long)]
    not_assessed: bool,
}

#[derive(Debug, Serialize)]
struct Row {
    account_id: String,
    region: String,
    resource_type: String,
    assessed: bool,
    resources: i64,
    last_success: Option<String>,
    error_code: Option<String>,
    error_message: Option<String>,
}

/// Runs `meerkat coverage`; partial when any scope is not assessed.
pub fn run(args: Args, db: &Path, format: Format) -> anyhow::Result<Outcome> {
    let store = super::open_store(db)?;
    let rows: Vec<Row> = store
        .scope_statuses()?
        .into_iter()
        .filter(|s| !args.not_assessed || !s.assessed)
        .map(|s| Row {
            account_id: s.scope.account_id,
            region: s.scope.region,
            resource_type: s.scope.resource_type,
            assessed: s.assessed,
            resources: s.resource_count,
            last_success: s.last_success.map(|t| t.to_rfc3339()),
            error_code: s.error_code,
            error_message: s.error_message,
        })
        .collect();
    if rows.is_empty() && format == Format::Table {
        println!(
            "{}",
            if args.not_assessed { "Every scope was assessed." } else { "No scan yet: run `meerkat discover`." }
        );
        return Ok(Outcome::Complete);
    }
    output::print(format, &rows, |rows| Rows {
        header: vec!["resource type", "region", "account", "status", "resources", "error"],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.resource_type.clone(),
                    r.region.clone(),
                    r.account_id.clone(),
                    if r.assessed { "assessed".into() } else { "NOT ASSESSED".into() },
                    r.resources.to_string(),
                    r.error_code.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    })?;
    Ok(if rows.iter().all(|r| r.assessed) { Outcome::Complete } else { Outcome::Partial })
}
