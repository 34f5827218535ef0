//! `meerkat detect cloudtrail`: read CloudTrail records from files, folders or standard
//! input, run the Sigma rules over them (the built-in pack, embedded in the binary, plus
//! `--rules` folders), and keep one activity finding per rule and principal in the store.
//!
//! Repeated hits of one rule by one principal are one finding ([`finding_id`] of rule and
//! principal): a second run over the same or newer records refreshes it, merging the
//! evidence, instead of adding another.
//!
//! With `--intel` lists, every event whose `sourceIPAddress` a feed lists is one more
//! finding per principal ([`INTEL_RULE`]), and that principal's other findings of the run
//! are raised one severity step, the reason in their evidence (`intel`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use meerkat_detect::baseline::{AnomalyKind, BaselineConfig, Baselines, State as BaselineState};
use meerkat_detect::intel::{FeedId, FeedSpec, IntelSet};
use meerkat_detect::tuning::Tuning;
use meerkat_detect::sigma::{LoadOptions, Loader, Match};
use meerkat_detect::source::{read, ReadStats, Reorder, Source};
use meerkat_detect::Event;
use meerkat_model::{finding_id, CheckStatus, Evaluation, Finding, FindingKind, FindingStatus, Severity, Subject};
use serde::Serialize;
use serde_json::{json, Value};

use crate::output::{self, Format, Rows};
use crate::Outcome;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The rule of findings for events from an address on a threat-intel list.
pub const INTEL_RULE: &str = "intel_source_ip_match";
/// Event ids kept as evidence per finding.
const MAX_EVENT_IDS: usize = 50;
/// Distinct source addresses kept as evidence per finding.
const MAX_SOURCE_IPS: usize = 20;
/// Distinct event names kept as evidence per finding.
const MAX_EVENT_NAMES: usize = 20;
/// Problems with the input shown in the human summary (all of them go to the JSON summary,
/// up to [`MAX_PROBLEMS_KEPT`]).
const MAX_PROBLEMS_SHOWN: usize = 5;
/// Problems with the input kept for the JSON summary.
const MAX_PROBLEMS_KEPT: usize = 1000;
/// Recent events remembered (id → time and address) so that a correlation's evidence
/// can give the times and addresses of the events in its window, not only of the last.
const RECENT_EVENTS: usize = 20_000;

/// The time and source address of the last [`RECENT_EVENTS`] events, by `eventID`.
#[derive(Default)]
struct Recent {
    order: std::collections::VecDeque<String>,
    seen: HashMap<String, (DateTime<Utc>, Option<String>)>,
}

impl Recent {
    fn push(&mut self, event: &Event) {
        let Some(id) = event.id() else { return };
        if self.seen.insert(id.to_owned(), (event.time(), event.view().source_ip_address.map(str::to_owned))).is_none()
        {
            self.order.push_back(id.to_owned());
        }
        if self.order.len() > RECENT_EVENTS {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
    }
}

/// Flags of `meerkat detect`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: DetectCommand,
}

/// What to run detections over.
#[derive(Debug, clap::Subcommand)]
pub enum DetectCommand {
    /// Run Sigma rules over CloudTrail records (delivery files, JSON Lines, EventBridge
    /// envelopes; plain or gzip) and record suspicious activity as findings.
    Cloudtrail(CloudtrailArgs),
}

/// Flags of `meerkat detect cloudtrail`.
#[derive(Debug, clap::Args)]
pub struct CloudtrailArgs {
    /// Files, folders (read recursively) or `-` for standard input.
    #[arg(required = true, value_name = "PATH|-")]
    paths: Vec<String>,
    /// More Sigma rules from this file or folder (repeatable); the built-in pack is always loaded.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Values of `%name%` placeholders: a YAML map of name → list of values.
    #[arg(long, value_name = "FILE")]
    placeholders: Option<PathBuf>,
    /// Leave out the built-in rules (only `--rules`).
    #[arg(long)]
    no_builtin: bool,
    /// A threat-intel list of IPv4/IPv6 addresses and CIDR blocks (repeatable), as
    /// `[NAME][:CATEGORY]=FILE[#column=COLUMN]`: NAME defaults to the file stem, CATEGORY
    /// (tor-exit, scanner, c2, botnet, …) to the FireHOL header's `# Category :` or
    /// `unknown`. Plain lists and FireHOL `.netset` files: one entry per line, `#`
    /// comments; `.csv` files: a header row, entries in COLUMN (default `ip`). Start with
    /// `=` when the path itself has a `=`. Bad lines are reported and skipped.
    ///
    /// Events from a listed `sourceIPAddress` become one `intel_source_ip_match` finding
    /// per principal (high for c2 or botnet feeds, else medium). Score raise: every other
    /// finding of that principal in the same run goes up one severity step (to critical at
    /// most), and its evidence says why under `intel`.
    #[arg(long = "intel", value_name = "[NAME][:CATEGORY]=FILE")]
    intel: Vec<FeedSpec>,
    /// Exceptions (YAML): rules off, rules silenced for some events (principal, address,
    /// field patterns), trusted callers for the baselines; each with a reason and an
    /// optional expiry. See docs/examples/detect-tuning.yaml.
    #[arg(long, env = "MEERKAT_DETECT_TUNING", value_name = "FILE")]
    tuning: Option<PathBuf>,
    /// Settings of the identity baselines (YAML: learning_days, min_events, caps, …);
    /// the defaults otherwise.
    #[arg(long, value_name = "FILE")]
    baselines: Option<PathBuf>,
    /// Neither learn nor judge identity baselines in this run.
    #[arg(long)]
    no_baselines: bool,
    /// Region of the S3 bucket or SQS queue (`s3://`, `sqs://` sources).
    #[arg(long, env = "AWS_REGION", default_value = "us-east-1")]
    region: String,
    /// Named AWS profile for `s3://` and `sqs://` sources.
    #[arg(long, env = "AWS_PROFILE")]
    profile: Option<String>,
    /// Send AWS calls to this endpoint (an emulator such as moto).
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    endpoint_url: Option<String>,
    /// Attempts per AWS call, first try included.
    #[arg(long, default_value_t = 3)]
    max_attempts: u32,
    /// How long (in event time) to hold events back so that records from files read out
    /// of order reach the correlations in `eventTime` order: `0`, `90s`, `5m`, `1h`.
    /// An event older than one already passed on is late: still evaluated, and counted.
    #[arg(long, default_value = "1m", value_parser = parse_lateness, value_name = "DURATION")]
    allowed_lateness: chrono::Duration,
    /// `s3://`: read at most this many new delivery files in this run (the rest is read
    /// by the next run); `sqs://`: at most this many messages.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

/// `0`, or a whole number followed by `s`, `m` or `h`.
fn parse_lateness(text: &str) -> Result<chrono::Duration, String> {
    if text == "0" {
        return Ok(chrono::Duration::zero());
    }
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: i64 = number.parse().map_err(|_| format!("{text:?}: expected 0 or a number with s, m or h (90s, 5m, 1h)"))?;
    match unit {
        "s" => Ok(chrono::Duration::seconds(n)),
        "m" => Ok(chrono::Duration::minutes(n)),
        "h" => Ok(chrono::Duration::hours(n)),
        _ => Err(format!("{text:?}: expected 0 or a number with s, m or h (90s, 5m, 1h)")),
    }
}

/// Where the identity baselines are kept in the store: one set per database, whatever
/// the source (principals are the same whichever way their records arrive).
const BASELINE_STATE: &str = "cloudtrail baselines";
/// Anomalies kept as evidence per finding.
const MAX_ANOMALIES: usize = 20;

/// Delivery files fetched at once from S3, and committed together.
const S3_BATCH: usize = 16;

/// Where records come from: local files and standard input are read as given (ad hoc,
/// nothing remembered); a bucket or a queue is a continuous source whose progress and
/// correlation windows are kept in the store.
enum Input {
    Local(Vec<String>),
    Bucket { bucket: String, prefix: String },
    Queue { queue: String },
}

impl Input {
    fn parse(paths: &[String]) -> anyhow::Result<Self> {
        let remote: Vec<&String> = paths.iter().filter(|p| p.starts_with("s3://") || p.starts_with("sqs://")).collect();
        if remote.is_empty() {
            return Ok(Input::Local(paths.to_vec()));
        }
        if paths.len() > 1 {
            bail!("read one s3:// or sqs:// source per run (each keeps its own checkpoint), not {}", paths.join(" "));
        }
        let spec = remote[0];
        if let Some(rest) = spec.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                bail!("{spec}: no bucket (s3://BUCKET[/PREFIX])");
            }
            return Ok(Input::Bucket { bucket: bucket.to_owned(), prefix: prefix.to_owned() });
        }
        let queue = spec.trim_start_matches("sqs://");
        if queue.is_empty() {
            bail!("{spec}: no queue (sqs://NAME or sqs://https://QUEUE-URL)");
        }
        Ok(Input::Queue { queue: queue.to_owned() })
    }

    /// The name progress and state are kept under.
    fn checkpoint_name(&self) -> Option<String> {
        match self {
            Input::Local(_) => None,
            Input::Bucket { bucket, prefix } => Some(format!("cloudtrail s3://{bucket}/{prefix}")),
            Input::Queue { queue } => Some(format!("cloudtrail sqs://{queue}")),
        }
    }
}

/// What a continuous source's checkpoint keeps beside the items read.
#[derive(Serialize, serde::Deserialize)]
struct SavedState {
    correlations: meerkat_detect::sigma::CorrelationState,
}

/// Runs `meerkat detect …`.
pub fn run(args: Args, db: &Path, format: Format) -> anyhow::Result<Outcome> {
    match args.command {
        DetectCommand::Cloudtrail(args) => cloudtrail(args, db, format),
    }
}

/// What one run saw, for people (stderr or before the table) and machines (`--format json`).
#[derive(Debug, Serialize)]
struct Summary {
    files: u64,
    events: u64,
    skipped_records: u64,
    /// Events that came after newer ones had been evaluated (beyond the allowed
    /// lateness): evaluated anyway, out of order.
    late_events: u64,
    cut_files: u64,
    failed_files: u64,
    ignored_files: u64,
    /// Every problem with the input (file, record index, reason), up to a cap.
    problems: Vec<String>,
    rule_files: usize,
    /// The loader's one-line summary.
    rules: String,
    rules_loaded: usize,
    rules_rejected: usize,
    /// Each rejected rule with its reason.
    rejected: Vec<String>,
    /// The intel loader's one-line summary (feeds, indicators, bad lines).
    intel: String,
    /// Bad lines and unreadable intel files.
    intel_problems: Vec<String>,
    /// Findings raised one step by an intel hit on their principal.
    raised_by_intel: usize,
    /// What the identity baselines saw (absent with --no-baselines).
    baselines: Option<meerkat_detect::baseline::Stats>,
    /// Matches and anomalies the tuning file silenced, by rule.
    tuned_out: BTreeMap<String, u64>,
    matches: u64,
    findings: usize,
    /// Severity → findings of this run.
    by_severity: BTreeMap<String, usize>,
    opened: usize,
    refreshed: usize,
}

/// The matches of one rule by one principal in this run.
struct Group {
    first: Match,
    subject: Subject,
    principal: String,
    matches: u64,
    event_ids: Vec<String>,
    first_time: DateTime<Utc>,
    last_time: DateTime<Utc>,
    source_ips: BTreeSet<String>,
    event_names: BTreeSet<String>,
    /// For baseline findings: each anomaly's explanation, score and factors.
    anomalies: Vec<Value>,
}

/// What one run has read and matched since its last commit, and its counts.
#[derive(Default)]
struct Run {
    stats: ReadStats,
    problems: Vec<String>,
    problem_count: u64,
    /// Matches of this batch, by rule and principal, in order of first match.
    groups: HashMap<(String, Subject), Group>,
    order: Vec<(String, Subject)>,
    match_count: u64,
    recent: Recent,
    remember: bool,
    /// Holds events back for the allowed lateness (always set; an Option only so that
    /// `Run` has a default).
    reorder: Option<Reorder>,
    baselines: Option<Baselines>,
    tuning: Option<Tuning>,
    /// Matches and anomalies silenced by the tuning file, by rule.
    tuned_out: BTreeMap<String, u64>,
    intel_hits: HashMap<Subject, IntelHits>,
    raised_by_intel: usize,
}

impl Run {
    /// One record (or problem) from a source.
    fn take(&mut self, item: Result<Event, meerkat_detect::Error>, rules: &mut meerkat_detect::sigma::RuleSet, intel: &IntelSet) {
        match item {
            Ok(event) => {
                let mut due = Vec::new();
                match self.reorder.as_mut() {
                    Some(reorder) => reorder.push(event, &mut |e| due.push(e)),
                    None => due.push(event),
                }
                for event in due {
                    self.evaluate(event, rules, intel);
                }
            }
            Err(error) => self.problem(error.to_string()),
        }
    }

    /// Evaluates everything the reorder buffer holds.
    fn flush(&mut self, rules: &mut meerkat_detect::sigma::RuleSet, intel: &IntelSet) {
        let mut due = Vec::new();
        if let Some(reorder) = self.reorder.as_mut() {
            reorder.flush(&mut |e| due.push(e));
        }
        for event in due {
            self.evaluate(event, rules, intel);
        }
    }

    /// Whether the tuning file silences `rule_id` on `event` (counted when it does).
    fn tuned_out(&mut self, rule_id: &str, event: &Event, now: DateTime<Utc>) -> bool {
        let Some(tuning) = &self.tuning else { return false };
        let silenced = tuning.disabled(rule_id, now).is_some() || tuning.suppressed(rule_id, event, now).is_some();
        if silenced {
            *self.tuned_out.entry(rule_id.to_owned()).or_default() += 1;
        }
        silenced
    }

    fn late(&self) -> u64 {
        self.reorder.as_ref().map_or(0, Reorder::late)
    }

    fn evaluate(&mut self, event: Event, rules: &mut meerkat_detect::sigma::RuleSet, intel: &IntelSet) {
        if self.remember {
            self.recent.push(&event);
        }
        let now = Utc::now();
        for found in rules.process(&event) {
            if self.tuned_out(&found.rule_id, &event, now) {
                continue;
            }
            self.match_count += 1;
            add_match(&mut self.groups, &mut self.order, found, &event, &self.recent);
        }
        let anomalies = self.baselines.as_mut().map(|b| b.observe(&event)).unwrap_or_default();
        for anomaly in anomalies {
            let rule_id = anomaly.kind.rule_id();
            if self.tuned_out(rule_id, &event, now) {
                continue;
            }
            self.match_count += 1;
            let found = Match {
                rule_id: rule_id.to_owned(),
                title: anomaly_title(anomaly.kind).to_owned(),
                severity: match anomaly.score {
                    80.. => Severity::High,
                    50..=79 => Severity::Medium,
                    _ => Severity::Low,
                },
                tags: Vec::new(),
                attack: anomaly.attack.clone(),
                falsepositives: vec!["New but legitimate work: a new project, region, network or on-call duty".to_owned()],
                event_ids: anomaly.event_id.clone().into_iter().collect(),
                correlation: None,
            };
            let key = (found.rule_id.clone(), principal(&event));
            add_match(&mut self.groups, &mut self.order, found, &event, &self.recent);
            if let Some(group) = self.groups.get_mut(&key) {
                if group.anomalies.len() < MAX_ANOMALIES {
                    group.anomalies.push(json!({
                        "explanation": anomaly.explanation,
                        "subject": anomaly.subject,
                        "score": anomaly.score,
                        "factors": anomaly.factors,
                        "event_id": anomaly.event_id,
                        "event_time": anomaly.event_time,
                        "source_ip": anomaly.source_ip,
                    }));
                }
            }
        }
        if !intel.is_empty() && add_intel(intel, &mut self.intel_hits, &mut self.groups, &mut self.order, &event, &self.recent) {
            self.match_count += 1;
        }
    }

    fn problem(&mut self, text: String) {
        self.problem_count += 1;
        if self.problems.len() < MAX_PROBLEMS_SHOWN {
            eprintln!("skipped: {text}");
        }
        if self.problems.len() < MAX_PROBLEMS_KEPT {
            self.problems.push(text);
        }
    }

    /// One evaluation per group of this batch, its evidence merged with the finding
    /// already kept; and how many an intel hit raised.
    fn evaluations(&self, store: &meerkat_store::Store, intel: &IntelSet, now: DateTime<Utc>) -> anyhow::Result<(Vec<Evaluation>, usize)> {
        let mut out = Vec::with_capacity(self.order.len());
        let mut raised = 0;
        for key in &self.order {
            let group = &self.groups[key];
            let id = finding_id(&group.first.rule_id, &group.subject);
            let previous = store.finding(&id)?;
            let mut evaluation = evaluation(group, id, previous.as_ref(), now);
            if let (Some(hits), Some(finding)) = (self.intel_hits.get(&group.subject), evaluation.finding.as_mut()) {
                raised += usize::from(apply_intel(finding, hits, intel));
            }
            out.push(evaluation);
        }
        Ok((out, raised))
    }
}

/// The finding title of each kind of baseline anomaly.
fn anomaly_title(kind: AnomalyKind) -> &'static str {
    match kind {
        AnomalyKind::SensitiveApiFirstUse => "First use of a sensitive API by this principal",
        AnomalyKind::NewRegion => "Activity in a region this principal never used",
        AnomalyKind::NewNetworkForKey => "Long-lived access key used from a new network",
        AnomalyKind::VolumeSpike => "Call volume far above this principal's usual",
        AnomalyKind::ErrorSpike => "Error rate far above this principal's usual",
        AnomalyKind::UnusualHour => "Activity at an hour this principal is never active",
        AnomalyKind::KeyTwoNetworks => "One access key used from two networks within minutes",
    }
}

fn aws_options(args: &CloudtrailArgs) -> meerkat_aws::Options {
    meerkat_aws::Options {
        profile: args.profile.clone(),
        regions: meerkat_aws::Regions::List(vec![args.region.clone()]),
        endpoint_url: args.endpoint_url.clone(),
        max_attempts: args.max_attempts,
        ..Default::default()
    }
}

/// What the intel feeds said about one principal in this run.
#[derive(Default)]
struct IntelHits {
    /// Listed addresses the principal's events came from, in order of first sight, each
    /// with the feeds listing it.
    ips: Vec<(String, Vec<FeedId>)>,
}

impl IntelHits {
    fn feeds(&self) -> BTreeSet<FeedId> {
        self.ips.iter().flat_map(|(_, feeds)| feeds.iter().copied()).collect()
    }
}

fn cloudtrail(args: CloudtrailArgs, db: &Path, format: Format) -> anyhow::Result<Outcome> {
    if !matches!(format, Format::Table | Format::Json | Format::Jsonl | Format::Ocsf) {
        bail!("--format {format:?} is not available for `meerkat detect`: use table, json, jsonl or ocsf");
    }
    if args.no_builtin && args.rules.is_empty() {
        bail!("--no-builtin leaves no rules: add --rules DIR");
    }
    let mut options = LoadOptions::default();
    if let Some(path) = &args.placeholders {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the placeholder file {}", path.display()))?;
        options.placeholders = yaml_serde::from_str(&text).with_context(|| {
            format!("{}: not a placeholder file (a YAML map of name → list of values)", path.display())
        })?;
    }
    for dir in &args.rules {
        if !dir.exists() {
            bail!("--rules {}: no such file or folder", dir.display());
        }
    }

    let mut loader = Loader::new(options);
    if !args.no_builtin {
        for (path, text) in builtin::BUILTIN_RULES {
            loader.add_yaml(Path::new(&format!("<built-in>/{path}")), text);
        }
    }
    for dir in &args.rules {
        loader.add_path(dir);
    }
    for spec in &args.intel {
        if !spec.path.is_file() {
            bail!("--intel {}: no such file", spec.path.display());
        }
    }
    let (intel, intel_report) = IntelSet::load(&args.intel);
    let intel_problems: Vec<String> = intel_report.errors.iter().map(ToString::to_string).collect();
    for problem in intel_problems.iter().take(MAX_PROBLEMS_SHOWN) {
        eprintln!("intel: {problem}");
    }
    if intel_problems.len() > MAX_PROBLEMS_SHOWN {
        eprintln!("intel: … and {} more bad line(s)", intel_problems.len() - MAX_PROBLEMS_SHOWN);
    }
    let (mut rules, report) = loader.finish();
    for error in &report.rejected {
        eprintln!("rule rejected: {error}");
    }
    if report.loaded.is_empty() {
        bail!("no rule loaded; nothing to detect");
    }

    let input = Input::parse(&args.paths)?;
    let mut store = super::open_store(db)?;
    let checkpoint = input.checkpoint_name();
    let mut resumed = false;
    if let Some(name) = &checkpoint {
        if let Some(saved) = store.detector_state(name)? {
            resumed = serde_json::from_value::<SavedState>(saved).is_ok_and(|saved| rules.import_state(saved.correlations));
            if !resumed {
                eprintln!("warning: the correlation windows saved for {name} do not fit these rules; they start empty");
            }
        }
    }
    let now = Utc::now();
    let tuning = match &args.tuning {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the tuning file {}", path.display()))?;
            let tuning = Tuning::from_yaml(&path.display().to_string(), &text)?;
            for expired in tuning.expired(now) {
                eprintln!("warning: {}: {expired}", path.display());
            }
            Some(tuning)
        }
        None => None,
    };
    let baselines = if args.no_baselines {
        None
    } else {
        let mut config = match &args.baselines {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the baseline settings {}", path.display()))?;
                BaselineConfig::from_yaml(&path.display().to_string(), &text)?
            }
            None => BaselineConfig::default(),
        };
        if let Some(tuning) = &tuning {
            config.trusted.extend(&tuning.trusted);
        }
        let saved = store.detector_state(BASELINE_STATE)?.map(serde_json::from_value::<BaselineState>);
        Some(match saved {
            Some(Ok(state)) => Baselines::from_state(config, state)?,
            Some(Err(error)) => {
                eprintln!("warning: the saved identity baselines cannot be read ({error}); learning starts again");
                Baselines::new(config)?
            }
            None => Baselines::new(config)?,
        })
    };
    let mut run = Run {
        remember: rules.correlation_count() > 0,
        reorder: Some(Reorder::new(args.allowed_lateness)),
        baselines,
        tuning,
        ..Run::default()
    };
    let mut touched: Vec<(String, String, String)> = Vec::new();
    let mut commit = meerkat_store::EvaluationCommit::default();
    let mut commit_batch = |run: &mut Run, store: &mut meerkat_store::Store, rules: &mut meerkat_detect::sigma::RuleSet, items: &[String]| -> anyhow::Result<()> {
        // Everything held back is evaluated before its windows are saved.
        run.flush(rules, &intel);
        let now = Utc::now();
        let (evaluations, raised) = run.evaluations(store, &intel, now)?;
        run.raised_by_intel += raised;
        let mut states: Vec<(&str, Value)> = Vec::new();
        if let Some(name) = &checkpoint {
            states.push((name, serde_json::to_value(SavedState { correlations: rules.export_state() })?));
        }
        if let Some(baselines) = &run.baselines {
            states.push((BASELINE_STATE, serde_json::to_value(baselines.state())?));
        }
        let source = checkpoint.as_deref().map(|name| (name, items));
        let counts = store.commit_detection(now, &evaluations, meerkat_store::Checkpoint { states: &states, source })?;
        commit.opened += counts.opened + counts.reopened;
        commit.refreshed += counts.refreshed;
        for (key, evaluation) in run.order.iter().zip(&evaluations) {
            let Some(finding) = &evaluation.finding else { continue };
            if !touched.iter().any(|(id, _, _)| id == &finding.id) {
                let group = &run.groups[key];
                touched.push((finding.id.clone(), group.principal.clone(), group.first.title.clone()));
            }
        }
        run.groups.clear();
        run.order.clear();
        Ok(())
    };

    match &input {
        Input::Local(paths) => {
            for path in paths {
                let source = Source::parse(path);
                let read_stats = read(&source, &mut |item| run.take(item, &mut rules, &intel));
                run.stats.add(&read_stats);
            }
            commit_batch(&mut run, &mut store, &mut rules, &[])?;
        }
        Input::Bucket { bucket, prefix } => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
            let ctx = runtime.block_on(meerkat_aws::ScanContext::connect(&aws_options(&args), &args.region))?;
            let trail = meerkat_aws::trail::TrailBucket::new(&ctx, &args.region, bucket, prefix);
            let objects = runtime.block_on(trail.list()).with_context(|| format!("cannot list s3://{bucket}/{prefix}"))?;
            let done = store.source_items(checkpoint.as_deref().unwrap_or_default())?;
            let item = |o: &meerkat_aws::trail::TrailObject| format!("{} {}", o.key, o.etag);
            let mut todo: Vec<&meerkat_aws::trail::TrailObject> = objects.iter().filter(|o| !done.contains(&item(o))).collect();
            let waiting = todo.len();
            if let Some(limit) = args.limit {
                todo.truncate(limit);
            }
            eprintln!(
                "s3://{bucket}/{prefix}: {} delivery file(s), {} read before, {} to read now{}{}.",
                objects.len(),
                objects.len() - waiting,
                todo.len(),
                if waiting > todo.len() { format!(", {} left for the next run (--limit)", waiting - todo.len()) } else { String::new() },
                if resumed { "; correlation windows resumed" } else { "" }
            );
            for batch in todo.chunks(S3_BATCH) {
                let keys: Vec<&str> = batch.iter().map(|o| o.key.as_str()).collect();
                let fetched = runtime.block_on(trail.fetch_all(&keys, 8));
                let mut items = Vec::with_capacity(batch.len());
                for (object, body) in batch.iter().zip(fetched) {
                    let path = PathBuf::from(format!("s3://{bucket}/{}", object.key));
                    match body {
                        Ok(bytes) => {
                            let mut stats = run.stats;
                            let mut sink = |item| run.take(item, &mut rules, &intel);
                            meerkat_detect::source::read_stream(&path, std::io::Cursor::new(bytes), &mut stats, &mut sink);
                            run.stats = stats;
                            items.push(item(object));
                        }
                        // Not remembered as read: the next run tries it again.
                        Err(error) => {
                            run.stats.failed_files += 1;
                            run.problem(format!("{}: {error}", path.display()));
                        }
                    }
                }
                commit_batch(&mut run, &mut store, &mut rules, &items)?;
            }
        }
        Input::Queue { queue } => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
            let ctx = runtime.block_on(meerkat_aws::ScanContext::connect(&aws_options(&args), &args.region))?;
            let trail = runtime.block_on(meerkat_aws::trail::TrailQueue::open(&ctx, &args.region, queue)).with_context(|| format!("cannot open the queue {queue}"))?;
            let mut received = 0usize;
            loop {
                let room = args.limit.map_or(10, |l| l.saturating_sub(received).min(10));
                if room == 0 {
                    break;
                }
                let messages = runtime.block_on(trail.receive(room as i32, 1)).with_context(|| format!("cannot receive from {queue}"))?;
                if messages.is_empty() {
                    break;
                }
                received += messages.len();
                for m in &messages {
                    let path = PathBuf::from(format!("sqs://{queue}/{}", m.id));
                    let mut stats = run.stats;
                    let mut sink = |item| run.take(item, &mut rules, &intel);
                    meerkat_detect::source::read_stream(&path, std::io::Cursor::new(m.body.as_bytes()), &mut stats, &mut sink);
                    run.stats = stats;
                }
                // Deleted only once their events and the windows they moved are committed:
                // a crash before this point gives the messages back to the queue.
                commit_batch(&mut run, &mut store, &mut rules, &[])?;
                runtime.block_on(trail.delete(&messages)).with_context(|| format!("cannot delete processed messages from {queue}"))?;
            }
            eprintln!("sqs://{queue}: {received} message(s) read and deleted{}.", if resumed { "; correlation windows resumed" } else { "" });
        }
    }
    if run.problem_count > MAX_PROBLEMS_SHOWN as u64 {
        eprintln!("skipped: … and {} more problem(s) with the input", run.problem_count - MAX_PROBLEMS_SHOWN as u64);
    }

    let mut findings: Vec<(Finding, String, String)> = Vec::with_capacity(touched.len());
    for (id, principal, title) in touched {
        let finding = store.finding(&id)?.with_context(|| format!("finding {id} was recorded but cannot be read back"))?;
        findings.push((finding, principal, title));
    }
    findings.sort_by(|(a, _, pa), (b, _, pb)| {
        (std::cmp::Reverse(a.severity), &a.rule_id, pa).cmp(&(std::cmp::Reverse(b.severity), &b.rule_id, pb))
    });
    let stats = run.stats;
    let late_events = run.late();
    let baseline_stats = run.baselines.as_ref().map(Baselines::stats);
    let tuned_out = std::mem::take(&mut run.tuned_out);
    let (problems, match_count, raised_by_intel) = (run.problems, run.match_count, run.raised_by_intel);

    let mut by_severity: BTreeMap<String, usize> = BTreeMap::new();
    for (finding, _, _) in &findings {
        *by_severity.entry(finding.severity.to_string()).or_default() += 1;
    }
    let summary = Summary {
        files: stats.files,
        events: stats.events,
        skipped_records: stats.skipped_records,
        late_events,
        cut_files: stats.cut_files,
        failed_files: stats.failed_files,
        ignored_files: stats.ignored_files,
        problems,
        rule_files: report.files,
        rules: report.summary(),
        rules_loaded: report.loaded.len(),
        rules_rejected: report.rejected.len(),
        rejected: report.rejected.iter().map(ToString::to_string).collect(),
        intel: intel_report.summary(&intel),
        intel_problems,
        raised_by_intel,
        baselines: baseline_stats,
        tuned_out,
        matches: match_count,
        findings: findings.len(),
        by_severity,
        opened: commit.opened + commit.reopened,
        refreshed: commit.refreshed,
    };

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => {
            let doc = json!({
                "summary": summary,
                "findings": findings.iter().map(|(f, _, _)| f).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            eprint!("{}", human_summary(&summary));
            for (finding, _, _) in &findings {
                serde_json::to_writer(&mut out, finding)?;
                writeln!(out)?;
            }
        }
        Format::Ocsf => {
            eprint!("{}", human_summary(&summary));
            for (finding, _, _) in &findings {
                serde_json::to_writer(&mut out, &crate::report::ocsf_detection::event(finding, env!("CARGO_PKG_VERSION")))?;
                writeln!(out)?;
            }
        }
        _ => {
            write!(out, "{}", human_summary(&summary))?;
            if !findings.is_empty() {
                writeln!(out, "{}", output::table(&table(&findings)))?;
            }
        }
    }

    let partial =
        stats.skipped_records + stats.cut_files + stats.failed_files > 0 || !summary.intel_problems.is_empty();
    Ok(if partial { Outcome::Partial } else { Outcome::Complete })
}

fn human_summary(s: &Summary) -> String {
    let mut text = format!(
        "Read {} file(s): {} event(s), {} record(s) skipped, {} file(s) cut short, {} file(s) unreadable, {} ignored.\n",
        s.files, s.events, s.skipped_records, s.cut_files, s.failed_files, s.ignored_files
    );
    if s.late_events > 0 {
        text += &format!(
            "{} event(s) arrived after newer ones had been evaluated (beyond --allowed-lateness); they were evaluated out of order.\n",
            s.late_events
        );
    }
    text += &format!("Rules: {}.\n", s.rules);
    if s.intel != "none" || !s.intel_problems.is_empty() {
        text += &format!("Intel: {}; {} finding(s) raised by an intel hit.\n", s.intel, s.raised_by_intel);
    }
    if let Some(b) = &s.baselines {
        text += &format!(
            "Baselines: {} principal(s), {} event(s) still learning, {} anomal(ies) reported, {} on trusted callers, {} over the daily cap.\n",
            b.principals, b.learning, b.anomalies, b.suppressed, b.capped
        );
    }
    if !s.tuned_out.is_empty() {
        let silenced: Vec<String> = s.tuned_out.iter().map(|(rule, n)| format!("{rule} ×{n}")).collect();
        text += &format!("Silenced by the tuning file: {}.\n", silenced.join(", "));
    }
    // The map's keys sort by name: order them by severity, worst first.
    let mut severities: Vec<(Severity, usize)> =
        s.by_severity.iter().filter_map(|(sev, n)| sev.parse().ok().map(|sev: Severity| (sev, *n))).collect();
    severities.sort_by_key(|pair| std::cmp::Reverse(pair.0));
    let severities: Vec<String> = severities.iter().map(|(sev, n)| format!("{n} {sev}")).collect();
    text += &format!(
        "{} match(es) → {} finding(s) ({}): {} new, {} refreshed.\n",
        s.matches,
        s.findings,
        if severities.is_empty() { "none".to_owned() } else { severities.join(", ") },
        s.opened,
        s.refreshed
    );
    text
}

fn table(findings: &[(Finding, String, String)]) -> Rows {
    Rows {
        header: vec!["severity", "rule", "principal", "events", "first seen", "last seen", "source IPs"],
        rows: findings
            .iter()
            .map(|(f, principal, title)| {
                let evidence = &f.evidence;
                // `2026-11-24T10:20:00Z` → `2026-11-24 10:20:00`: narrower, as readable.
                let time =
                    |key: &str| evidence[key].as_str().unwrap_or_default().replacen('T', " ", 1).replace('Z', "");
                let ips: Vec<&str> =
                    evidence["source_ips"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                vec![
                    f.severity.to_string(),
                    rule_name(&f.rule_id, title),
                    // The ARN without its constant prefix keeps the table narrow.
                    principal.strip_prefix("arn:aws:iam::").unwrap_or(principal).to_owned(),
                    evidence["event_count"].as_u64().unwrap_or(0).to_string(),
                    time("first_event_time"),
                    time("last_event_time"),
                    ips.join(", "),
                ]
            })
            .collect(),
    }
}

/// How the table names a rule: its id, unless the id is a UUID (as SigmaHQ's are),
/// which tells people nothing: then its title.
fn rule_name(id: &str, title: &str) -> String {
    let uuid = id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') && id.matches('-').count() == 4;
    if uuid {
        title.to_owned()
    } else {
        id.to_owned()
    }
}

/// The principal behind an event: (account, type, id). An IAM user by its ARN, a role
/// session by the role (session issuer), root as the account root, anything else by its
/// ARN or principal id.
pub fn principal(event: &Event) -> Subject {
    let view = event.view();
    let identity = &view.user_identity;
    // CloudTrail writes empty strings for some absent values (`accessKeyId: ""`).
    let account_id = some(identity.account_id).or(some(view.recipient_account_id)).unwrap_or("unknown").to_owned();
    let kind = some(identity.kind).unwrap_or("Unknown");
    let principal_id = match kind {
        "Root" => format!("arn:aws:iam::{account_id}:root"),
        "AssumedRole" => some(identity.session_issuer.as_ref().and_then(|issuer| issuer.arn))
            .or(some(identity.arn))
            .or(some(identity.principal_id))
            .unwrap_or("unknown")
            .to_owned(),
        _ => some(identity.arn)
            .or(some(identity.principal_id))
            .or(some(identity.user_name))
            .unwrap_or("unknown")
            .to_owned(),
    };
    Subject::Principal { account_id, principal_type: kind.to_owned(), principal_id }
}

/// `value` unless it is empty.
fn some(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

fn add_match(
    groups: &mut HashMap<(String, Subject), Group>,
    order: &mut Vec<(String, Subject)>,
    found: Match,
    event: &Event,
    recent: &Recent,
) {
    let subject = principal(event);
    let key = (found.rule_id.clone(), subject.clone());
    let time = event.time();
    let view = event.view();
    let group = groups.entry(key.clone()).or_insert_with(|| {
        order.push(key);
        let Subject::Principal { principal_id, .. } = &subject else { unreachable!("detect subjects are principals") };
        Group {
            principal: principal_id.clone(),
            subject: subject.clone(),
            first: found.clone(),
            matches: 0,
            event_ids: Vec::new(),
            first_time: time,
            last_time: time,
            source_ips: BTreeSet::new(),
            event_names: BTreeSet::new(),
            anomalies: Vec::new(),
        }
    });
    group.matches += 1;
    group.first_time = group.first_time.min(time);
    group.last_time = group.last_time.max(time);
    for id in found.event_ids {
        // The other events of a correlation's window, when still remembered.
        if let Some((time, ip)) = recent.seen.get(&id) {
            group.first_time = group.first_time.min(*time);
            group.last_time = group.last_time.max(*time);
            if let Some(ip) = ip.as_ref().filter(|_| group.source_ips.len() < MAX_SOURCE_IPS) {
                group.source_ips.insert(ip.clone());
            }
        }
        if group.event_ids.len() < MAX_EVENT_IDS && !group.event_ids.contains(&id) {
            group.event_ids.push(id);
        }
    }
    if let Some(ip) = view.source_ip_address {
        if group.source_ips.len() < MAX_SOURCE_IPS {
            group.source_ips.insert(ip.to_owned());
        }
    }
    if group.event_names.len() < MAX_EVENT_NAMES {
        group.event_names.insert(view.event_name.to_owned());
    }
}

/// Looks the event's source address up in the intel feeds; a listed address adds the
/// event to the principal's [`INTEL_RULE`] group and remembers the hit (and says so).
fn add_intel(
    intel: &IntelSet,
    hits: &mut HashMap<Subject, IntelHits>,
    groups: &mut HashMap<(String, Subject), Group>,
    order: &mut Vec<(String, Subject)>,
    event: &Event,
    recent: &Recent,
) -> bool {
    let Some(ip) = event.view().source_ip_address else { return false };
    let feeds = intel.lookup_str(ip);
    if feeds.is_empty() {
        return false;
    }
    let subject = principal(event);
    let entry = hits.entry(subject.clone()).or_default();
    if entry.ips.len() < MAX_SOURCE_IPS && !entry.ips.iter().any(|(known, _)| known == ip) {
        entry.ips.push((ip.to_owned(), feeds.to_vec()));
    }
    let found = Match {
        rule_id: INTEL_RULE.to_owned(),
        title: "Source address on a threat-intel list".to_owned(),
        // Set from the feeds' categories once all events are read: see `apply_intel`.
        severity: Severity::Medium,
        tags: Vec::new(),
        attack: Vec::new(),
        falsepositives: vec!["Shared egress (VPN, NAT, Tor used on purpose) listed by a broad feed".to_owned()],
        event_ids: event.id().map(str::to_owned).into_iter().collect(),
        correlation: None,
    };
    add_match(groups, order, found, event, recent);
    true
}

/// Severity of an intel finding: high when a feed that listed the principal's addresses is
/// of a command-and-control or botnet category, else medium.
fn intel_severity(intel: &IntelSet, feeds: &BTreeSet<FeedId>) -> Severity {
    let severe = feeds.iter().any(|&f| matches!(intel.feed(f).category.to_ascii_lowercase().as_str(), "c2" | "botnet"));
    if severe {
        Severity::High
    } else {
        Severity::Medium
    }
}

/// One step up, critical at most.
fn raise(severity: Severity) -> Severity {
    match severity {
        Severity::Informational => Severity::Low,
        Severity::Low => Severity::Medium,
        Severity::Medium => Severity::High,
        Severity::High | Severity::Critical => Severity::Critical,
    }
}

/// Adds what the intel feeds said about the finding's principal: for the intel finding
/// itself, its severity and the feeds; for any other finding, the score raise (one
/// severity step) and its reason under `intel`. Returns whether the finding was raised.
fn apply_intel(finding: &mut Finding, hits: &IntelHits, intel: &IntelSet) -> bool {
    let feeds = hits.feeds();
    if finding.rule_id == INTEL_RULE {
        finding.severity = intel_severity(intel, &feeds);
        let categories: BTreeSet<&str> = feeds.iter().map(|&f| intel.feed(f).category.as_str()).collect();
        finding.evidence["ip"] = json!(hits.ips.first().map(|(ip, _)| ip));
        finding.evidence["listed_ips"] = json!(hits.ips.iter().map(|(ip, _)| ip).collect::<Vec<_>>());
        finding.evidence["feeds"] = json!(feeds.iter().map(|&f| &intel.feed(f).name).collect::<Vec<_>>());
        finding.evidence["categories"] = json!(categories);
        return false;
    }
    let before = finding.severity;
    finding.severity = raise(before);
    let reasons: Vec<Value> = feeds
        .iter()
        .map(|&f| {
            let feed = intel.feed(f);
            let ips: Vec<&str> =
                hits.ips.iter().filter(|(_, fs)| fs.contains(&f)).map(|(ip, _)| ip.as_str()).collect();
            json!({
                "feed": feed.name,
                "category": feed.category,
                "ips": ips,
                "reason": format!(
                    "this principal's events came from {} listed by threat-intel feed {} ({}): severity raised one step, {} → {}",
                    ips.join(", "), feed.name, feed.category, before, finding.severity
                ),
            })
        })
        .collect();
    finding.evidence["intel"] = json!(reasons);
    finding.evidence["severity_before_intel"] = json!(before);
    true
}

/// The FAIL evaluation of one group; its evidence is merged with `previous` (the finding
/// already kept, from earlier runs) so that evidence accumulates across runs and files.
fn evaluation(group: &Group, id: String, previous: Option<&Finding>, now: DateTime<Utc>) -> Evaluation {
    let m = &group.first;
    let old = previous.map(|f| &f.evidence).filter(|e| e.is_object());
    let strings = |key: &str| -> Vec<String> {
        old.and_then(|e| e[key].as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let mut event_ids = strings("event_ids");
    let mut new_events = 0u64;
    for id in &group.event_ids {
        if !event_ids.contains(id) {
            new_events += 1;
            if event_ids.len() < MAX_EVENT_IDS {
                event_ids.push(id.clone());
            }
        }
    }
    let mut source_ips: BTreeSet<String> = strings("source_ips").into_iter().collect();
    source_ips.extend(group.source_ips.iter().cloned());
    let source_ips: Vec<String> = source_ips.into_iter().take(MAX_SOURCE_IPS).collect();
    let mut event_names: BTreeSet<String> = strings("event_names").into_iter().collect();
    event_names.extend(group.event_names.iter().cloned());
    let time = |key: &str| -> Option<DateTime<Utc>> {
        old.and_then(|e| e[key].as_str())
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    let first_time = time("first_event_time").map_or(group.first_time, |t| t.min(group.first_time));
    let last_time = time("last_event_time").map_or(group.last_time, |t| t.max(group.last_time));
    // Events counted once however often the same records are read: a re-run over the
    // same file adds nothing; ids past the cap count as new (they cannot be told apart).
    let old_count = old.and_then(|e| e["event_count"].as_u64());
    let event_count = match old_count {
        Some(count) => count + new_events,
        None => (group.event_ids.len() as u64).max(group.matches),
    };
    let rfc3339 = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut evidence = json!({
        "rule_title": m.title,
        "event_count": event_count,
        "event_ids": event_ids,
        "first_event_time": rfc3339(first_time),
        "last_event_time": rfc3339(last_time),
        "source_ips": source_ips,
        "event_names": event_names,
        "attack": m.attack,
        "tags": m.tags,
        "falsepositives": m.falsepositives,
    });
    if let Some(correlation) = &m.correlation {
        evidence["correlation"] = json!(correlation);
    }
    if !group.anomalies.is_empty() {
        let mut anomalies: Vec<Value> = old.and_then(|e| e["anomalies"].as_array()).cloned().unwrap_or_default();
        for a in &group.anomalies {
            if anomalies.len() < MAX_ANOMALIES && !anomalies.iter().any(|known| known["event_id"] == a["event_id"] && known["explanation"] == a["explanation"]) {
                anomalies.push(a.clone());
            }
        }
        evidence["anomalies"] = json!(anomalies);
    }
    let mut frameworks = BTreeMap::new();
    if !m.attack.is_empty() {
        frameworks.insert("mitre-attack".to_owned(), m.attack.clone());
    }
    let finding = Finding {
        id,
        rule_id: m.rule_id.clone(),
        kind: FindingKind::Activity,
        severity: m.severity,
        subject: group.subject.clone(),
        title: format!("{}: {}", m.title, group.principal),
        evidence,
        frameworks,
        first_seen: now,
        last_seen: now,
        status: previous.filter(|f| f.status == FindingStatus::Muted).map_or(FindingStatus::Open, |f| f.status),
        mute_reason: previous.filter(|f| f.status == FindingStatus::Muted).and_then(|f| f.mute_reason.clone()),
    };
    Evaluation {
        rule_id: m.rule_id.clone(),
        subject: group.subject.clone(),
        config_hash: String::new(),
        fingerprint: String::new(),
        status: CheckStatus::Fail,
        reason: Some(format!("{} matching event(s) of {}", group.matches, m.rule_id)),
        finding: Some(finding),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meerkat_detect::Origin;

    fn principal_of(identity: Value) -> Subject {
        let raw = json!({"eventTime": "2026-11-20T10:00:00Z", "eventSource": "s3.amazonaws.com",
            "eventName": "ListBuckets", "recipientAccountId": "111122223333", "userIdentity": identity});
        principal(&Event::from_value(raw, Origin { path: Path::new("-").into(), index: 0 }).unwrap())
    }

    fn subject(account: &str, kind: &str, id: &str) -> Subject {
        Subject::Principal { account_id: account.into(), principal_type: kind.into(), principal_id: id.into() }
    }

    #[test]
    fn principals_from_user_identity() {
        let role = json!({"type": "AssumedRole", "accountId": "1", "principalId": "AROA:s",
            "arn": "arn:aws:sts::1:assumed-role/app/s",
            "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::1:role/app"}}});
        assert_eq!(principal_of(role), subject("1", "AssumedRole", "arn:aws:iam::1:role/app"));
        let user = json!({"type": "IAMUser", "accountId": "1", "arn": "arn:aws:iam::1:user/a", "principalId": "AIDA"});
        assert_eq!(principal_of(user), subject("1", "IAMUser", "arn:aws:iam::1:user/a"));
        // Root by the account, even without an arn; the account from the record when absent.
        assert_eq!(
            principal_of(json!({"type": "Root", "principalId": "x"})),
            subject("111122223333", "Root", "arn:aws:iam::111122223333:root")
        );
        let federated = json!({"type": "FederatedUser", "accountId": "1", "principalId": "1:bob", "arn": ""});
        assert_eq!(principal_of(federated), subject("1", "FederatedUser", "1:bob"));
        assert_eq!(
            principal_of(json!({"type": "AWSService", "invokedBy": "x"})),
            subject("111122223333", "AWSService", "unknown")
        );
    }

    #[test]
    fn intel_severity_and_score_raise() {
        use meerkat_detect::intel::Builder;
        let mut builder = Builder::default();
        for (spec, list) in [("tor:tor-exit=t.txt", "192.0.2.1\n"), ("bad:Botnet=b.txt", "192.0.2.0/24\n")] {
            builder.add_text(&spec.parse().unwrap(), list);
        }
        let (intel, _) = builder.finish();
        assert_eq!(intel_severity(&intel, &BTreeSet::from([0])), Severity::Medium);
        assert_eq!(intel_severity(&intel, &BTreeSet::from([0, 1])), Severity::High);
        let steps = [Severity::Informational, Severity::Low, Severity::Medium, Severity::High, Severity::Critical];
        for pair in steps.windows(2) {
            assert_eq!(raise(pair[0]), pair[1]);
        }
        assert_eq!(raise(Severity::Critical), Severity::Critical);
    }

    #[test]
    fn uuid_rule_ids_show_their_title() {
        assert_eq!(rule_name("4db60cc0-36fb-42b7-9b58-a5b53019fb74", "Trail stopped"), "Trail stopped");
        assert_eq!(rule_name("iam_root_console_login", "Root"), "iam_root_console_login");
    }
}
