//! Every SigmaHQ AWS rule of `../shared/corpus/sigma-aws/` is accounted for: loaded
//! and seen to fire on an event built from its own detection, or rejected with a
//! reason. `tests/sigmahq.passing` lists the rules that pass; one that stops passing
//! fails this test. The list only grows: run with `MEERKAT_BLESS=1` to rewrite it
//! after making more rules pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use meerkat_detect::sigma::{LoadOptions, Loader};
use meerkat_detect::{Event, Origin};
use serde_json::{json, Map, Value};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/sigma-aws")
}

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rule_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yml") {
            out.push(path);
        }
    }
}

/// Placeholder values for `rules-placeholder/`, as a deployment would give them.
fn placeholder_options() -> LoadOptions {
    let mut options = LoadOptions::default();
    options.placeholders.insert("Legitimate_Countries".into(), vec!["NL".into(), "DE".into()]);
    options.placeholders.insert("Legitimate_IP_Ranges".into(), vec!["198.51.100.*".into()]);
    options
}

/// Sets `a.b.c` in a JSON object.
fn set_path(event: &mut Map<String, Value>, path: &str, value: Value) {
    let mut parts = path.split('.').peekable();
    let mut current = event;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            current.insert(part.to_string(), value);
            return;
        }
        let next = current.entry(part.to_string()).or_insert_with(|| json!({}));
        if !next.is_object() {
            *next = json!({});
        }
        current = next.as_object_mut().unwrap();
    }
}

fn scalar(value: &yaml_serde::Value) -> Option<String> {
    match value {
        yaml_serde::Value::String(s) => Some(s.clone()),
        yaml_serde::Value::Number(n) => Some(n.to_string()),
        yaml_serde::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Adds to `event` what makes one selection (a mapping of `field|mods: values`) true.
/// None when a modifier is not one this simple builder can satisfy.
fn satisfy(selection: &yaml_serde::Value, event: &mut Map<String, Value>) -> Option<()> {
    let selection = match selection {
        yaml_serde::Value::Sequence(items) => items.first()?,
        other => other,
    };
    for (key, values) in selection.as_mapping()? {
        let key = key.as_str()?;
        let mut parts = key.split('|');
        let field = parts.next()?;
        let modifiers: Vec<&str> = parts.collect();
        let values: Vec<String> = match values {
            yaml_serde::Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
            other => vec![scalar(other)?],
        };
        let all = modifiers.contains(&"all");
        let pick = |v: &String| v.replace(['*', '?'], "x");
        let text = if all { values.iter().map(pick).collect::<Vec<_>>().join(" ") } else { pick(values.first()?) };
        let text = match modifiers.iter().find(|m| **m != "all") {
            None => text,
            Some(&"contains") => format!("x {text} x"),
            Some(&"startswith") => format!("{text} x"),
            Some(&"endswith") => format!("x {text}"),
            Some(_) => return None,
        };
        set_path(event, field, Value::String(text));
    }
    Some(())
}

/// What the builder cannot derive (a regular expression), given by hand.
fn extra(path: &Path, event: &mut Map<String, Value>) {
    if path.ends_with("aws_cloudtrail_imds_malicious_usage.yml") {
        set_path(event, "userIdentity.arn", json!("arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc"));
    }
}

/// Events that should make the rule in `path` fire: one per positive selection and
/// one with all of them, each on top of a plain CloudTrail record.
fn witnesses(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: yaml_serde::Value = yaml_serde::from_str(&text).unwrap();
    let Some(detection) = doc.get("detection").and_then(|d| d.as_mapping()) else { return vec![] };
    let base = || {
        json!({"eventVersion": "1.08", "eventTime": "2024-05-01T10:00:00Z", "eventSource": "sts.amazonaws.com",
               "eventName": "GetCallerIdentity", "sourceIPAddress": "203.0.113.7", "awsRegion": "us-east-1",
               "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice"}})
        .as_object()
        .cloned()
        .unwrap()
    };
    let positive: Vec<_> = detection
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?, v)))
        .filter(|(k, _)| !k.starts_with("filter") && *k != "condition" && *k != "timeframe")
        .collect();
    let mut out = Vec::new();
    let mut merged = base();
    extra(path, &mut merged);
    for (_, selection) in &positive {
        let mut one = base();
        extra(path, &mut one);
        if satisfy(selection, &mut one).is_some() {
            out.push(Value::Object(one));
        }
        let _ = satisfy(selection, &mut merged);
    }
    out.push(Value::Object(merged));
    out
}

/// Loads the whole corpus; per rule file: `Ok(())` when it loaded and fired on its
/// witnesses, else why not.
fn account() -> BTreeMap<String, Result<(), String>> {
    let root = corpus();
    let mut files = Vec::new();
    for folder in ["rules", "rules-placeholder", "unsupported"] {
        rule_files(&root.join(folder), &mut files);
    }
    assert!(files.len() >= 60, "corpus not found at {}", root.display());
    let mut loader = Loader::new(placeholder_options());
    for file in &files {
        loader.add_path(file);
    }
    let (_, report) = loader.finish();
    let name = |p: &Path| p.strip_prefix(&root).unwrap_or(p).display().to_string();
    let mut out = BTreeMap::new();
    for error in &report.rejected {
        let meerkat_detect::Error::Rule { path, .. } = error else { panic!("{error}") };
        out.insert(name(path), Err(format!("rejected: {error}")));
    }
    for (path, title) in &report.not_cloudtrail {
        out.insert(name(path), Err(format!("not a CloudTrail rule: {title}")));
    }
    for file in &files {
        if out.contains_key(&name(file)) {
            continue;
        }
        let ids: BTreeSet<&str> = report.loaded.iter().filter(|r| &r.path == file).map(|r| r.id.as_str()).collect();
        assert!(!ids.is_empty(), "{} is neither loaded nor rejected", name(file));
        let doc: yaml_serde::Value = yaml_serde::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let rule_id = doc.get("id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
        // A rule set of this file alone: another rule's witness must not fire (and
        // then suppress) this rule's correlation.
        let mut alone = Loader::new(placeholder_options());
        alone.add_path(file);
        let (mut rules, _) = alone.finish();
        // Enough copies, a second apart, to pass any corpus threshold in any window.
        let mut fired = false;
        for (n, witness) in witnesses(file).into_iter().enumerate() {
            for copy in 0..60 {
                let mut raw = witness.clone();
                let time = chrono::DateTime::from_timestamp(1_714_557_600 + (n * 60 + copy) as i64, 0).unwrap();
                raw["eventTime"] = json!(time.to_rfc3339());
                raw["eventID"] = json!(format!("{n}-{copy}"));
                let origin = Origin { path: Path::new("witness").into(), index: copy as u64 };
                let event = Event::from_value(raw, origin).unwrap();
                fired |= rules.process(&event).iter().any(|m| m.rule_id == rule_id);
            }
        }
        out.insert(name(file), if fired { Ok(()) } else { Err("loaded, but did not fire on its witness events".into()) });
    }
    out
}

#[test]
fn sigmahq_corpus_is_accounted_for() {
    let results = account();
    let passing: BTreeSet<String> = results.iter().filter(|(_, r)| r.is_ok()).map(|(k, _)| k.clone()).collect();
    for (file, result) in &results {
        if let Err(reason) = result {
            eprintln!("{file}: {reason}");
        }
    }
    eprintln!("{} of {} corpus rules pass", passing.len(), results.len());
    let list_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sigmahq.passing");
    if std::env::var_os("MEERKAT_BLESS").is_some() {
        let mut text = String::from(
            "# SigmaHQ AWS rules (../shared/corpus/sigma-aws/) that load and fire on their witness events.\n\
             # Checked by tests/sigmahq.rs; the list only grows. MEERKAT_BLESS=1 rewrites it.\n",
        );
        text.extend(passing.iter().map(|p| format!("{p}\n")));
        std::fs::write(&list_path, text).unwrap();
    }
    let listed = std::fs::read_to_string(&list_path).unwrap_or_default();
    let regressed: Vec<String> = listed
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter(|line| !passing.contains(*line))
        .map(|line| format!("{line}: {}", results.get(line).and_then(|r| r.clone().err()).unwrap_or("missing from the corpus".into())))
        .collect();
    assert!(regressed.is_empty(), "rules in sigmahq.passing stopped passing:\n{}", regressed.join("\n"));
}

/// Without placeholder values the rule is rejected, naming the placeholder.
#[test]
fn unfilled_placeholder_is_named() {
    let mut files = Vec::new();
    rule_files(&corpus().join("rules-placeholder"), &mut files);
    let mut loader = Loader::new(LoadOptions::default());
    loader.add_path(&files[0]);
    let (_, report) = loader.finish();
    assert!(report.loaded.is_empty());
    let message = report.rejected[0].to_string();
    assert!(message.contains("placeholder %Legitimate_Countries% has no value"), "{message}");
}
