//! Checks tested as data: `<check_id>.cases.yaml` beside each check, a list of cases
//! each with a `note`, a (full or partial) `resource` and either `want` or `error`.
//! [`run_dir`] runs every case file under a folder, as the pack's harness test and
//! (later) `meerkat checks test DIR` do.

use std::collections::BTreeMap;
use std::path::Path;

use meerkat_model::Resource;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{Engine, Error, Inventory, Options, ScopeStatus, Status};

/// One case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case shows, one line; failures are reported by it.
    pub note: String,
    /// The resource the check runs on. Missing fields get defaults: provider `aws`,
    /// account `123456789012`, region `us-east-1`, the check's first resource type, id
    /// `case`, empty configuration and supplementary.
    pub resource: Value,
    /// Other resources the engine sees (an account's public access block, …), same
    /// defaults; `resource_type` is required here.
    #[serde(default)]
    pub context: Vec<Value>,
    /// Scope statuses given to the inventory.
    #[serde(default)]
    pub scopes: Vec<ScopeStatus>,
    /// `pass`, `fail` or `not_assessed`.
    #[serde(default)]
    pub want: Option<String>,
    /// A substring of the expected error (the resource does not fit the model, or the
    /// check errors on it).
    #[serde(default)]
    pub error: Option<String>,
}

/// What running a case gave.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseOutcome {
    /// The check ran: its status and reasons.
    Ran(Status, Vec<String>),
    /// The case's resource was refused or the check errored.
    Error(String),
}

/// Parses a case file.
pub fn parse(file: &str, text: &str) -> Result<Vec<Case>, Error> {
    let cases: Vec<Case> =
        yaml_serde::from_str(text).map_err(|e| Error::Case { file: file.to_owned(), index: 0, message: format!("not a list of cases: {e}") })?;
    for (index, c) in cases.iter().enumerate() {
        let case_error = |message: &str| Error::Case { file: file.to_owned(), index, message: message.to_owned() };
        match (&c.want, &c.error) {
            (Some(w), None) if matches!(w.as_str(), "pass" | "fail" | "not_assessed") => {}
            (Some(w), None) => return Err(case_error(&format!("want {w:?} is not pass, fail or not_assessed"))),
            (None, Some(_)) => {}
            _ => return Err(case_error("a case has exactly one of `want` and `error`")),
        }
    }
    Ok(cases)
}

fn with_defaults(doc: &Value, resource_type: Option<&str>) -> Result<Resource, String> {
    let mut base = json!({
        "provider": "aws",
        "account_id": "123456789012",
        "region": "us-east-1",
        "resource_id": "case",
        "configuration": {},
        "first_seen": "2026-01-01T00:00:00Z",
        "last_seen": "2026-01-01T00:00:00Z",
        "config_hash": "",
    });
    if let (Some(t), Some(map)) = (resource_type, base.as_object_mut()) {
        map.insert("resource_type".into(), json!(t));
    }
    let (Some(map), Some(overlay)) = (base.as_object_mut(), doc.as_object()) else {
        return Err("a case resource must be a mapping".into());
    };
    for (k, v) in overlay {
        map.insert(k.clone(), v.clone());
    }
    serde_json::from_value(base).map_err(|e| format!("the resource does not fit the model: {e}"))
}

impl Engine {
    /// Runs one case against the check `check_id`.
    pub fn run_case(&self, check_id: &str, case: &Case) -> Result<CaseOutcome, String> {
        let check = self.check(check_id).ok_or_else(|| format!("no check {check_id}"))?;
        let resource = match with_defaults(&case.resource, check.resource_types.first().map(String::as_str)) {
            Ok(r) => r,
            Err(e) => return Ok(CaseOutcome::Error(e)),
        };
        let mut resources = vec![resource];
        for c in &case.context {
            if c.get("resource_type").is_none() {
                return Err("a context resource needs its resource_type".into());
            }
            resources.push(with_defaults(c, None)?);
        }
        let inventory = Inventory::new(resources, case.scopes.clone());
        let options = Options { threads: 1, checks: Some([check_id.to_owned()].into()), ..Default::default() };
        let evaluation = self.evaluate_with(&inventory, &options);
        if let Some(e) = evaluation.errors.first() {
            return Ok(CaseOutcome::Error(e.to_string()));
        }
        let result = evaluation
            .results
            .iter()
            .find(|r| r.resource == 0)
            .ok_or_else(|| format!("{check_id} does not apply to {}", inventory.resources()[0].resource_type))?;
        Ok(CaseOutcome::Ran(result.status, result.reasons.clone()))
    }
}

/// What [`run_dir`] found.
#[derive(Debug, Default)]
pub struct CaseReport {
    /// Cases run.
    pub ran: usize,
    /// One line per problem: `file: note: …`, or a check without a passing and a
    /// failing case.
    pub failures: Vec<String>,
}

/// Runs every `*.cases.yaml` under `dir` against `engine`, and reports each check of the
/// engine that lacks a passing or a failing case.
pub fn run_dir(engine: &Engine, dir: &Path) -> Result<CaseReport, Error> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    let mut report = CaseReport::default();
    let mut seen: BTreeMap<&str, (bool, bool)> = engine.checks().iter().map(|c| (c.id.as_str(), (false, false))).collect();
    for path in files {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: file.clone(), source })?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let check_id = name.trim_end_matches(".cases.yaml").to_owned();
        let cases = match parse(&file, &text) {
            Ok(cases) => cases,
            Err(e) => {
                report.failures.push(e.to_string());
                continue;
            }
        };
        let Some(entry) = seen.get_mut(check_id.as_str()) else {
            report.failures.push(format!("{file}: no check {check_id} is loaded"));
            continue;
        };
        for case in &cases {
            report.ran += 1;
            let outcome = engine.run_case(&check_id, case);
            let problem = match (&outcome, &case.want, &case.error) {
                (Err(e), _, _) => Some(e.clone()),
                (Ok(CaseOutcome::Ran(status, reasons)), Some(want), _) => {
                    let got = match status {
                        Status::Pass => "pass",
                        Status::Fail => "fail",
                        Status::NotAssessed => "not_assessed",
                    };
                    if got == want {
                        match status {
                            Status::Pass => entry.0 = true,
                            Status::Fail => entry.1 = true,
                            Status::NotAssessed => {}
                        }
                        None
                    } else {
                        Some(format!("want {want}, got {got} {reasons:?}"))
                    }
                }
                (Ok(CaseOutcome::Error(e)), None, Some(sub)) if e.contains(sub.as_str()) => None,
                (Ok(CaseOutcome::Error(e)), _, _) => Some(format!("error: {e}")),
                (Ok(CaseOutcome::Ran(status, _)), None, Some(sub)) => Some(format!("want an error containing {sub:?}, got {status}")),
                (Ok(CaseOutcome::Ran(..)), None, None) => Some("neither want nor error".to_owned()),
            };
            if let Some(p) = problem {
                report.failures.push(format!("{file}: {}: {p}", case.note));
            }
        }
    }
    for (id, (pass, fail)) in seen {
        if !pass || !fail {
            let file = engine.check(id).map(|c| c.file.as_str()).unwrap_or("?");
            report.failures.push(format!("{file}: check {id} needs at least one passing and one failing case (has pass: {pass}, fail: {fail})"));
        }
    }
    Ok(report)
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.display().to_string(), source })?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.to_string_lossy().ends_with(".cases.yaml") {
            out.push(path);
        }
    }
    Ok(())
}
