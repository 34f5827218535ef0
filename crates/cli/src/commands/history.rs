//! `meerkat history`: every kept version of one resource, and what changed between them.

use std::path::Path;

use anyhow::bail;
use meerkat_model::{diff, Change, Version};
use serde::Serialize;

use crate::output::{Format, Rows};
use crate::{output, Outcome};

/// Flags of `meerkat history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The resource id (sg-…, a bucket name) or ARN.
    resource: String,
    /// Show the changes between consecutive versions.
    #[arg(long)]
    diff: bool,
}

#[derive(Debug, Serialize)]
struct Entry {
    seq: i64,
    captured_at: String,
    config_hash: String,
    deleted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<meerkat_model::Resource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<Vec<Change>>,
}

/// The document compared between versions: what the hash covers.
fn comparable(version: &Version) -> serde_json::Value {
    match &version.resource {
        Some(r) => serde_json::json!({
            "arn": r.arn, "name": r.name, "tags": r.tags, "configuration": r.configuration,
            "supplementary": r.supplementary, "relationships": r.relationships,
        }),
        None => serde_json::Value::Null,
    }
}

/// Runs `meerkat history`.
pub fn run(args: Args, db: &Path, format: Format) -> anyhow::Result<Outcome> {
    let store = super::open_store(db)?;
    let keys = store.find(&args.resource)?;
    let key = match keys.as_slice() {
        [] => bail!("no resource with id or ARN {:?} in the inventory", args.resource),
        [one] => one.clone(),
        many => bail!(
            "{:?} names {} resources; give the ARN instead: {}",
            args.resource,
            many.len(),
            many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        ),
    };
    let versions = store.history(&key)?;
    let mut entries = Vec::with_capacity(versions.len());
    let mut previous: Option<&Version> = None;
    for version in &versions {
        let changes = if args.diff {
            previous.map(|p| diff(&comparable(p), &comparable(version)))
        } else {
            None
        };
        entries.push(Entry {
            seq: version.seq,
            captured_at: version.captured_at.to_rfc3339(),
            config_hash: version.config_hash.clone(),
            deleted: version.resource.is_none(),
            resource: if format == Format::Table { None } else { version.resource.clone() },
            changes,
        });
        previous = Some(version);
    }
    if format != Format::Table {
        output::print(format, &entries, |entries| Rows {
            header: vec!["version", "captured at", "config hash", "deleted"],
            rows: entries
                .iter()
                .map(|e| vec![e.seq.to_string(), e.captured_at.clone(), e.config_hash.clone(), e.deleted.to_string()])
                .collect(),
        })?;
        return Ok(Outcome::Complete);
    }
    println!("{key}");
    for e in &entries {
        let what = if e.deleted { "deleted".to_owned() } else { format!("hash {}", &e.config_hash[..e.config_hash.len().min(12)]) };
        println!("  v{} {} {}", e.seq, e.captured_at, what);
        for change in e.changes.iter().flatten() {
            let show = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
            match change.kind {
                meerkat_model::ChangeKind::Added => println!("      + {} = {}", change.path, show(&change.new)),
                meerkat_model::ChangeKind::Removed => println!("      - {} (was {})", change.path, show(&change.old)),
                meerkat_model::ChangeKind::Changed => {
                    println!("      ~ {}: {} → {}", change.path, show(&change.old), show(&change.new))
                }
            }
        }
    }
    Ok(Outcome::Complete)
}
