//! `meerkat collectors`: what discovery reads, and the IAM actions it needs.

use serde::Serialize;

use crate::output::{self, Format, Rows};
use crate::Outcome;

/// Flags of `meerkat collectors`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the minimal read-only IAM policy for discovery instead of the list.
    #[arg(long)]
    iam_policy: bool,
}

#[derive(Debug, Serialize)]
struct Row {
    resource_type: &'static str,
    service: &'static str,
    scope: &'static str,
    iam_actions: &'static [&'static str],
    refresh_events: &'static [&'static str],
}

/// Runs `meerkat collectors`.
pub fn run(args: Args, format: Format) -> anyhow::Result<Outcome> {
    if args.iam_policy {
        println!("{}", serde_json::to_string_pretty(&meerkat_aws::collectors::read_only_policy())?);
        return Ok(Outcome::Complete);
    }
    let rows: Vec<Row> = meerkat_aws::collectors::all()
        .map(|c| Row {
            resource_type: c.resource_type,
            service: c.service,
            scope: if c.global { "account" } else { "region" },
            iam_actions: c.iam_actions,
            refresh_events: c.refresh_events,
        })
        .collect();
    output::print(format, &rows, |rows| Rows {
        header: vec!["resource type", "service", "scope", "IAM actions", "refresh events"],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.resource_type.to_owned(),
                    r.service.to_owned(),
                    r.scope.to_owned(),
                    r.iam_actions.len().to_string(),
                    r.refresh_events.len().to_string(),
                ]
            })
            .collect(),
    })?;
    Ok(Outcome::Complete)
}
