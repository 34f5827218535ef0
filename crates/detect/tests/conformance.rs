//! The Sigma conformance suite: `tests/sigma/<case>/{rule.yml, events.jsonl,
//! expected.yaml}`, one folder per modifier, condition form, transform and
//! correlation type. `expected.yaml` has a `note`, optional `placeholders`, and
//! either `want` (rule id → the eventIDs at which it reported, in order; rules not
//! named must stay quiet) or `error` (a substring of the load error). An upgrade of
//! rsigma that changes behaviour fails here, listing every case that changed.

use std::collections::BTreeMap;
use std::path::Path;

use meerkat_detect::sigma::{LoadOptions, Loader};
use meerkat_detect::source::{read, Source};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    note: String,
    #[serde(default)]
    placeholders: BTreeMap<String, Vec<String>>,
    want: Option<BTreeMap<String, Vec<String>>>,
    error: Option<String>,
}

fn run_case(dir: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(dir.join("expected.yaml")).map_err(|e| format!("expected.yaml: {e}"))?;
    let expected: Expected = yaml_serde::from_str(&text).map_err(|e| format!("expected.yaml: {e}"))?;
    let fail = |detail: String| Err(format!("{}: {detail}", expected.note));
    let options = LoadOptions { placeholders: expected.placeholders.clone(), ..LoadOptions::default() };
    let mut loader = Loader::new(options);
    loader.add_path(&dir.join("rule.yml"));
    let (mut rules, report) = loader.finish();
    let errors: Vec<String> = report.rejected.iter().map(ToString::to_string).collect();
    match (&expected.want, &expected.error) {
        (None, Some(want)) => {
            if errors.iter().any(|e| e.contains(want.as_str())) {
                Ok(())
            } else {
                fail(format!("want an error containing {want:?}, got {errors:?}"))
            }
        }
        (Some(want), None) => {
            if !errors.is_empty() {
                return fail(format!("unexpected load errors {errors:?}"));
            }
            let mut got: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut problems = Vec::new();
            read(&Source::Path(dir.join("events.jsonl")), &mut |item| match item {
                Ok(event) => {
                    for found in rules.process(&event) {
                        got.entry(found.rule_id).or_default().push(event.id().unwrap_or("?").to_string());
                    }
                }
                Err(error) => problems.push(error.to_string()),
            });
            if !problems.is_empty() {
                return fail(format!("bad events: {problems:?}"));
            }
            if &got == want {
                Ok(())
            } else {
                fail(format!("want {want:?}, got {got:?}"))
            }
        }
        _ => fail("expected.yaml needs exactly one of `want` and `error`".to_string()),
    }
}

#[test]
fn sigma_conformance() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sigma");
    let mut cases: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 30, "cases missing under {}", root.display());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().to_string();
            run_case(dir).err().map(|e| format!("{name}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
