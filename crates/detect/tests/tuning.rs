//! Tuning files: the shipped example parses; entries without a reason, with unknown
//! keys or without scope are refused with the file and entry named; disable and
//! suppress entries match by rule pattern, principal, address and field, and stop
//! matching when they expire.

use std::path::Path;

use chrono::{DateTime, Utc};
use meerkat_detect::baseline::AnomalyKind;
use meerkat_detect::tuning::Tuning;
use meerkat_detect::{Event, Origin};
use serde_json::json;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn event(ip: &str, identity: serde_json::Value, params: serde_json::Value) -> Event {
    let raw = json!({"eventTime": "2025-02-01T10:00:00Z", "eventSource": "iam.amazonaws.com", "eventName": "CreateAccessKey",
        "sourceIPAddress": ip, "userIdentity": identity, "requestParameters": params, "readOnly": false});
    Event::from_value(raw, Origin { path: Path::new("t").into(), index: 0 }).unwrap()
}

fn provisioning_session() -> serde_json::Value {
    json!({"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/provisioning/run-7",
        "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "provisioning",
            "arn": "arn:aws:iam::111122223333:role/provisioning"}}})
}

#[test]
fn shipped_example_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/detect-tuning.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let tuning = Tuning::from_yaml("docs/examples/detect-tuning.yaml", &text).unwrap();
    assert_eq!((tuning.disable.len(), tuning.suppress.len()), (2, 3));
    assert_eq!(tuning.trusted.ips.len(), 2);
    let now = at("2025-02-01T00:00:00Z");
    assert!(tuning.disabled("iam_console_login_without_mfa", now).is_some());
    assert!(tuning.disabled(AnomalyKind::UnusualHour.rule_id(), now).is_some());
    assert!(tuning.disabled(AnomalyKind::UnusualHour.rule_id(), at("2025-08-01T00:00:00Z")).is_none());
    let key_for_service_user = event("198.51.100.7", provisioning_session(), json!({"userName": "svc-billing"}));
    let hit = tuning.suppressed("iam_access_key_created_for_other_user", &key_for_service_user, now).unwrap();
    assert!(hit.reason.contains("provisioning pipeline"));
    // Every condition must match: another user name is not covered.
    let other = event("198.51.100.7", provisioning_session(), json!({"userName": "alice"}));
    assert!(tuning.suppressed("iam_access_key_created_for_other_user", &other, now).is_none());
}

#[test]
fn bad_entries_are_refused_with_file_and_entry() {
    let cases = [
        ("disable:\n  - rule: x\n", "t.yaml: disable entry 1: missing field `reason`"),
        (
            "disable:\n  - rule: x\n    reason: ok\n  - rule: y\n    reason: '  '\n",
            "t.yaml: disable entry 2: `reason` is empty",
        ),
        ("disable:\n  - rule: x\n    reason: ok\n    reson: typo\n", "t.yaml: disable entry 1: unknown field `reson`"),
        ("disable:\n  - rule: ''\n    reason: ok\n", "t.yaml: disable entry 1: `rule` is empty"),
        (
            "suppress:\n  - rule: x\n    reason: everywhere\n",
            "t.yaml: suppress entry 1: no principal, source_ip or fields",
        ),
        (
            "suppress:\n  - rule: x\n    source_ip: 10.0.0.0/33\n    reason: r\n",
            "t.yaml: suppress entry 1: \"10.0.0.0/33\": the prefix length",
        ),
        (
            "suppress:\n  - rule: x\n    principal: a\n    reason: r\n    expires: 2025-01-01\n",
            "t.yaml: suppress entry 1: ",
        ),
        (
            "suppress:\n  - rule: x\n    fields: {a..b: c}\n    reason: r\n",
            "t.yaml: suppress entry 1: field path \"a..b\" has an empty segment",
        ),
        ("mutes: []\n", "t.yaml: unknown field `mutes`"),
        ("trusted:\n  ip: [10.0.0.1]\n", "t.yaml: trusted: unknown field `ip`"),
        ("disable: {rule: x}\n", "t.yaml: "),
        ("disable:\n  - [", "t.yaml: "),
    ];
    let mut failures = Vec::new();
    for (text, want) in cases {
        match Tuning::from_yaml("t.yaml", text) {
            Ok(tuning) => failures.push(format!("{text:?}: accepted as {tuning:?}")),
            Err(error) if error.to_string().starts_with(want) => {}
            Err(error) => failures.push(format!("{text:?}: {error} (want {want:?})")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let error = Tuning::from_yaml("t.yaml", "disable:\n  - rule: x\n    reason: ok\n  - rule: y\n").unwrap_err();
    assert_eq!((error.file.as_str(), error.entry.as_deref()), ("t.yaml", Some("disable entry 2")));
}

#[test]
fn empty_file_is_empty_tuning() {
    for text in ["", "# only a comment\n", "disable: []\nsuppress: []\ntrusted: {}\n", "trusted:\n"] {
        let tuning = Tuning::from_yaml("t.yaml", text).unwrap();
        assert_eq!(tuning, Tuning::default(), "{text:?}");
    }
}

#[test]
fn suppressions_match_principal_address_fields_and_expire() {
    let text = "\
suppress:
  - rule: baseline_*
    principal: arn:aws:iam::*:role/provisioning
    reason: the provisioning role's behaviour is reviewed weekly
  - rule: iam_*
    source_ip: 10.20.0.0/16
    reason: red team
    expires: 2025-03-01T00:00:00Z
  - rule: '*'
    principal: arn:aws:sts::*:assumed-role/*/break-glass-*
    source_ip: 2001:db8::/32
    reason: break-glass sessions from the admin network
";
    let tuning = Tuning::from_yaml("t.yaml", text).unwrap();
    let now = at("2025-02-01T00:00:00Z");
    let session = event("198.51.100.7", provisioning_session(), json!({}));
    // The role's ARN matches a session of it.
    assert_eq!(tuning.suppressed("baseline_new_region", &session, now).unwrap().rule, "baseline_*");
    assert!(tuning.suppressed("iam_access_key_created_for_other_user", &session, now).is_none());

    let lab = event("10.20.3.4", json!({"type": "IAMUser", "arn": "arn:aws:iam::1:user/red"}), json!({}));
    assert!(tuning.suppressed("iam_access_key_created_for_other_user", &lab, now).is_some());
    assert!(
        tuning.suppressed("iam_access_key_created_for_other_user", &lab, at("2025-03-01T00:00:00Z")).is_none(),
        "expired"
    );
    assert_eq!(
        tuning.expired(at("2025-03-02T00:00:00Z")),
        ["suppress entry 2 (rule iam_*) expired 2025-03-01T00:00:00+00:00"]
    );
    assert!(tuning.expired(now).is_empty());
    let outside = event("10.21.3.4", json!({"type": "IAMUser", "arn": "arn:aws:iam::1:user/red"}), json!({}));
    assert!(tuning.suppressed("iam_x", &outside, now).is_none());
    let no_ip = event("iam.amazonaws.com", json!({"type": "IAMUser", "arn": "arn:aws:iam::1:user/red"}), json!({}));
    assert!(tuning.suppressed("iam_x", &no_ip, now).is_none());

    // Both conditions of the third entry must hold.
    let glass = json!({"type": "AssumedRole", "arn": "arn:aws:sts::1:assumed-role/Admin/break-glass-jo"});
    assert!(tuning.suppressed("any", &event("2001:db8:5::1", glass.clone(), json!({})), now).is_some());
    assert!(tuning.suppressed("any", &event("192.0.2.1", glass, json!({})), now).is_none());
}

#[test]
fn disabled_uses_wildcards_and_first_match() {
    let text = "\
disable:
  - rule: guardduty_*
    reason: GuardDuty is run by the organisation's security account
    expires: 2025-01-01T00:00:00Z
  - rule: guardduty_detector_deleted
    reason: see ticket SEC-12
";
    let tuning = Tuning::from_yaml("t.yaml", text).unwrap();
    assert_eq!(
        tuning.disabled("guardduty_detector_deleted", at("2024-12-01T00:00:00Z")),
        Some("GuardDuty is run by the organisation's security account")
    );
    assert_eq!(tuning.disabled("guardduty_detector_deleted", at("2025-06-01T00:00:00Z")), Some("see ticket SEC-12"));
    assert_eq!(tuning.disabled("guardduty_other", at("2025-06-01T00:00:00Z")), None);
    assert_eq!(tuning.disabled("cloudtrail_trail_logging_stopped", at("2024-12-01T00:00:00Z")), None);
}
