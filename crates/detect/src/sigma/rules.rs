//! Compiled rules and what they say about events.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use meerkat_model::Severity;
use rsigma_eval::event::{Event as SigmaEvent, EventValue, JsonEvent};
use rsigma_eval::{
    CorrelationConfig, CorrelationEngine, CorrelationEventMode, CorrelationSnapshot, EvaluationResult,
    ResultBody, TimestampFallback,
};
use rsigma_parser::{Level, SigmaCollection};
use serde::{Deserialize, Serialize};

use super::loader::{correlation_only, LoadOptions};
use crate::{Error, Event, RuleProblem};

/// What one rule said about the events: one event for a detection, the events of a
/// window for a correlation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// The rule's `id` (its title when it has none).
    pub rule_id: String,
    /// The rule's title.
    pub title: String,
    /// The rule's `level`; `medium` when it has none.
    pub severity: Severity,
    /// All the rule's tags (`attack.t1078.004`, `attack.initial-access`, …).
    pub tags: Vec<String>,
    /// ATT&CK technique ids from the tags (`T1078.004`).
    pub attack: Vec<String>,
    /// The rule's `falsepositives`.
    pub falsepositives: Vec<String>,
    /// `eventID` of the matching event(s), the latest last.
    pub event_ids: Vec<String>,
    /// For a correlation: the group and the count that fired it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation: Option<CorrelationMatch>,
}

/// The part of a [`Match`] only correlations have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrelationMatch {
    /// `event_count`, `value_count`, `temporal`, …
    pub kind: String,
    /// Group-by fields and their values (`userIdentity.arn` → …).
    pub group: Vec<(String, String)>,
    /// The count (or sum, average) that met the condition.
    pub value: f64,
    /// The window, in seconds.
    pub timespan_secs: u64,
}

/// Entries kept per correlation group's window (see `RuleSet::build`).
pub const MAX_GROUP_ENTRIES: usize = 1_000;

/// The windows of every correlation, to save beside the source checkpoint and give
/// back to [`RuleSet::import_state`] on the next run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CorrelationState(CorrelationSnapshot);

struct Meta {
    falsepositives: Vec<String>,
}

/// Compiled rules. [`RuleSet::evaluate`] is stateless and takes `&self` (run it
/// from several threads); [`RuleSet::process`] also feeds the correlations, in
/// event time.
pub struct RuleSet {
    engine: CorrelationEngine,
    meta: HashMap<String, Arc<Meta>>,
    quiet: HashSet<String>,
    detections: usize,
    correlations: usize,
}

impl RuleSet {
    pub(super) fn build(
        collection: SigmaCollection,
        filter_paths: Vec<PathBuf>,
        options: &LoadOptions,
    ) -> (Self, Vec<Error>) {
        let mut errors = Vec::new();
        let config = CorrelationConfig {
            // The clock is eventTime, passed explicitly by `process`; never the wall
            // clock, so a replay of old files gives the alerts a live run gave.
            timestamp_fields: vec!["eventTime".to_string()],
            timestamp_fallback: TimestampFallback::Skip,
            suppress: options.suppress_secs,
            emit_detections: false,
            correlation_event_mode: CorrelationEventMode::Refs,
            max_correlation_events: options.max_correlation_events,
            // rsigma-eval 0.23 recounts a `value_count` window on every event it adds
            // (a hash set of the whole window), so an unbounded window makes a busy
            // principal's every event cost the window's size. Keeping the newest entries
            // of each group bounds that cost and the memory; it can only under-count, and
            // every threshold of the built-in pack is far below it.
            max_group_entries: Some(MAX_GROUP_ENTRIES),
            ..CorrelationConfig::default()
        };
        let mut meta = HashMap::new();
        for rule in &collection.rules {
            let key = rule.id.clone().unwrap_or_else(|| rule.title.clone());
            meta.insert(key, Arc::new(Meta { falsepositives: rule.falsepositives.clone() }));
        }
        for corr in &collection.correlations {
            let key = corr.id.clone().unwrap_or_else(|| corr.title.clone());
            meta.insert(key, Arc::new(Meta { falsepositives: corr.falsepositives.clone() }));
        }
        let quiet = correlation_only(&collection);
        let mut engine = CorrelationEngine::new(config.clone());
        if let Err(error) = engine.add_collection(&collection) {
            // Every rule and correlation compiled alone, so a failure here comes from
            // a filter: drop the filters, report them, and load the rest.
            for path in filter_paths {
                errors.push(Error::Rule {
                    path,
                    rule_id: None,
                    title: None,
                    problem: RuleProblem::Compile(format!("filter not applied: {error}")),
                });
            }
            let mut without = collection.clone();
            without.filters.clear();
            engine = CorrelationEngine::new(config);
            if let Err(error) = engine.add_collection(&without) {
                errors.push(Error::Rule {
                    path: PathBuf::from("<rule set>"),
                    rule_id: None,
                    title: None,
                    problem: RuleProblem::Compile(error.to_string()),
                });
            }
        }
        let rules = Self {
            detections: engine.detection_rule_count(),
            correlations: engine.correlation_rule_count(),
            engine,
            meta,
            quiet,
        };
        (rules, errors)
    }

    /// Detection rules loaded.
    pub fn detection_count(&self) -> usize {
        self.detections
    }

    /// Correlation rules loaded.
    pub fn correlation_count(&self) -> usize {
        self.correlations
    }

    /// Matches of the detection rules on one event, without correlation state.
    /// Rules that only feed a correlation are not reported.
    pub fn evaluate(&self, event: &Event) -> Vec<Match> {
        let results = self.engine.evaluate(&Record::new(event));
        results
            .iter()
            .filter(|r| !r.header.rule_id.as_ref().is_some_and(|id| self.quiet.contains(id)))
            .map(|r| self.to_match(r, event))
            .collect()
    }

    /// Matches of detections and correlations, advancing correlation windows to the
    /// event's `eventTime`. Events should come roughly in time order; a late event
    /// counts in the windows still open at its time.
    ///
    /// ```
    /// use meerkat_detect::sigma::{Loader, LoadOptions};
    /// use meerkat_detect::{Event, Origin};
    /// let mut loader = Loader::new(LoadOptions::default());
    /// loader.add_yaml("root.yml".as_ref(), r#"
    /// title: Root activity
    /// id: root-activity
    /// logsource: {product: aws, service: cloudtrail}
    /// detection:
    ///     selection: {userIdentity.type: Root}
    ///     condition: selection
    /// level: high
    /// tags: [attack.t1078.004]
    /// "#);
    /// let (mut rules, _) = loader.finish();
    /// let raw = serde_json::json!({"eventTime": "2024-05-01T10:00:00Z", "eventID": "e1",
    ///     "eventSource": "s3.amazonaws.com", "eventName": "ListBuckets",
    ///     "userIdentity": {"type": "Root"}});
    /// let event = Event::from_value(raw, Origin { path: std::path::Path::new("-").into(), index: 0 }).unwrap();
    /// let found = rules.process(&event);
    /// assert_eq!((found[0].rule_id.as_str(), found[0].attack[0].as_str()), ("root-activity", "T1078.004"));
    /// assert_eq!(found[0].event_ids, ["e1"]);
    /// ```
    pub fn process(&mut self, event: &Event) -> Vec<Match> {
        let record = Record::new(event);
        let results = self.engine.process_event_at(&record, event.time().timestamp());
        results.iter().map(|r| self.to_match(r, event)).collect()
    }

    /// The correlation windows, to save.
    pub fn export_state(&self) -> CorrelationState {
        CorrelationState(self.engine.export_state())
    }

    /// Restores saved windows; false when the state does not fit these rules (it is
    /// then ignored and windows start empty).
    pub fn import_state(&mut self, state: CorrelationState) -> bool {
        self.engine.import_state(state.0)
    }

    fn to_match(&self, result: &EvaluationResult, event: &Event) -> Match {
        let header = &result.header;
        let rule_id = header.rule_id.clone().unwrap_or_else(|| header.rule_title.clone());
        let falsepositives = self.meta.get(&rule_id).map(|m| m.falsepositives.clone()).unwrap_or_default();
        let (event_ids, correlation) = match &result.body {
            ResultBody::Detection(_) => (event.id().map(str::to_string).into_iter().collect(), None),
            ResultBody::Correlation(body) => (
                body.event_refs.iter().flatten().filter_map(|r| r.id.clone()).collect(),
                Some(CorrelationMatch {
                    kind: body.correlation_type.as_str().to_string(),
                    group: body.group_key.clone(),
                    value: body.aggregated_value,
                    timespan_secs: body.timespan_secs,
                }),
            ),
        };
        Match {
            rule_id,
            title: header.rule_title.clone(),
            severity: severity(header.level),
            attack: attack_ids(&header.tags),
            tags: header.tags.clone(),
            falsepositives,
            event_ids,
            correlation,
        }
    }
}

fn severity(level: Option<Level>) -> Severity {
    match level {
        Some(Level::Informational) => Severity::Informational,
        Some(Level::Low) => Severity::Low,
        Some(Level::Medium) | None => Severity::Medium,
        Some(Level::High) => Severity::High,
        Some(Level::Critical) => Severity::Critical,
    }
}

/// `attack.t1078.004` → `T1078.004`; tactic tags (`attack.persistence`) are not ids.
fn attack_ids(tags: &[String]) -> Vec<String> {
    tags.iter()
        .filter_map(|tag| tag.strip_prefix("attack."))
        .filter(|rest| {
            let mut chars = rest.chars();
            matches!(chars.next(), Some('t' | 'T')) && chars.next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(str::to_uppercase)
        .collect()
}

/// A record as the engine sees it: the raw JSON for matching; `to_json`, which the
/// engine calls only to keep a reference to the events of a correlation window,
/// gives `{"id": eventID}` — rsigma looks for `id`, CloudTrail names it `eventID`,
/// and copying the whole record per matching event would cost for nothing.
struct Record<'a> {
    json: JsonEvent<'a>,
    id: Option<&'a str>,
}

impl<'a> Record<'a> {
    fn new(event: &'a Event) -> Self {
        Self { json: JsonEvent::borrow(event.raw()), id: event.id() }
    }
}

impl SigmaEvent for Record<'_> {
    fn get_field(&self, path: &str) -> Option<EventValue<'_>> {
        self.json.get_field(path)
    }

    fn any_string_value(&self, pred: &dyn Fn(&str) -> bool) -> bool {
        self.json.any_string_value(pred)
    }

    fn all_string_values(&self) -> Vec<Cow<'_, str>> {
        self.json.all_string_values()
    }

    fn visit_string_values(&self, visit: &mut dyn FnMut(&str)) {
        self.json.visit_string_values(visit)
    }

    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "id": self.id })
    }

    fn field_keys(&self) -> Vec<Cow<'_, str>> {
        self.json.field_keys()
    }

    fn top_level_keys(&self) -> Option<Vec<Cow<'_, str>>> {
        self.json.top_level_keys()
    }

    fn visit_top_level_keys(&self, visit: &mut dyn FnMut(&str)) -> bool {
        self.json.visit_top_level_keys(visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attack_ids_from_tags() {
        let tags: Vec<String> = ["attack.t1078.004", "attack.initial-access", "attack.T1098", "cve.2024"]
            .map(str::to_string)
            .into();
        assert_eq!(attack_ids(&tags), ["T1078.004", "T1098"]);
    }
}
