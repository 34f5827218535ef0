//! The built-in pack as data: runs every `policies/**/*.cases.yaml`, and holds each check
//! to the contract of `docs/policy-authoring.md`.

use std::path::PathBuf;

use meerkat_policy::{cases, Engine};

fn policies() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}

#[test]
fn every_case_of_the_pack_passes() {
    let engine = Engine::builtin().expect("the built-in pack loads");
    let report = cases::run_dir(&engine, &policies()).expect("the case files are readable");
    assert!(report.ran > 0, "no cases found under {}", policies().display());
    assert!(report.failures.is_empty(), "{} of {} cases failed:\n{}", report.failures.len(), report.ran, report.failures.join("\n"));
}

#[test]
fn frameworks_and_metadata_agree() {
    let engine = Engine::builtin().expect("the built-in pack loads");
    let problems: Vec<String> = engine.verify_frameworks().iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "framework mismatches:\n{}", problems.join("\n"));
    let ids: Vec<&str> = engine.frameworks().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["cis-aws-3.0", "nist-800-53-r5", "pci-dss-4.0"]);
}

#[test]
fn builtin_checks_are_complete() {
    let engine = Engine::builtin().expect("the built-in pack loads");
    let mut problems = Vec::new();
    for c in engine.checks() {
        let service = c.id.split('_').next().unwrap_or_default();
        if !c.file.starts_with(&format!("builtin:aws/{service}/")) {
            problems.push(format!("{}: a check lives in policies/aws/<service>/ with <service>_ starting its id", c.file));
        }
        let r = &c.remediation;
        if r.console.is_empty() || r.cli.is_empty() || r.terraform.is_empty() {
            problems.push(format!("{}: remediation needs console, cli and terraform", c.file));
        }
        if c.references.is_empty() || c.description.is_empty() {
            problems.push(format!("{}: needs a description and at least one reference", c.file));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
