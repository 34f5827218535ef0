//! The built-in pack, `rules/aws/cloudtrail/<rule_id>.yml`: every rule loads, its id
//! is its file stem, and `<rule_id>.cases.yaml` beside it has at least one matching
//! and one near-miss case, all of which hold. Fails once, listing every problem.

use std::path::{Path, PathBuf};

use meerkat_detect::sigma::{LoadOptions, Loader};
use meerkat_detect::{Event, Origin};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    note: String,
    /// eventIDs at which the rule reports, in order; empty for a near miss.
    want: Vec<String>,
    events: Vec<serde_json::Value>,
}

fn pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/aws/cloudtrail")
}

fn check_rule(path: &Path) -> Vec<String> {
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    let mut problems = Vec::new();
    let load = || {
        let mut loader = Loader::new(LoadOptions::default());
        loader.add_path(path);
        loader.finish()
    };
    let (_, report) = load();
    problems.extend(report.rejected.iter().map(|e| format!("rejected: {e}")));
    if !report.loaded.iter().any(|r| r.id == stem) {
        problems.push(format!("no rule with the id {stem:?} of its file name"));
    }
    let cases_path = path.with_extension("cases.yaml");
    let cases: Vec<Case> = match std::fs::read_to_string(&cases_path).map(|t| yaml_serde::from_str(&t)) {
        Ok(Ok(cases)) => cases,
        // The load's problems above still count: a broken rule without cases is two problems.
        Ok(Err(error)) => {
            problems.push(format!("{}: {error}", cases_path.display()));
            return problems;
        }
        Err(error) => {
            problems.push(format!("{}: {error}", cases_path.display()));
            return problems;
        }
    };
    if !cases.iter().any(|c| !c.want.is_empty()) || !cases.iter().any(|c| c.want.is_empty()) {
        problems.push("needs at least one matching and one near-miss case".to_string());
    }
    for case in cases {
        let (mut rules, _) = load();
        let mut got = Vec::new();
        for (index, raw) in case.events.into_iter().enumerate() {
            let origin = Origin { path: cases_path.as_path().into(), index: index as u64 };
            match Event::from_value(raw, origin) {
                Ok(event) => {
                    for found in rules.process(&event) {
                        if found.rule_id == stem {
                            got.push(event.id().unwrap_or("?").to_string());
                        } else {
                            problems.push(format!("{}: unexpected report of {}", case.note, found.rule_id));
                        }
                    }
                }
                Err(reason) => problems.push(format!("{}: event {index}: {reason}", case.note)),
            }
        }
        if got != case.want {
            problems.push(format!("{}: want {:?}, got {got:?}", case.note, case.want));
        }
    }
    problems
}

#[test]
fn builtin_rules_hold_their_cases() {
    let mut rules: Vec<PathBuf> = std::fs::read_dir(pack())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    rules.sort();
    assert!(!rules.is_empty(), "no rules under {}", pack().display());
    let failures: Vec<String> = rules
        .iter()
        .flat_map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            check_rule(path).into_iter().map(move |p| format!("{name}: {p}"))
        })
        .collect();
    assert!(failures.is_empty(), "built-in rules fail:\n{}", failures.join("\n"));
}
