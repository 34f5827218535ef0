//! `meerkat inventory`: resources now, or as they were at a past time.

use std::path::Path;

use anyhow::bail;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use meerkat_store::ResourceQuery;

use crate::output::{self, Format, Rows};
use crate::Outcome;

/// Flags of `meerkat inventory`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this resource type, e.g. AWS::EC2::SecurityGroup.
    #[arg(long = "type")]
    resource_type: Option<String>,
    /// Only this region (`global` for account-wide types).
    #[arg(long)]
    region: Option<String>,
    /// Only this account.
    #[arg(long)]
    account: Option<String>,
    /// Only resources with this tag, as KEY=VALUE or KEY (repeatable; all must match).
    #[arg(long = "tag", value_name = "KEY[=VALUE]")]
    tags: Vec<String>,
    /// The inventory as it was at this time (RFC 3339, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, UTC).
    #[arg(long, value_parser = parse_time)]
    as_of: Option<DateTime<Utc>>,
    /// Include resources that have been deleted.
    #[arg(long)]
    include_deleted: bool,
}

/// Parses the time forms `--as-of` accepts.
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for pattern in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, pattern) {
            return Ok(t.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    Err(format!("{text:?} is not a time: use RFC 3339 (2026-11-25T10:00:00Z), YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)"))
}

fn parse_tags(items: &[String]) -> anyhow::Result<Vec<(String, Option<String>)>> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some(("", _)) => bail!("--tag {item:?}: the key is empty"),
            Some((k, v)) => Ok((k.to_owned(), Some(v.to_owned()))),
            None if item.is_empty() => bail!("--tag needs KEY or KEY=VALUE"),
            None => Ok((item.clone(), None)),
        })
        .collect()
}

/// Runs `meerkat inventory`.
pub fn run(args: Args, db: &Path, format: Format) -> anyhow::Result<Outcome> {
    let store = super::open_store(db)?;
    let query = ResourceQuery {
        resource_type: args.resource_type,
        account_id: args.account,
        region: args.region,
        tags: parse_tags(&args.tags)?,
        as_of: args.as_of,
        include_deleted: args.include_deleted,
    };
    let resources = store.resources(&query)?;
    output::print(format, &resources, |resources| Rows {
        header: vec!["resource type", "region", "resource id", "name", "last seen", "deleted"],
        rows: resources
            .iter()
            .map(|r| {
                vec![
                    r.resource_type.clone(),
                    r.region.clone(),
                    r.resource_id.clone(),
                    r.name.clone().unwrap_or_default(),
                    r.last_seen.format("%Y-%m-%d %H:%M:%S").to_string(),
                    r.deleted_at.map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default(),
                ]
            })
            .collect(),
    })?;
    if format == Format::Table {
        println!("{} resource(s)", resources.len());
    }
    Ok(Outcome::Complete)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_forms() {
        assert_eq!(parse_time("2026-11-25").unwrap().to_rfc3339(), "2026-11-25T00:00:00+00:00");
        assert_eq!(parse_time("2026-11-25T10:30").unwrap().to_rfc3339(), "2026-11-25T10:30:00+00:00");
        assert_eq!(parse_time("2026-11-25T10:30:00+01:00").unwrap().to_rfc3339(), "2026-11-25T09:30:00+00:00");
        assert!(parse_time("yesterday").unwrap_err().contains("RFC 3339"));
    }

    #[test]
    fn tag_forms() {
        let tags = parse_tags(&["Owner=alice".into(), "Env".into(), "Empty=".into()]).unwrap();
        assert_eq!(
            tags,
            vec![("Owner".into(), Some("alice".into())), ("Env".into(), None), ("Empty".into(), Some(String::new()))]
        );
        assert!(parse_tags(&["=x".into()]).is_err());
    }
}
