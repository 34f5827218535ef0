//! `meerkat discover`: collect, commit each scope atomically, report what was not assessed.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use meerkat_aws::{Discovery, Options, Regions, ScopeOutcome};
use meerkat_store::Store;
use serde::Serialize;

use crate::output::{self, Format, Rows};
use crate::Outcome;

/// Flags of `meerkat discover` (also `meerkat scan`'s, flattened under this group id).
#[derive(Debug, clap::Args)]
#[group(id = "discovery")]
pub struct Args {
    /// Named AWS profile (default credential chain otherwise).
    #[arg(long, env = "AWS_PROFILE")]
    profile: Option<String>,
    /// Regions to scan: `all` (the account's enabled regions) or a comma-separated list.
    #[arg(long, default_value = "all")]
    regions: String,
    /// Send every AWS call to this endpoint (an emulator such as moto).
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    endpoint_url: Option<String>,
    /// Endpoint for one service, as `SERVICE=URL` (repeatable); wins over --endpoint-url.
    #[arg(long = "service-endpoint", value_name = "SERVICE=URL")]
    service_endpoints: Vec<String>,
    /// Only these resource types, comma-separated (`meerkat collectors` lists them).
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
    /// Attempts per API call, first try included (adaptive retry on throttling).
    #[arg(long, default_value_t = 3)]
    max_attempts: u32,
    /// Scopes (type × region) collected at once.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Scopes of one service in one region collected at once.
    #[arg(long, default_value_t = 4)]
    per_service_region: usize,
}

#[derive(Debug, Default, Serialize)]
struct TypeSummary {
    resource_type: String,
    resources: usize,
    added: usize,
    changed: usize,
    deleted: usize,
    restored: usize,
    partial: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct NotAssessed {
    account_id: String,
    region: String,
    resource_type: String,
    code: String,
    message: String,
}

#[derive(Debug, Serialize)]
struct PartialResource {
    resource_type: String,
    resource_id: String,
    region: String,
    parts: BTreeMap<String, String>,
}

/// What one discovery saw, for people and machines.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub(crate) account_id: String,
    pub(crate) regions: Vec<String>,
    seconds: f64,
    api_calls: u64,
    api_calls_per_service: BTreeMap<String, u64>,
    pub(crate) resources: usize,
    types: Vec<TypeSummary>,
    pub(crate) not_assessed: Vec<NotAssessed>,
    partial_resources: Vec<PartialResource>,
}

fn parse_regions(text: &str) -> Regions {
    if text.trim().eq_ignore_ascii_case("all") {
        Regions::All
    } else {
        Regions::List(text.split(',').map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned).collect())
    }
}

fn parse_service_endpoints(items: &[String]) -> anyhow::Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for item in items {
        let Some((service, url)) = item.split_once('=') else {
            bail!("--service-endpoint {item:?}: expected SERVICE=URL, e.g. ec2=http://127.0.0.1:5000");
        };
        map.insert(service.trim().to_owned(), url.trim().to_owned());
    }
    Ok(map)
}

/// Runs `meerkat discover`.
pub fn run(args: Args, db: &Path, format: Format) -> anyhow::Result<Outcome> {
    let mut store = super::open_store(db)?;
    let summary = collect(args, &mut store)?;
    print_summary(&summary, format)?;
    Ok(summary.outcome())
}

impl Summary {
    /// Partial when any scope or resource part could not be read.
    pub fn outcome(&self) -> Outcome {
        if self.not_assessed.is_empty() && self.partial_resources.is_empty() {
            Outcome::Complete
        } else {
            Outcome::Partial
        }
    }
}

/// Discovers as `args` say and commits every scope into `store`, one transaction each.
pub fn collect(args: Args, store: &mut Store) -> anyhow::Result<Summary> {
    let options = Options {
        profile: args.profile,
        regions: parse_regions(&args.regions),
        endpoint_url: args.endpoint_url,
        service_endpoints: parse_service_endpoints(&args.service_endpoints)?,
        max_attempts: args.max_attempts,
        concurrency: args.concurrency,
        per_service_region: args.per_service_region,
        resource_types: args.types,
        ..Options::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let started = Instant::now();
    let discovery = runtime.block_on(Discovery::connect(options))?;
    let scan_started = Utc::now();
    let scan = store.begin_scan(scan_started)?;

    let planned = discovery.planned_scopes().len() as u64;
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(planned);
        bar.set_style(
            ProgressStyle::with_template("{spinner} discovering [{bar:30}] {pos}/{len} scopes {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };

    let mut types: BTreeMap<String, TypeSummary> = BTreeMap::new();
    let mut not_assessed = Vec::new();
    let mut partial_resources = Vec::new();
    let mut commit_error: Option<anyhow::Error> = None;
    let stats = runtime.block_on(discovery.run(|outcome| {
        progress.inc(1);
        progress.set_message(outcome.scope().resource_type.clone());
        match outcome {
            ScopeOutcome::Collected { scope, resources } => {
                let entry = types.entry(scope.resource_type.clone()).or_insert_with(|| TypeSummary {
                    resource_type: scope.resource_type.clone(),
                    ..Default::default()
                });
                for r in resources.iter().filter(|r| !r.not_assessed.is_empty()) {
                    partial_resources.push(PartialResource {
                        resource_type: r.resource_type.clone(),
                        resource_id: r.resource_id.clone(),
                        region: r.region.clone(),
                        parts: r.not_assessed.clone(),
                    });
                }
                entry.resources += resources.len();
                entry.partial += resources.iter().filter(|r| !r.not_assessed.is_empty()).count();
                match store.commit_scope(&scope, &resources, scan_started) {
                    Ok(c) => {
                        entry.added += c.added;
                        entry.changed += c.changed;
                        entry.deleted += c.deleted;
                        entry.restored += c.restored;
                    }
                    Err(e) => {
                        if commit_error.is_none() {
                            commit_error = Some(anyhow::Error::new(e).context(format!("cannot commit scope {scope}")));
                        }
                    }
                }
            }
            ScopeOutcome::Failed { scope, error } => {
                if let Err(e) = store.record_scope_failure(&scope, &error.code, &error.message, scan_started) {
                    if commit_error.is_none() {
                        commit_error = Some(anyhow::Error::new(e).context(format!("cannot record scope {scope}")));
                    }
                }
                not_assessed.push(NotAssessed {
                    account_id: scope.account_id,
                    region: scope.region,
                    resource_type: scope.resource_type,
                    code: error.code,
                    message: error.message,
                });
            }
        }
    }));
    progress.finish_and_clear();
    if let Some(e) = commit_error {
        return Err(e);
    }
    not_assessed.sort_by(|a, b| (&a.resource_type, &a.region).cmp(&(&b.resource_type, &b.region)));
    let summary = Summary {
        account_id: discovery.account_id().to_owned(),
        regions: discovery.regions().to_vec(),
        seconds: started.elapsed().as_secs_f64(),
        api_calls: stats.api_calls,
        api_calls_per_service: stats.api_calls_per_service.clone(),
        resources: stats.resources,
        types: types.into_values().collect(),
        not_assessed,
        partial_resources,
    };
    store.finish_scan(scan, Utc::now(), &serde_json::to_value(&summary)?)?;
    Ok(summary)
}

/// Prints a discovery summary.
pub fn print_summary(summary: &Summary, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json | Format::Jsonl => {
            let text = if format == Format::Json { serde_json::to_string_pretty(summary)? } else { serde_json::to_string(summary)? };
            println!("{text}");
        }
        Format::Ocsf | Format::Asff | Format::Sarif | Format::Html => {
            anyhow::bail!("--format {format:?} is a findings format: use it with `meerkat scan` or `meerkat findings`")
        }
        Format::Table | Format::Csv => {
            output::print(format, &summary.types, |types| Rows {
                header: vec!["resource type", "resources", "new", "changed", "deleted", "restored", "partly read"],
                rows: types
                    .iter()
                    .map(|t| {
                        vec![
                            t.resource_type.clone(),
                            t.resources.to_string(),
                            t.added.to_string(),
                            t.changed.to_string(),
                            t.deleted.to_string(),
                            t.restored.to_string(),
                            t.partial.to_string(),
                        ]
                    })
                    .collect(),
            })?;
            if format == Format::Table {
                println!(
                    "Account {} · {} region(s) · {} resources · {} API calls · {:.1}s",
                    summary.account_id,
                    summary.regions.len(),
                    summary.resources,
                    summary.api_calls,
                    summary.seconds
                );
                if !summary.not_assessed.is_empty() {
                    println!("\nNOT ASSESSED — {} scope(s) could not be read; their resources are kept as last seen:", summary.not_assessed.len());
                    let rows = Rows {
                        header: vec!["resource type", "region", "error", "message"],
                        rows: summary
                            .not_assessed
                            .iter()
                            .map(|n| vec![n.resource_type.clone(), n.region.clone(), n.code.clone(), truncate(&n.message, 80)])
                            .collect(),
                    };
                    println!("{}", output::table(&rows));
                }
                if !summary.partial_resources.is_empty() {
                    println!("\nPARTLY READ — {} resource(s) have parts that could not be read:", summary.partial_resources.len());
                    let rows = Rows {
                        header: vec!["resource type", "resource", "part", "error"],
                        rows: summary
                            .partial_resources
                            .iter()
                            .flat_map(|p| {
                                p.parts.iter().map(|(part, err)| {
                                    vec![p.resource_type.clone(), p.resource_id.clone(), part.clone(), truncate(err, 70)]
                                })
                            })
                            .collect(),
                    };
                    println!("{}", output::table(&rows));
                }
            }
        }
    }
    Ok(())
}

fn truncate(text: &str, max: usize) -> String {
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.chars().count() <= max {
        first_line.to_owned()
    } else {
        format!("{}…", first_line.chars().take(max).collect::<String>())
    }
}
