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
