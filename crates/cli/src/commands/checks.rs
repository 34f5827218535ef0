//! `meerkat checks`: the posture checks, as the pack and `--policies` folders declare them.

use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;

use crate::output::{self, Format, Rows};
use crate::Outcome;

/// Flags of `meerkat checks`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also load checks from this directory (repeatable).
    #[arg(long = "policies", value_name = "DIR")]
    policies: Vec<PathBuf>,
    /// Only checks mapped to this framework.
    #[arg(long)]
    framework: Option<String>,
}

#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    severity: String,
    title: &'a str,
    resource_types: &'a [String],
    frameworks: &'a std::collections::BTreeMap<String, Vec<String>>,
    file: &'a str,
}

/// Runs `meerkat checks`.
pub fn run(args: Args, format: Format) -> anyhow::Result<Outcome> {
    let mut engine = meerkat_policy::Engine::builtin().context("the built-in policy pack does not load")?;
    for dir in &args.policies {
        engine.load_dir(dir).with_context(|| format!("cannot load checks from {}", dir.display()))?;
    }
    let rows: Vec<Row> = engine
        .checks()
        .iter()
        .filter(|c| args.framework.as_ref().is_none_or(|f| c.frameworks.contains_key(f)))
        .map(|c| Row {
            id: &c.id,
            severity: c.severity.to_string(),
            title: &c.title,
            resource_types: &c.resource_types,
            frameworks: &c.frameworks,
            file: &c.file,
        })
        .collect();
    output::print(format, &rows, |rows| Rows {
        header: vec!["check", "severity", "resource types", "frameworks"],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.id.to_owned(),
                    r.severity.clone(),
                    r.resource_types.join(" "),
                    r.frameworks.iter().map(|(f, ids)| format!("{f}:{}", ids.join(","))).collect::<Vec<_>>().join(" "),
                ]
            })
            .collect(),
    })?;
    if format == Format::Table {
        println!("{} check(s)", rows.len());
    }
    Ok(Outcome::Complete)
}
