//! Correlation state survives a restart: saving the windows mid-burst and loading
//! them into a fresh rule set gives the alerts an uninterrupted run gives.

use std::path::Path;

use meerkat_detect::sigma::{CorrelationState, LoadOptions, Loader, RuleSet};
use meerkat_detect::{Event, Origin};
use serde_json::json;

fn rules() -> RuleSet {
    let mut loader = Loader::new(LoadOptions::default());
    loader.add_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/aws/cloudtrail/iam_console_login_failed_burst.yml"));
    let (rules, report) = loader.finish();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    rules
}

fn events() -> Vec<Event> {
    (0..12)
        .map(|i| {
            let raw = json!({"eventTime": format!("2024-05-01T10:{i:02}:00Z"), "eventSource": "signin.amazonaws.com",
                "eventName": "ConsoleLogin", "eventID": format!("e{i}"), "errorMessage": "Failed authentication",
                "sourceIPAddress": if i % 3 == 0 { "192.0.2.1" } else { "198.51.100.7" }});
            Event::from_value(raw, Origin { path: Path::new("t").into(), index: i }).unwrap()
        })
        .collect()
}

fn alerts(rules: &mut RuleSet, events: &[Event]) -> Vec<(String, Vec<String>)> {
    events.iter().flat_map(|e| rules.process(e)).map(|m| (m.rule_id, m.event_ids)).collect()
}

#[test]
fn restart_mid_window_gives_the_same_alerts() {
    let events = events();
    let uninterrupted = alerts(&mut rules(), &events);
    assert_eq!(uninterrupted.len(), 1, "{uninterrupted:?}");

    let mut first = rules();
    let mut resumed = alerts(&mut first, &events[..5]);
    let saved = serde_json::to_string(&first.export_state()).unwrap();
    drop(first);
    let mut second = rules();
    assert!(second.import_state(serde_json::from_str::<CorrelationState>(&saved).unwrap()));
    resumed.extend(alerts(&mut second, &events[5..]));
    assert_eq!(resumed, uninterrupted);
}

/// A busy principal's window keeps its newest entries only (so a `value_count` costs at
/// most that many per event): thousands of one API, then the few distinct calls of an
/// enumeration, still fire; and the saved state stays bounded.
#[test]
fn a_busy_group_keeps_its_newest_entries_and_still_fires() {
    use meerkat_detect::sigma::MAX_GROUP_ENTRIES;
    let dir = tempfile::tempdir().unwrap();
    let rule = dir.path().join("enum.yml");
    std::fs::write(
        &rule,
        "title: read\nid: reads\nlogsource: {product: aws, service: cloudtrail}\n\
         detection: {selection: {eventName|startswith: [List, Describe]}, condition: selection}\nlevel: low\n---\n\
         title: many distinct reads\nid: distinct_reads\ncorrelation:\n  type: value_count\n  rules: [reads]\n  \
         group-by: [sourceIPAddress]\n  timespan: 1h\n  condition: {gte: 4, field: eventName}\nlevel: medium\n",
    )
    .unwrap();
    let mut loader = Loader::new(LoadOptions::default());
    loader.add_path(&rule);
    let (mut rules, report) = loader.finish();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let event = |i: u64, name: &str| {
        let raw = json!({"eventTime": format!("2024-05-01T10:{:02}:{:02}Z", i / 60 % 60, i % 60), "eventSource": "ec2.amazonaws.com",
            "eventName": name, "eventID": format!("e{i}"), "sourceIPAddress": "198.51.100.7"});
        Event::from_value(raw, Origin { path: Path::new("t").into(), index: i }).unwrap()
    };
    let busy = 3 * MAX_GROUP_ENTRIES as u64;
    let mut fired = Vec::new();
    for i in 0..busy {
        fired.extend(rules.process(&event(i / 2, "DescribeInstances")));
    }
    assert!(fired.is_empty(), "one API is one distinct value: {fired:?}");
    let saved = serde_json::to_string(&rules.export_state()).unwrap();
    assert!(saved.matches("DescribeInstances").count() <= MAX_GROUP_ENTRIES, "the window is bounded");
    for (n, name) in ["ListUsers", "ListRoles", "DescribeVolumes"].iter().enumerate() {
        fired.extend(rules.process(&event(busy / 2 + n as u64, name)));
    }
    assert_eq!(fired.iter().map(|m| m.rule_id.as_str()).collect::<Vec<_>>(), ["distinct_reads"]);
}
