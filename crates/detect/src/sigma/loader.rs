//! Reading rule files into a [`RuleSet`], one clear error per bad rule.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rsigma_parser::{CorrelationRule, FilterRule, SigmaCollection, SigmaRule};
use serde::{Deserialize, Serialize};

use super::logsource::is_cloudtrail;
use super::rules::RuleSet;
use super::transforms::{Context, TRANSFORMS};
use crate::{Error, RuleProblem};
use RuleProblem::CorrelationTargetWithoutId;

/// How rules are loaded and run. Deserialisable from the `[detect.sigma]` part of
/// `meerkat.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadOptions {
    /// Values of `%name%` placeholders used with `|expand`.
    pub placeholders: BTreeMap<String, Vec<String>>,
    /// After a correlation fires for a group, it stays quiet for this many seconds
    /// of event time, so one burst is one alert. `None`: fire on every event over
    /// the threshold.
    pub suppress_secs: Option<u64>,
    /// Event ids kept per correlation group, to show as evidence.
    pub max_correlation_events: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self { placeholders: BTreeMap::new(), suppress_secs: Some(3600), max_correlation_events: 20 }
    }
}

/// Detection rule or correlation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A rule matched against one event.
    Detection,
    /// A correlation over the matches of other rules in a time window.
    Correlation,
}

/// One rule that loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadedRule {
    /// The file it came from.
    pub path: PathBuf,
    /// Its id (its title when it has none).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Detection or correlation.
    pub kind: RuleKind,
}

/// What a load did: what loaded, what was rejected and why, what was left out as
/// not applying to CloudTrail.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Rule files read.
    pub files: usize,
    /// Rules that loaded.
    pub loaded: Vec<LoadedRule>,
    /// Rules (and files) rejected, each with its reason.
    pub rejected: Vec<Error>,
    /// Rules whose logsource is not CloudTrail: (file, title).
    pub not_cloudtrail: Vec<(PathBuf, String)>,
}

impl LoadReport {
    /// One line: `12 files: 10 rules loaded (9 detections, 1 correlation), 2 rejected, 0 not for CloudTrail`.
    pub fn summary(&self) -> String {
        let correlations = self.loaded.iter().filter(|r| r.kind == RuleKind::Correlation).count();
        format!(
            "{} files: {} rules loaded ({} detections, {} correlations), {} rejected, {} not for CloudTrail",
            self.files,
            self.loaded.len(),
            self.loaded.len() - correlations,
            correlations,
            self.rejected.len(),
            self.not_cloudtrail.len()
        )
    }
}

struct Pending<T> {
    path: PathBuf,
    item: T,
}

/// Reads rules; [`Loader::finish`] compiles those that passed.
///
/// ```
/// use meerkat_detect::sigma::{Loader, LoadOptions};
/// let mut loader = Loader::new(LoadOptions::default());
/// loader.add_yaml("stop.yml".as_ref(), r#"
/// title: Trail stopped
/// id: trail-stopped
/// logsource: {product: aws, service: cloudtrail}
/// detection:
///     selection: {eventName: StopLogging}
///     condition: selection
/// level: high
/// "#);
/// let (rules, report) = loader.finish();
/// assert_eq!(report.loaded.len(), 1);
/// assert_eq!(rules.detection_count(), 1);
/// ```
pub struct Loader {
    options: LoadOptions,
    rules: Vec<Pending<SigmaRule>>,
    correlations: Vec<Pending<CorrelationRule>>,
    filters: Vec<Pending<FilterRule>>,
    report: LoadReport,
    ids: HashMap<String, PathBuf>,
}

impl Loader {
    /// A loader with these options.
    pub fn new(options: LoadOptions) -> Self {
        Self {
            options,
            rules: Vec::new(),
            correlations: Vec::new(),
            filters: Vec::new(),
            report: LoadReport::default(),
            ids: HashMap::new(),
        }
    }

    /// Adds a rule file, or every `*.yml`/`*.yaml` under a folder (in name order).
    pub fn add_path(&mut self, path: &Path) {
        if path.is_dir() {
            let entries = match std::fs::read_dir(path).and_then(|it| it.collect::<Result<Vec<_>, _>>()) {
                Ok(entries) => entries,
                Err(source) => {
                    return self.report.rejected.push(Error::Io { path: path.to_path_buf(), source })
                }
            };
            let mut paths: Vec<PathBuf> = entries.into_iter().map(|e| e.path()).collect();
            paths.sort();
            for child in paths {
                let is_rule = child.extension().is_some_and(|e| e == "yml" || e == "yaml")
                    // `x.cases.yaml` beside a rule holds its test cases.
                    && !child.to_string_lossy().ends_with(".cases.yaml");
                if child.is_dir() || is_rule {
                    self.add_path(&child);
                }
            }
            return;
        }
        match std::fs::read_to_string(path) {
            Ok(text) => self.add_yaml(path, &text),
            Err(source) => self.report.rejected.push(Error::Io { path: path.to_path_buf(), source }),
        }
    }

    /// Adds the rules of one YAML text, named `path` in reports.
    pub fn add_yaml(&mut self, path: &Path, text: &str) {
        self.report.files += 1;
        let mut docs = Vec::new();
        for doc in yaml_serde::Deserializer::from_str(text) {
            match <yaml_serde::Value as serde::Deserialize>::deserialize(doc) {
                Ok(value) => docs.push(value),
                Err(error) => {
                    // Stop here: after a syntax error the document stream has no
                    // reliable next document.
                    self.reject(path, None, None, RuleProblem::Parse(format!("YAML: {error}")));
                    break;
                }
            }
        }
        // Collection actions (`action: global`, `repeat`) merge documents: hand the
        // whole file to the parser as it is, without document transforms.
        if docs.iter().any(|doc| doc.get("action").is_some()) {
            return self.add_parsed(path, None, None, rsigma_parser::parse_sigma_yaml(text));
        }
        let values = self.options.placeholders.clone();
        let ctx = Context { placeholders: &values };
        'docs: for doc in docs {
            let id = doc.get("id").and_then(|v| v.as_str()).map(str::to_string);
            let title = doc.get("title").and_then(|v| v.as_str()).map(str::to_string);
            let mut pieces = vec![doc];
            for transform in TRANSFORMS {
                let mut next = Vec::new();
                for piece in pieces {
                    match transform.document(piece, &ctx) {
                        Ok(out) => next.extend(out),
                        Err(problem) => {
                            self.reject(path, id.clone(), title.clone(), problem);
                            continue 'docs;
                        }
                    }
                }
                pieces = next;
            }
            for piece in pieces {
                let parsed = yaml_serde::to_string(&piece)
                    .map_err(rsigma_parser::SigmaParserError::from)
                    .and_then(|text| rsigma_parser::parse_sigma_yaml(&text));
                self.add_parsed(path, id.clone(), title.clone(), parsed);
            }
        }
    }

    fn add_parsed(
        &mut self,
        path: &Path,
        id: Option<String>,
        title: Option<String>,
        parsed: rsigma_parser::Result<SigmaCollection>,
    ) {
        let collection = match parsed {
            Ok(collection) => collection,
            Err(error) => return self.reject(path, id, title, RuleProblem::Parse(error.to_string())),
        };
        if collection.has_errors() {
            // The parser returns Ok with per-document errors (and metadata warnings
            // such as an unknown level, which would lose the severity): refuse the
            // document rather than run a rule that is not what its author wrote.
            let problem = RuleProblem::Parse(collection.errors.join("; "));
            return self.reject(path, id, title, problem);
        }
        let ctx_values = self.options.placeholders.clone();
        let ctx = Context { placeholders: &ctx_values };
        'rules: for mut rule in collection.rules {
            if !is_cloudtrail(&rule.logsource) {
                self.report.not_cloudtrail.push((path.to_path_buf(), rule.title.clone()));
                continue;
            }
            for transform in TRANSFORMS {
                if let Err(problem) = transform.rule(&mut rule, &ctx) {
                    self.reject(path, rule.id.clone(), Some(rule.title.clone()), problem);
                    continue 'rules;
                }
            }
            if let Err(error) = rsigma_eval::compile_rule(&rule) {
                let problem = RuleProblem::Compile(error.to_string());
                self.reject(path, rule.id.clone(), Some(rule.title.clone()), problem);
                continue;
            }
            if !self.claim_id(path, rule.id.as_deref(), &rule.title) {
                continue;
            }
            self.rules.push(Pending { path: path.to_path_buf(), item: rule });
        }
        for correlation in collection.correlations {
            if self.claim_id(path, correlation.id.as_deref(), &correlation.title) {
                self.correlations.push(Pending { path: path.to_path_buf(), item: correlation });
            }
        }
        for filter in collection.filters {
            self.filters.push(Pending { path: path.to_path_buf(), item: filter });
        }
    }

    /// Records `id` as taken; false (and a rejection) when another rule has it.
    fn claim_id(&mut self, path: &Path, id: Option<&str>, title: &str) -> bool {
        let Some(id) = id else { return true };
        if let Some(first) = self.ids.get(id) {
            let problem = RuleProblem::DuplicateId(first.display().to_string());
            self.reject(path, Some(id.to_string()), Some(title.to_string()), problem);
            return false;
        }
        self.ids.insert(id.to_string(), path.to_path_buf());
        true
    }

    fn reject(&mut self, path: &Path, rule_id: Option<String>, title: Option<String>, problem: RuleProblem) {
        self.report.rejected.push(Error::Rule { path: path.to_path_buf(), rule_id, title, problem });
    }

    /// Checks correlations against the rules they name, compiles everything and
    /// returns the rule set with the report of the whole load.
    pub fn finish(mut self) -> (RuleSet, LoadReport) {
        let mut rules_alive = vec![true; self.rules.len()];
        let mut corr_alive = vec![true; self.correlations.len()];
        for (i, pending) in self.correlations.iter().enumerate() {
            if let Err(error) = rsigma_eval::correlation::compile_correlation(&pending.item) {
                corr_alive[i] = false;
                let c = &pending.item;
                self.report.rejected.push(Error::Rule {
                    path: pending.path.clone(),
                    rule_id: c.id.clone(),
                    title: Some(c.title.clone()),
                    problem: RuleProblem::Compile(error.to_string()),
                });
            }
        }
        // Resolve references until nothing changes: rejecting one correlation may
        // leave another that names it dangling.
        loop {
            let mut changed = false;
            for ci in 0..self.correlations.len() {
                if !corr_alive[ci] {
                    continue;
                }
                let corr = &self.correlations[ci].item;
                let corr_name = corr.id.clone().unwrap_or_else(|| corr.title.clone());
                let mut dangling = None;
                for reference in &corr.rules {
                    let by_id = (0..self.rules.len())
                        .any(|ri| rules_alive[ri] && self.rules[ri].item.id.as_deref() == Some(reference))
                        || (0..self.correlations.len()).any(|cj| {
                            corr_alive[cj] && self.correlations[cj].item.id.as_deref() == Some(reference)
                        });
                    if by_id {
                        continue;
                    }
                    // Named but without an id: rsigma 0.23 would never fire the
                    // correlation. Reject the rule, which leaves the reference dangling.
                    let without_id = CorrelationTargetWithoutId { correlation: corr_name.clone() };
                    for (pending, alive) in self.rules.iter().zip(rules_alive.iter_mut()) {
                        let rule = &pending.item;
                        if *alive && rule.id.is_none() && rule.name.as_deref() == Some(reference) {
                            *alive = false;
                            changed = true;
                            self.report.rejected.push(Error::Rule {
                                path: pending.path.clone(),
                                rule_id: None,
                                title: Some(rule.title.clone()),
                                problem: without_id.clone(),
                            });
                        }
                    }
                    for (pending, alive) in self.correlations.iter().zip(corr_alive.iter_mut()) {
                        let other = &pending.item;
                        if *alive && other.id.is_none() && other.name.as_deref() == Some(reference) {
                            *alive = false;
                            changed = true;
                            self.report.rejected.push(Error::Rule {
                                path: pending.path.clone(),
                                rule_id: None,
                                title: Some(other.title.clone()),
                                problem: without_id.clone(),
                            });
                        }
                    }
                    dangling = Some(reference.clone());
                    break;
                }
                if let Some(reference) = dangling {
                    corr_alive[ci] = false;
                    changed = true;
                    self.report.rejected.push(Error::Rule {
                        path: self.correlations[ci].path.clone(),
                        rule_id: corr.id.clone(),
                        title: Some(corr.title.clone()),
                        problem: RuleProblem::UnknownRuleRef(reference),
                    });
                }
            }
            if !changed {
                break;
            }
        }

        let mut collection = SigmaCollection::new();
        let mut sources = Vec::new();
        for (pending, alive) in self.rules.into_iter().zip(rules_alive) {
            if alive {
                sources.push(loaded(&pending.path, pending.item.id.as_deref(), &pending.item.title, RuleKind::Detection));
                collection.rules.push(pending.item);
            }
        }
        for (pending, alive) in self.correlations.into_iter().zip(corr_alive) {
            if alive {
                sources.push(loaded(&pending.path, pending.item.id.as_deref(), &pending.item.title, RuleKind::Correlation));
                collection.correlations.push(pending.item);
            }
        }
        let filter_paths: Vec<PathBuf> = self.filters.iter().map(|f| f.path.clone()).collect();
        collection.filters = self.filters.into_iter().map(|f| f.item).collect();
        let (rules, errors) = RuleSet::build(collection, filter_paths, &self.options);
        self.report.rejected.extend(errors);
        self.report.loaded = sources;
        (rules, self.report)
    }
}

fn loaded(path: &Path, id: Option<&str>, title: &str, kind: RuleKind) -> LoadedRule {
    LoadedRule { path: path.to_path_buf(), id: id.unwrap_or(title).to_string(), title: title.to_string(), kind }
}

/// The rules named by correlations that do not ask for their own matches
/// (`generate: false`, the Sigma default): they count, but are not reported alone.
pub(super) fn correlation_only(collection: &SigmaCollection) -> HashSet<String> {
    collection
        .correlations
        .iter()
        .filter(|c| !c.generate)
        .flat_map(|c| c.rules.iter().cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fuzz-style: mangled rule texts are rejected with reasons, never a panic.
    #[test]
    fn mangled_rules_never_panic() {
        let seed_rule = "title: t\nid: r1\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n    sel:\n        eventName|contains|all: [a, b]\n        requestParameters.x|base64offset|contains: 'abc'\n        sourceIPAddress|cidr: 10.0.0.0/8\n        f|expand: '%p%'\n    filter:\n        errorCode|re: '^Acc.*'\n    timeframe: 5m\n    condition: sel and not filter | count() by userIdentity.arn > 3\nlevel: high\n---\ntitle: c\nid: c1\ncorrelation: {type: temporal, rules: [r1, r1-events], timespan: 5m}\n";
        let alphabet = b"|:%*?-[]{}\n '\"\\0123456789abcdefgn";
        let mut state = 0x1234_5678_9abc_def1_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..1500 {
            let mut bytes = seed_rule.as_bytes().to_vec();
            for _ in 0..(1 + next() % 6) {
                let at = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => bytes[at] = alphabet[(next() as usize) % alphabet.len()],
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, alphabet[(next() as usize) % alphabet.len()]),
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let mut options = LoadOptions::default();
            options.placeholders.insert("p".into(), vec!["v".into()]);
            let mut loader = Loader::new(options);
            loader.add_yaml(Path::new("fuzz.yml"), &text);
            let (_, report) = loader.finish();
            assert!(report.rejected.len() + report.loaded.len() + report.not_cloudtrail.len() > 0, "{text}");
        }
    }
}
