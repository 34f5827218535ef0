//! `meerkat scan`: discover (unless told not to), judge every resource with the posture
//! pack, keep the findings' lifecycle in the store, and report.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use meerkat_model::{
    finding_id, CheckStatus, Evaluation, Finding, FindingKind, FindingStatus, MuteRules, MuteSubject, Resource, Severity,
    Subject,
};
use meerkat_policy::{CheckResult, Engine, Fingerprints, Inventory, Options, ScopeStatus, Status, Unchanged};
use meerkat_store::HeldVerdict;

use crate::commands::discover;
use crate::output::{self, Format, Rows};
use crate::report::{self, ControlSummary, FrameworkSummary, Remediation, Report, ResultRow};
use crate::Outcome;

/// Flags of `meerkat scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    discover: discover::Args,
    /// Judge the inventory as stored, without discovering first.
    #[arg(long)]
    no_discover: bool,
    /// Only these checks: comma-separated ids, `*` wildcards (`s3_*`).
    #[arg(long, value_delimiter = ',')]
    checks: Vec<String>,
    /// Only checks of this severity and worse.
    #[arg(long, value_parser = parse_severity)]
    severity: Option<Severity>,
    /// Only checks mapped to this framework: cis-aws-3.0, nist-800-53-r5 or pci-dss-4.0.
    #[arg(long)]
    framework: Option<String>,
    /// More checks from this directory of `.rego` files (repeatable).
    #[arg(long = "policies", value_name = "DIR")]
    policies: Vec<PathBuf>,
    /// Mute rules (YAML `mutes:` list): accepted risks, kept and shown as muted.
    #[arg(long, env = "MEERKAT_MUTES", value_name = "FILE")]
    mutes: Option<PathBuf>,
    /// Exit with status 4 when an open, unmuted failure of this severity or worse exists.
    #[arg(long, value_parser = parse_severity)]
    fail_on: Option<Severity>,
    /// Also list passing and not-assessed verdicts in the table.
    #[arg(long)]
    all: bool,
    /// Run every check on every resource again, even where nothing the check reads has
    /// changed since the last scan (by default those verdicts are carried forward).
    #[arg(long)]
    force: bool,
}

/// Resources judged and recorded at a time: bounds the verdicts held in memory.
const BATCH: usize = 5_000;

/// Parses a severity flag.
pub fn parse_severity(text: &str) -> Result<Severity, String> {
    text.parse()
}

/// Whether check `id` is selected by `patterns` (`*`/`?` wildcards; none selects all).
fn selected(patterns: &[String], id: &str) -> bool {
    patterns.is_empty() || patterns.iter().any(|p| meerkat_model::wildcard(p, id))
}

/// Reads a mute file, refusing rules without a reason or without a condition.
pub fn read_mutes(path: &Path) -> anyhow::Result<MuteRules> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the mute file {}", path.display()))?;
    let rules: MuteRules =
        yaml_serde::from_str(&text).with_context(|| format!("{}: not a mute file (`mutes:` list of rules)", path.display()))?;
    let problems = rules.problems();
    if !problems.is_empty() {
        bail!("{}: {}", path.display(), problems.join("; "));
    }
    Ok(rules)
}

/// Runs `meerkat scan`.
pub fn run(args: Args, db: &Path, format: Format) -> anyhow::Result<Outcome> {
    let mutes = match &args.mutes {
        Some(path) => read_mutes(path)?,
        None => MuteRules::default(),
    };
    let mut engine = Engine::builtin().context("the built-in policy pack does not load")?;
    for dir in &args.policies {
        engine.load_dir(dir).with_context(|| format!("cannot load checks from {}", dir.display()))?;
    }
    if let Some(framework) = &args.framework {
        if !engine.frameworks().iter().any(|f| &f.id == framework) {
            let known: Vec<&str> = engine.frameworks().iter().map(|f| f.id.as_str()).collect();
            bail!("unknown framework {framework:?}; known: {}", known.join(", "));
        }
    }
    let checks: BTreeSet<String> = engine
        .checks()
        .iter()
        .filter(|c| selected(&args.checks, &c.id))
        .filter(|c| args.severity.is_none_or(|s| c.severity >= s))
        .filter(|c| args.framework.as_ref().is_none_or(|f| c.frameworks.contains_key(f)))
        .map(|c| c.id.clone())
        .collect();
    if checks.is_empty() {
        bail!("no check matches --checks/--severity/--framework; `meerkat checks` lists them");
    }

    let mut store = super::open_store(db)?;
    let mut outcome = Outcome::Complete;
    if !args.no_discover {
        let summary = discover::collect(args.discover, &mut store)?;
        eprintln!(
            "Discovered {} resources in account {} ({} region(s)); {} scope(s) not assessed.",
            summary.resources,
            summary.account_id,
            summary.regions.len(),
            summary.not_assessed.len()
        );
        outcome = summary.outcome();
    }

    let now = Utc::now();
    let scopes: Vec<ScopeStatus> = store
        .scope_statuses()?
        .into_iter()
        .map(|s| ScopeStatus {
            reason: s.error_code.as_ref().map(|code| format!("{code}: {}", s.error_message.clone().unwrap_or_default())),
            assessed: s.assessed,
            scope: s.scope,
        })
        .collect();
    let no_scopes = scopes.is_empty();
    let clock = std::time::Instant::now();
    let lap = |what: &str| tracing::info!("scan: {what} at {:.2} s", clock.elapsed().as_secs_f64());

    // Pass 1: every resource shown once to the inventory builder, which keeps what facts
    // and the account/region pseudo-resources need, not the resources.
    let mut builder = Inventory::builder(scopes);
    let (mut count, mut accounts, mut regions) = (0usize, BTreeSet::new(), BTreeSet::new());
    let mut after = 0;
    loop {
        let page = store.resource_page(after, BATCH)?;
        let Some((last, _)) = page.last() else { break };
        after = *last;
        count += page.len();
        for (_, r) in &page {
            builder.observe(r);
            accounts.insert(r.account_id.clone());
            if r.region != meerkat_model::GLOBAL_REGION {
                regions.insert(r.region.clone());
            }
        }
    }
    if count == 0 && no_scopes {
        bail!("the inventory is empty: run `meerkat discover` (or `meerkat scan` without --no-discover) first");
    }
    let inventory = builder.finish();
    lap("inventory observed (pass 1)");
    for r in inventory.resources() {
        accounts.insert(r.account_id.clone());
        if r.region != meerkat_model::GLOBAL_REGION {
            regions.insert(r.region.clone());
        }
    }

    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let selection: Vec<String> = checks.iter().cloned().collect();
    let held = if args.force { HashMap::new() } else { store.held_verdicts(&selection)? };
    lap("held verdicts read");
    let mut previous = Fingerprints::new();
    for ((check, subject), verdict) in &held {
        previous.entry(subject.clone()).or_default().insert(check.clone(), verdict.fingerprint.clone());
    }
    let options = Options { threads, checks: Some(checks.clone()), previous: Some(&previous) };
    let mut rows: Vec<ResultRow> = Vec::new();
    let (mut ran, mut carried) = (0usize, 0usize);
    let (mut evaluating, mut recording, mut reporting) = (0.0f64, 0.0f64, 0.0f64);
    // Pass 2, a page at a time: judge, record, keep the report's rows.
    let mut judge = |store: &mut meerkat_store::Store, resources: &[Resource]| -> anyhow::Result<()> {
        let t = std::time::Instant::now();
        let evaluation = engine.evaluate_resources(&inventory, resources, &options);
        for error in &evaluation.errors {
            eprintln!("warning: {error}");
        }
        ran += evaluation.results.len();
        carried += evaluation.unchanged.len();
        let mut batch = evaluation.results;
        for unchanged in evaluation.unchanged {
            let check = &engine.checks()[unchanged.check];
            let subject = Subject::Resource(resources[unchanged.resource].key()).key();
            let Some(verdict) = held.get(&(check.id.clone(), subject)) else {
                bail!("internal error: {} was carried forward on a resource without a held verdict", check.id);
            };
            batch.push(carried_result(&unchanged, verdict));
        }
        batch.sort_by_key(|r| (r.resource, r.check));
        let verdicts: Vec<Evaluation> = batch
            .iter()
            .map(|result| verdict(&engine.checks()[result.check], &resources[result.resource], result, &mutes, now))
            .collect();
        evaluating += t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        store.record_evaluations(now, &verdicts)?;
        recording += t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        for (result, verdict) in batch.iter().zip(&verdicts) {
            // A failure's finding as kept: its first sighting, and whether it is muted.
            let finding = match &verdict.finding {
                Some(f) => store.finding(&f.id)?,
                None => None,
            };
            rows.push(row(&engine.checks()[result.check], &resources[result.resource], result, finding.as_ref(), now));
        }
        reporting += t.elapsed().as_secs_f64();
        Ok(())
    };
    let mut after = 0;
    loop {
        let page = store.resource_page(after, BATCH)?;
        let Some((last, _)) = page.last() else { break };
        after = *last;
        let batch: Vec<Resource> = page.into_iter().map(|(_, r)| r).collect();
        judge(&mut store, &batch)?;
    }
    judge(&mut store, inventory.resources())?;
    lap(&format!("judged (pass 2: evaluating {evaluating:.2} s, recording {recording:.2} s, report rows {reporting:.2} s)"));
    eprintln!(
        "Judged {} (check, resource) pairs: {ran} evaluated, {carried} unchanged since the last scan and carried forward{}.",
        ran + carried,
        if carried > 0 { " (--force evaluates them again)" } else { "" }
    );
    store.resolve_findings_of_deleted(now)?;
    lap("findings of deleted resources resolved");

    let report = assemble_report(&engine, rows, &checks, args.framework.as_deref(), now, accounts, regions);
    lap("report assembled");
    print_report(&report, format, args.all)?;
    lap("report printed");

    let failing = report
        .results
        .iter()
        .any(|r| r.status == CheckStatus::Fail && r.muted.is_none() && args.fail_on.is_some_and(|s| r.severity >= s));
    if failing {
        return Ok(Outcome::Failing);
    }
    Ok(outcome)
}

/// Prints a posture report in `format`; the table shows failures (all verdicts with
/// `all`) and the compliance of each framework.
pub fn print_report(report: &Report, format: Format, all: bool) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Table => print_table(report, all, &mut out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, report)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for row in &report.results {
                serde_json::to_writer(&mut out, row)?;
                writeln!(out)?;
            }
        }
        Format::Csv => report::csv::render(report, &mut out)?,
        Format::Ocsf => report::ocsf::render(report, &mut out)?,
        Format::Asff => report::asff::render(report, &mut out)?,
        Format::Sarif => report::sarif::render(report, &mut out)?,
        Format::Html => report::html::render(report, &mut out)?,
    }
    Ok(())
}

fn print_table(report: &Report, all: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let shown: Vec<&ResultRow> = report.results.iter().filter(|r| all || r.status == CheckStatus::Fail).collect();
    let rows = Rows {
        header: vec!["severity", "status", "check", "resource type", "resource", "region", "why"],
        rows: shown
            .iter()
            .map(|r| {
                let status = match (r.status, &r.muted) {
                    (CheckStatus::Fail, Some(_)) => "MUTED".to_owned(),
                    (s, _) => format!("{s:?}").to_uppercase().replace("NOTASSESSED", "NOT ASSESSED"),
                };
                vec![
                    r.severity.to_string(),
                    status,
                    r.check_id.clone(),
                    r.resource_type.clone(),
                    r.resource_id.clone(),
                    r.region.clone(),
                    truncate(&r.reasons.join("; "), 70),
                ]
            })
            .collect(),
    };
    if !rows.rows.is_empty() {
        writeln!(out, "{}", output::table(&rows))?;
    }
    let count = |s: CheckStatus, muted: bool| report.results.iter().filter(|r| r.status == s && r.muted.is_some() == muted).count();
    let mut by_severity: BTreeMap<std::cmp::Reverse<Severity>, usize> = BTreeMap::new();
    for r in report.results.iter().filter(|r| r.status == CheckStatus::Fail && r.muted.is_none()) {
        *by_severity.entry(std::cmp::Reverse(r.severity)).or_default() += 1;
    }
    let severities: Vec<String> = by_severity.iter().map(|(s, n)| format!("{n} {}", s.0)).collect();
    writeln!(
        out,
        "{} failed ({}), {} muted, {} passed, {} not assessed — {} checks on {} resources",
        count(CheckStatus::Fail, false),
        if severities.is_empty() { "none".to_owned() } else { severities.join(", ") },
        count(CheckStatus::Fail, true),
        count(CheckStatus::Pass, false),
        count(CheckStatus::NotAssessed, false),
        report.results.iter().map(|r| &r.check_id).collect::<BTreeSet<_>>().len(),
        report.results.iter().map(|r| (&r.resource_type, &r.resource_id, &r.region)).collect::<BTreeSet<_>>().len(),
    )?;
    for framework in &report.frameworks {
        writeln!(out, "\n{} {} — compliance by section", framework.name, framework.version)?;
        let mut sections: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
        for c in &framework.controls {
            let e = sections.entry(c.section.as_str()).or_default();
            let slot = if c.checks.is_empty() {
                4
            } else if c.failed > 0 {
                1
            } else if c.not_assessed > 0 {
                2
            } else if c.passed + c.muted > 0 {
                0
            } else {
                3
            };
            e[slot] += 1;
        }
        let rows = Rows {
            header: vec!["section", "controls passing", "failing", "not assessed", "no resources", "no check"],
            rows: sections
                .iter()
                .map(|(section, n)| {
                    let mut row = vec![section.to_string()];
                    row.extend(n.iter().map(ToString::to_string));
                    row
                })
                .collect(),
        };
        writeln!(out, "{}", output::table(&rows))?;
    }
    Ok(())
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

fn status(s: Status) -> CheckStatus {
    match s {
        Status::Pass => CheckStatus::Pass,
        Status::Fail => CheckStatus::Fail,
        Status::NotAssessed => CheckStatus::NotAssessed,
    }
}

/// The result a held verdict stands for: the reasons and evidence of a failure are those
/// its finding keeps (`{"reasons": [...], "evidence": [...]}`).
fn carried_result(unchanged: &Unchanged, held: &HeldVerdict) -> CheckResult {
    let strings = |key: &str| -> Vec<serde_json::Value> { held.evidence.get(key).and_then(|v| v.as_array()).cloned().unwrap_or_default() };
    let reasons: Vec<String> = strings("reasons").into_iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
    let mut evidence = strings("evidence");
    evidence.resize(reasons.len(), serde_json::Value::Null);
    CheckResult {
        check: unchanged.check,
        resource: unchanged.resource,
        status: match held.status {
            CheckStatus::Pass => Status::Pass,
            CheckStatus::Fail => Status::Fail,
            CheckStatus::NotAssessed => Status::NotAssessed,
        },
        reasons,
        evidence,
        fingerprint: unchanged.fingerprint.clone(),
    }
}

fn verdict(check: &meerkat_policy::Check, resource: &Resource, result: &CheckResult, mutes: &MuteRules, now: DateTime<Utc>) -> Evaluation {
    let (reasons, evidence) = (&result.reasons, &result.evidence);
    let subject = Subject::Resource(resource.key());
    let status = status(result.status);
    let reason = (!reasons.is_empty()).then(|| reasons.join("; "));
    let finding = (status == CheckStatus::Fail).then(|| {
        let mute = mutes.find(
            &MuteSubject {
                check: &check.id,
                resource_id: &resource.resource_id,
                arn: resource.arn.as_deref(),
                account: &resource.account_id,
                region: &resource.region,
                tags: &resource.tags,
            },
            now,
        );
        Finding {
            id: finding_id(&check.id, &subject),
            rule_id: check.id.clone(),
            kind: FindingKind::Posture,
            severity: check.severity,
            subject: subject.clone(),
            title: format!("{}: {}", check.title, resource.name.as_deref().unwrap_or(&resource.resource_id)),
            evidence: serde_json::json!({ "reasons": reasons, "evidence": evidence }),
            frameworks: check.frameworks.clone(),
            first_seen: now,
            last_seen: now,
            status: if mute.is_some() { FindingStatus::Muted } else { FindingStatus::Open },
            mute_reason: mute.map(|m| m.reason.clone()),
        }
    });
    Evaluation {
        rule_id: check.id.clone(),
        subject,
        config_hash: resource.config_hash.clone(),
        fingerprint: result.fingerprint.clone(),
        status,
        reason,
        finding,
    }
}

/// The report row of one verdict; `finding` is the failure's finding as kept.
fn row(check: &meerkat_policy::Check, resource: &Resource, r: &CheckResult, finding: Option<&Finding>, now: DateTime<Utc>) -> ResultRow {
    let id = finding_id(&check.id, &Subject::Resource(resource.key()));
    let status = status(r.status);
    ResultRow {
        check_id: check.id.clone(),
        title: check.title.clone(),
        description: check.description.clone(),
        status,
        muted: finding.filter(|f| status == CheckStatus::Fail && f.status == FindingStatus::Muted).and_then(|f| f.mute_reason.clone()),
        severity: check.severity,
        resource_type: resource.resource_type.clone(),
        resource_id: resource.resource_id.clone(),
        arn: resource.arn.clone(),
        region: resource.region.clone(),
        account_id: resource.account_id.clone(),
        tags: resource.tags.clone(),
        frameworks: check.frameworks.clone(),
        remediation: Remediation {
            console: check.remediation.console.clone(),
            cli: check.remediation.cli.clone(),
            terraform: check.remediation.terraform.clone(),
        },
        references: check.references.clone(),
        reasons: r.reasons.clone(),
        evidence: r.evidence.clone(),
        finding_id: id,
        first_seen: finding.filter(|_| status == CheckStatus::Fail).map(|f| f.first_seen),
        last_seen: now,
    }
}

/// The report: rows sorted worst first, and the compliance of each framework.
fn assemble_report(
    engine: &Engine,
    mut rows: Vec<ResultRow>,
    checks: &BTreeSet<String>,
    framework: Option<&str>,
    now: DateTime<Utc>,
    accounts: BTreeSet<String>,
    regions: BTreeSet<String>,
) -> Report {
    // Failures first, worst first; then the rest in a stable order.
    rows.sort_by(|a, b| {
        let rank = |r: &ResultRow| match (r.status, r.muted.is_some()) {
            (CheckStatus::Fail, false) => 0,
            (CheckStatus::Fail, true) => 1,
            (CheckStatus::NotAssessed, _) => 2,
            (CheckStatus::Pass, _) => 3,
        };
        (rank(a), std::cmp::Reverse(a.severity), &a.check_id, &a.resource_type, &a.resource_id).cmp(&(
            rank(b),
            std::cmp::Reverse(b.severity),
            &b.check_id,
            &b.resource_type,
            &b.resource_id,
        ))
    });

    // Verdict counts per check, once: controls sum their checks' (a control per row
    // would walk every row for each of hundreds of controls).
    let mut per_check: HashMap<&str, [usize; 4]> = HashMap::new();
    for r in &rows {
        let slot = match (r.status, r.muted.is_some()) {
            (CheckStatus::Pass, _) => 0,
            (CheckStatus::Fail, false) => 1,
            (CheckStatus::Fail, true) => 2,
            (CheckStatus::NotAssessed, _) => 3,
        };
        per_check.entry(r.check_id.as_str()).or_default()[slot] += 1;
    }
    let frameworks = engine
        .frameworks()
        .iter()
        .filter(|f| framework.is_none_or(|id| f.id == id))
        .map(|f| FrameworkSummary {
            id: f.id.clone(),
            name: f.name.clone(),
            version: f.version.clone(),
            url: f.url.clone(),
            controls: f
                .controls
                .iter()
                .map(|c| {
                    let mapped: Vec<String> = c.checks.iter().filter(|id| checks.contains(*id)).cloned().collect();
                    let [passed, failed, muted, not_assessed] = mapped.iter().filter_map(|id| per_check.get(id.as_str())).fold(
                        [0usize; 4],
                        |mut sum, n| {
                            for (s, n) in sum.iter_mut().zip(n) {
                                *s += n;
                            }
                            sum
                        },
                    );
                    ControlSummary {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        section: c.section.clone(),
                        assessment: c
                            .assessment
                            .as_ref()
                            .map(|a| format!("{a:?}").to_lowercase())
                            .unwrap_or_else(|| "unknown".to_owned()),
                        checks: mapped,
                        passed,
                        failed,
                        muted,
                        not_assessed,
                    }
                })
                .collect(),
        })
        .collect();

    Report {
        generated_at: now,
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        accounts: accounts.into_iter().collect(),
        regions: regions.into_iter().collect(),
        results: rows,
        frameworks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_selection_by_wildcard() {
        assert!(selected(&[], "anything"));
        assert!(selected(&["s3_*".into()], "s3_bucket_versioning_enabled"));
        assert!(!selected(&["s3_*".into()], "ec2_instance_imdsv2_required"));
        assert!(selected(&["iam_x".into(), "ec2_*".into()], "ec2_instance_imdsv2_required"));
    }

    #[test]
    fn mute_files_need_reasons_and_conditions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mutes.yaml");
        std::fs::write(&path, "mutes:\n  - check: s3_*\n    reason: ''\n").unwrap();
        let err = read_mutes(&path).unwrap_err().to_string();
        assert!(err.contains("mutes.yaml") && err.contains("reason"), "{err}");
        std::fs::write(&path, "mutes:\n  - check: s3_*\n    reason: sandbox\n    expires: 2030-01-01T00:00:00Z\n").unwrap();
        assert_eq!(read_mutes(&path).unwrap().mutes.len(), 1);
        std::fs::write(&path, "mutes:\n  - chek: s3_*\n    reason: typo\n").unwrap();
        assert!(read_mutes(&path).is_err(), "unknown keys are refused");
    }
}
