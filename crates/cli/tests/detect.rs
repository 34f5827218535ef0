//! `meerkat detect cloudtrail` as a user runs it: a delivery file with suspicious
//! activity and one malformed record, the built-in rules, findings in the store.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

const ACCOUNT: &str = "123456789012";

fn meerkat(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meerkat")).arg("--db").arg(db).args(args).output().expect("meerkat runs")
}

fn user(name: &str) -> Value {
    json!({"type": "IAMUser", "principalId": format!("AIDA{}", name.to_uppercase()), "accountId": ACCOUNT,
           "arn": format!("arn:aws:iam::{ACCOUNT}:user/{name}"), "userName": name, "accessKeyId": "AKIAEXAMPLE"})
}

fn record(id: &str, minute: u32, source: &str, name: &str, identity: Value, ip: &str, extra: Value) -> Value {
    let mut r = json!({
        "eventVersion": "1.09", "eventTime": format!("2026-11-20T10:{minute:02}:00Z"), "eventID": id,
        "eventSource": source, "eventName": name, "awsRegion": "us-east-1", "sourceIPAddress": ip,
        "userAgent": "aws-cli/2.15.0", "recipientAccountId": ACCOUNT, "userIdentity": identity,
    });
    for (k, v) in extra.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

fn delivery_file() -> String {
    let login = "signin.amazonaws.com";
    let mut records = vec![
        // Benign: a read, and alice creating a key for herself (near miss of the key rule).
        record("b1", 0, "s3.amazonaws.com", "ListBuckets", user("alice"), "192.0.2.10", json!({})),
        record(
            "b2",
            1,
            "iam.amazonaws.com",
            "CreateAccessKey",
            user("alice"),
            "192.0.2.10",
            json!({"requestParameters": {}}),
        ),
        record(
            "e1",
            2,
            "cloudtrail.amazonaws.com",
            "StopLogging",
            user("deploy-bot"),
            "198.51.100.7",
            json!({"requestParameters": {"name": "org-trail"}}),
        ),
        record(
            "e2",
            3,
            login,
            "ConsoleLogin",
            json!({"type": "Root", "principalId": ACCOUNT, "accountId": ACCOUNT,
            "arn": format!("arn:aws:iam::{ACCOUNT}:root")}),
            "203.0.113.5",
            json!({"responseElements": {"ConsoleLogin": "Success"}, "additionalEventData": {"MFAUsed": "Yes"}}),
        ),
        record(
            "e3",
            4,
            login,
            "ConsoleLogin",
            user("alice"),
            "192.0.2.10",
            json!({"responseElements": {"ConsoleLogin": "Success"}, "additionalEventData": {"MFAUsed": "No"}}),
        ),
    ];
    // The malformed record: no eventTime.
    records.push(json!({"eventID": "bad", "eventSource": "s3.amazonaws.com", "eventName": "GetObject"}));
    for i in 0..5 {
        records.push(record(
            &format!("f{i}"),
            5 + i,
            login,
            "ConsoleLogin",
            user("bob"),
            "203.0.113.66",
            json!({"errorMessage": "Failed authentication", "responseElements": {"ConsoleLogin": "Failure"}}),
        ));
    }
    records.push(record(
        "e4",
        12,
        "iam.amazonaws.com",
        "CreateAccessKey",
        user("alice"),
        "192.0.2.10",
        json!({"requestParameters": {"userName": "deploy-bot"}}),
    ));
    json!({ "Records": records }).to_string()
}

fn findings(output: &Output) -> (Value, BTreeMap<String, Value>) {
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let by_rule = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule_id"].as_str().unwrap().to_owned(), f.clone()))
        .collect();
    (doc["summary"].clone(), by_rule)
}

#[test]
fn detect_cloudtrail_records_findings_and_refreshes_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("meerkat.db");
    let file = dir.path().join("123456789012_CloudTrail_us-east-1_20261120T1000Z_x.json");
    std::fs::write(&file, delivery_file()).unwrap();
    let path = file.to_str().unwrap();

    let first = meerkat(&db, &["detect", "cloudtrail", path, "--format", "json"]);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(3), "a skipped record is a partial run; stderr: {stderr}");
    assert!(stderr.contains(&format!("{path}: record 5: no eventTime")), "{stderr}");
    let (summary, found) = findings(&first);
    assert_eq!((summary["events"].as_u64(), summary["skipped_records"].as_u64()), (Some(11), Some(1)), "{summary}");
    assert!(summary["problems"][0].as_str().unwrap().contains("record 5"), "{summary}");
    assert_eq!(summary["rules_rejected"], 0, "{summary}");

    let want = [
        ("cloudtrail_trail_logging_stopped", "deploy-bot", vec!["e1"], "high"),
        ("iam_root_console_login", "root", vec!["e2"], "high"),
        ("iam_console_login_without_mfa", "alice", vec!["e3"], "medium"),
        ("iam_console_login_failed_burst", "bob", vec!["f0", "f1", "f2", "f3", "f4"], "medium"),
        ("iam_access_key_created_for_other_user", "alice", vec!["e4"], "medium"),
    ];
    assert_eq!(found.len(), want.len(), "{:?}", found.keys().collect::<Vec<_>>());
    for (rule, who, ids, severity) in &want {
        let f = found.get(*rule).unwrap_or_else(|| panic!("no finding of {rule}: {:?}", found.keys()));
        let arn = if *who == "root" {
            format!("arn:aws:iam::{ACCOUNT}:root")
        } else {
            format!("arn:aws:iam::{ACCOUNT}:user/{who}")
        };
        assert_eq!(f["kind"], "activity");
        assert_eq!(f["severity"], *severity, "{rule}");
        assert_eq!(f["subject"]["type"], "principal");
        assert_eq!(f["subject"]["principal_id"], arn, "{rule}");
        assert_eq!(f["subject"]["account_id"], ACCOUNT);
        assert_eq!(f["evidence"]["event_ids"], json!(ids), "{rule}");
        assert!(!f["frameworks"]["mitre-attack"].as_array().unwrap().is_empty(), "{rule}");
        assert!(f["title"].as_str().unwrap().ends_with(&arn), "{rule}");
    }
    let burst = &found["iam_console_login_failed_burst"]["evidence"];
    assert_eq!(burst["source_ips"], json!(["203.0.113.66"]));
    // The window's first event, not only the one that fired the correlation.
    assert_eq!(
        (burst["first_event_time"].as_str(), burst["last_event_time"].as_str()),
        (Some("2026-11-20T10:05:00Z"), Some("2026-11-20T10:09:00Z"))
    );
    assert_eq!(found["cloudtrail_trail_logging_stopped"]["evidence"]["first_event_time"], "2026-11-20T10:02:00Z");
    assert_eq!(found["cloudtrail_trail_logging_stopped"]["evidence"]["attack"], json!(["T1562.008"]));

    // The same file again: the same findings, refreshed, not duplicated; evidence not doubled.
    let second = meerkat(&db, &["detect", "cloudtrail", path, "--format", "json"]);
    assert_eq!(second.status.code(), Some(3));
    let (summary, again) = findings(&second);
    assert_eq!((summary["opened"].as_u64(), summary["refreshed"].as_u64()), (Some(0), Some(5)), "{summary}");
    for (rule, f) in &found {
        assert_eq!(again[rule]["id"], f["id"], "{rule}");
        assert_eq!(again[rule]["evidence"]["event_ids"], f["evidence"]["event_ids"], "{rule}");
        assert_eq!(again[rule]["evidence"]["event_count"], f["evidence"]["event_count"], "{rule}");
    }
    let stored = meerkat(&db, &["findings", "--format", "json"]);
    let stored: Value = serde_json::from_slice(&stored.stdout).unwrap();
    let activity = stored.as_array().unwrap().iter().filter(|f| f["kind"] == "activity").count();
    assert_eq!(activity, 5, "{stored}");

    // A newer file: the same finding, its evidence merged with what was kept.
    let later = dir.path().join("later.json");
    let stop =
        record("e9", 30, "cloudtrail.amazonaws.com", "DeleteTrail", user("deploy-bot"), "198.51.100.8", json!({}));
    std::fs::write(&later, json!({ "Records": [stop] }).to_string()).unwrap();
    let third = meerkat(&db, &["detect", "cloudtrail", later.to_str().unwrap(), "--format", "json"]);
    assert_eq!(third.status.code(), Some(0), "{}", String::from_utf8_lossy(&third.stderr));
    let (_, merged) = findings(&third);
    let stopped = &merged["cloudtrail_trail_logging_stopped"];
    assert_eq!(stopped["id"], found["cloudtrail_trail_logging_stopped"]["id"]);
    assert_eq!(stopped["evidence"]["event_ids"], json!(["e1", "e9"]));
    assert_eq!(stopped["evidence"]["event_count"], 2);
    assert_eq!(stopped["evidence"]["event_names"], json!(["DeleteTrail", "StopLogging"]));
    assert_eq!(stopped["evidence"]["source_ips"], json!(["198.51.100.7", "198.51.100.8"]));
    assert_eq!(
        (stopped["evidence"]["first_event_time"].as_str(), stopped["evidence"]["last_event_time"].as_str()),
        (Some("2026-11-20T10:02:00Z"), Some("2026-11-20T10:30:00Z"))
    );

    // The table names the findings; a format detect does not speak is a clear error.
    let table = meerkat(&db, &["detect", "cloudtrail", path]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("cloudtrail_trail_logging_stopped") && text.contains("5 finding(s)"), "{text}");
    let csv = meerkat(&db, &["detect", "cloudtrail", path, "--format", "csv"]);
    assert_eq!(csv.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&csv.stderr).contains("use table, json, jsonl or ocsf"));
}

#[test]
fn detect_cloudtrail_reads_stdin_and_clean_input_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("meerkat.db");
    let line = record("s1", 0, "cloudtrail.amazonaws.com", "StopLogging", user("carol"), "198.51.100.9", json!({}));
    let mut child = Command::new(env!("CARGO_BIN_EXE_meerkat"))
        .arg("--db")
        .arg(&db)
        .args(["detect", "cloudtrail", "-", "--format", "jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    writeln!(child.stdin.take().unwrap(), "{line}").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<Value> =
        String::from_utf8_lossy(&output.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["rule_id"], "cloudtrail_trail_logging_stopped");
    assert_eq!(lines[0]["subject"]["principal_id"], format!("arn:aws:iam::{ACCOUNT}:user/carol"));
}

#[test]
fn detect_cloudtrail_extra_rules_placeholders_and_no_builtin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("meerkat.db");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(
        rules.join("admin_ip.yml"),
        "title: Call from an admin network\nid: local_admin_ip\nlogsource: {product: aws, service: cloudtrail}\n\
         detection:\n  selection:\n    sourceIPAddress|expand: '%admin_ips%'\n  condition: selection\nlevel: low\n",
    )
    .unwrap();
    std::fs::write(
        rules.join("broken.yml"),
        "title: Broken\nid: broken\nlogsource: {product: aws, service: cloudtrail}\n",
    )
    .unwrap();
    let placeholders = dir.path().join("values.yml");
    std::fs::write(&placeholders, "admin_ips: [198.51.100.9]\n").unwrap();
    let events = dir.path().join("events.jsonl");
    let line = record("s1", 0, "cloudtrail.amazonaws.com", "StopLogging", user("carol"), "198.51.100.9", json!({}));
    std::fs::write(&events, format!("{line}\n")).unwrap();

    let output = meerkat(
        &db,
        &[
            "detect",
            "cloudtrail",
            events.to_str().unwrap(),
            "--no-builtin",
            "--rules",
            rules.to_str().unwrap(),
            "--placeholders",
            placeholders.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("rule rejected:") && stderr.contains("broken.yml"), "{stderr}");
    let (summary, found) = findings(&output);
    assert_eq!((summary["rules_loaded"].as_u64(), summary["rules_rejected"].as_u64()), (Some(1), Some(1)), "{summary}");
    assert_eq!(found.keys().collect::<Vec<_>>(), ["local_admin_ip"]);
}

#[test]
fn detect_cloudtrail_intel_hit_is_a_finding_and_raises_the_principals_others() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("meerkat.db");
    let login = |id: &str, minute, ip: &str| {
        record(
            id,
            minute,
            "signin.amazonaws.com",
            "ConsoleLogin",
            user("alice"),
            ip,
            json!({"responseElements": {"ConsoleLogin": "Success"}, "additionalEventData": {"MFAUsed": "No"}}),
        )
    };
    let records = vec![
        login("m1", 0, "45.134.26.9"),
        // bob is on no list: his finding keeps its severity.
        record("s1", 1, "cloudtrail.amazonaws.com", "StopLogging", user("bob"), "198.51.100.7", json!({})),
    ];
    let file = dir.path().join("trail.json");
    std::fs::write(&file, json!({ "Records": records }).to_string()).unwrap();
    let list = dir.path().join("tor.netset");
    std::fs::write(&list, "# Tor exits\n# Category : tor-exit\n\n45.134.26.0/24\n2001:db8::/32\nnot-an-ip\n").unwrap();
    let c2 = dir.path().join("c2.csv");
    std::fs::write(&c2, "seen,address\n2026-11-01,203.0.113.99\n").unwrap();
    let intel = list.to_str().unwrap();
    let c2_spec = format!("known-c2:c2={}#column=address", c2.display());

    let output = meerkat(
        &db,
        &["detect", "cloudtrail", file.to_str().unwrap(), "--intel", intel, "--intel", &c2_spec, "--format", "json"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The bad line of the list is reported, named and skipped: a partial run.
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains(&format!("{intel}: line 6: \"not-an-ip\"")), "{stderr}");
    let (summary, found) = findings(&output);
    assert_eq!(
        summary["intel"], "tor (tor-exit) 2 indicator(s), known-c2 (c2) 1 indicator(s), 1 bad line(s) skipped",
        "{summary}"
    );
    assert_eq!(summary["raised_by_intel"], 1, "{summary}");

    let hit = &found["intel_source_ip_match"];
    assert_eq!(hit["severity"], "medium", "tor-exit is not c2 or botnet");
    assert_eq!(hit["subject"]["principal_id"], format!("arn:aws:iam::{ACCOUNT}:user/alice"));
    let evidence = &hit["evidence"];
    assert_eq!(evidence["ip"], "45.134.26.9");
    assert_eq!(evidence["feeds"], json!(["tor"]));
    assert_eq!(evidence["categories"], json!(["tor-exit"]));
    assert_eq!(evidence["event_ids"], json!(["m1"]));
    assert_eq!(evidence["event_names"], json!(["ConsoleLogin"]));

    let mfa = &found["iam_console_login_without_mfa"];
    assert_eq!(mfa["severity"], "high", "raised from medium: {mfa}");
    assert_eq!(mfa["evidence"]["severity_before_intel"], "medium");
    let reason = &mfa["evidence"]["intel"][0];
    assert_eq!((reason["feed"].as_str(), reason["category"].as_str()), (Some("tor"), Some("tor-exit")));
    assert_eq!(reason["ips"], json!(["45.134.26.9"]));
    assert!(reason["reason"].as_str().unwrap().contains("medium → high"), "{reason}");

    let stopped = &found["cloudtrail_trail_logging_stopped"];
    assert_eq!(stopped["severity"], "high");
    assert!(stopped["evidence"].get("intel").is_none(), "{stopped}");

    // A missing list is a clear error before anything runs.
    let missing = dir.path().join("nope.txt");
    let output = meerkat(&db, &["detect", "cloudtrail", file.to_str().unwrap(), "--intel", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such file"));
}

#[test]
fn detect_cloudtrail_ocsf_detection_findings_carry_the_required_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("meerkat.db");
    let file = dir.path().join("trail.json");
    std::fs::write(&file, delivery_file()).unwrap();
    let out = meerkat(&db, &["detect", "cloudtrail", file.to_str().unwrap(), "--format", "ocsf"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let events: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert!(events.len() >= 5, "{text}");
    // OCSF 1.3.0 Detection Finding: the base event's and the finding's required
    // attributes, and `cloud` (required by the cloud profile the events declare).
    for event in &events {
        for path in [
            "/activity_id", "/category_uid", "/class_uid", "/severity_id", "/time", "/type_uid",
            "/metadata/version", "/metadata/product/vendor_name", "/finding_info/uid", "/finding_info/title",
            "/cloud/provider",
        ] {
            let v = event.pointer(path);
            assert!(v.is_some_and(|v| !v.is_null() && v != ""), "{path} missing in {event}");
        }
        assert_eq!(event["class_uid"], 2004);
        assert_eq!(event["type_uid"], 2004 * 100 + event["activity_id"].as_u64().unwrap());
        assert_eq!(event["metadata"]["profiles"], json!(["cloud"]));
    }
    let burst = events.iter().find(|e| e["metadata"]["event_code"] == "iam_console_login_failed_burst").expect("the burst");
    assert_eq!(burst["actor"]["user"]["uid"], format!("arn:aws:iam::{ACCOUNT}:user/bob"));
    assert_eq!(burst["finding_info"]["attacks"][0]["technique"]["uid"], "T1110");
    assert_eq!(burst["finding_info"]["related_events"].as_array().unwrap().len(), 5);
}

#[test]
fn detect_cloudtrail_orders_events_within_the_allowed_lateness() {
    // The burst's failures split over two files, the later file first: in arrival order
    // the window never holds five failures within ten minutes; in event time it does.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("meerkat.db");
    let fail = |id: &str, minute: u32| {
        record(id, minute, "signin.amazonaws.com", "ConsoleLogin", user("carol"), "203.0.113.50",
            json!({"errorMessage": "Failed authentication", "responseElements": {"ConsoleLogin": "Failure"}}))
    };
    let late = dir.path().join("a_late.json");
    let early = dir.path().join("b_early.json");
    std::fs::write(&late, json!({"Records": [fail("l1", 30), fail("l2", 31), fail("l3", 32)]}).to_string()).unwrap();
    std::fs::write(&early, json!({"Records": [fail("e1", 24), fail("e2", 25), fail("e3", 26)]}).to_string()).unwrap();
    let run = |lateness: &str, db: &Path| {
        meerkat(db, &["detect", "cloudtrail", late.to_str().unwrap(), early.to_str().unwrap(), "--allowed-lateness", lateness, "--format", "json"])
    };
    let (summary, found) = findings(&run("10m", &db));
    assert_eq!(summary["late_events"], 0, "{summary}");
    assert!(found.contains_key("iam_console_login_failed_burst"), "{found:?}");

    let (summary, _) = findings(&run("0", &dir.path().join("arrival.db")));
    assert_eq!(summary["late_events"], 3, "the early file's events come after later ones: {summary}");
    let bad = meerkat(&db, &["detect", "cloudtrail", late.to_str().unwrap(), "--allowed-lateness", "soon"]);
    assert_eq!(bad.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("90s, 5m, 1h"));
}

/// Ten working days of dave listing and reading buckets from the office, in us-east-1.
fn dave_history() -> String {
    let mut records = Vec::new();
    for day in 1..=10u32 {
        for i in 0..10u32 {
            let mut r = record(&format!("h{day}-{i}"), 0, "s3.amazonaws.com", if i % 2 == 0 { "ListBuckets" } else { "GetBucketLocation" }, user("dave"), "192.0.2.10", json!({}));
            r["eventTime"] = json!(format!("2026-11-{day:02}T{:02}:{:02}:00Z", 9 + i / 2, i * 5));
            records.push(r);
        }
    }
    json!({ "Records": records }).to_string()
}

#[test]
fn detect_cloudtrail_baselines_learn_across_runs_and_tuning_silences() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.json");
    std::fs::write(&history, dave_history()).unwrap();
    // Day 12: dave, same office and client, but in a region he never used.
    let mut odd = record("odd-1", 0, "ec2.amazonaws.com", "DescribeInstances", user("dave"), "192.0.2.10", json!({}));
    odd["eventTime"] = json!("2026-11-12T10:00:00Z");
    odd["awsRegion"] = json!("ap-southeast-2");
    let today = dir.path().join("today.json");
    std::fs::write(&today, json!({ "Records": [odd] }).to_string()).unwrap();

    // The history is learned in one run and kept; the next run judges against it.
    let db = dir.path().join("m.db");
    let (summary, found) = findings(&meerkat(&db, &["detect", "cloudtrail", history.to_str().unwrap(), "--format", "json"]));
    assert!(found.keys().all(|rule| !rule.starts_with("baseline_")), "nothing unusual while learning: {found:?}");
    assert_eq!(summary["baselines"]["principals"], 1, "{summary}");
    let (summary, found) = findings(&meerkat(&db, &["detect", "cloudtrail", today.to_str().unwrap(), "--format", "json"]));
    let anomaly = found.get("baseline_new_region").unwrap_or_else(|| panic!("the new region is reported: {summary} {found:?}"));
    let explained = &anomaly["evidence"]["anomalies"][0];
    assert!(explained["explanation"].as_str().unwrap().contains("ap-southeast-2"), "{explained}");
    assert!(explained["score"].as_u64().unwrap() > 0 && explained["factors"].as_array().is_some_and(|f| !f.is_empty()), "{explained}");
    assert_eq!(anomaly["subject"]["principal_id"], format!("arn:aws:iam::{ACCOUNT}:user/dave"));

    // The same with a tuning file turning that kind of anomaly off: silenced, counted.
    let tuning = dir.path().join("tuning.yaml");
    std::fs::write(&tuning, "disable:\n  - rule: baseline_new_region\n    reason: the team is moving to Sydney\n").unwrap();
    let quiet = dir.path().join("quiet.db");
    meerkat(&quiet, &["detect", "cloudtrail", history.to_str().unwrap(), "--format", "json"]);
    let (summary, found) = findings(&meerkat(&quiet, &["detect", "cloudtrail", today.to_str().unwrap(), "--tuning", tuning.to_str().unwrap(), "--format", "json"]));
    assert!(!found.contains_key("baseline_new_region"), "{found:?}");
    assert_eq!(summary["tuned_out"]["baseline_new_region"], 1, "{summary}");

    // A tuning entry without a reason is refused, naming the file.
    std::fs::write(&tuning, "disable:\n  - rule: baseline_new_region\n").unwrap();
    let out = meerkat(&quiet, &["detect", "cloudtrail", today.to_str().unwrap(), "--tuning", tuning.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tuning.yaml"), "{}", String::from_utf8_lossy(&out.stderr));
}
