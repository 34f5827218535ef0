//! The old aggregation syntax that SigmaHQ keeps in `unsupported/`:
//! `condition: selection | count(field) by group > N` with `timeframe: 10m`.
//! It maps onto a correlation rule over a rule holding the plain condition:
//!
//! | old | correlation |
//! | --- | --- |
//! | `count()` | `event_count` |
//! | `count(field)` | `value_count` on `field` |
//! | `sum(field)`, `avg(field)` | `value_sum`, `value_avg` |
//! | `by group` | `group-by: [group]` |
//! | `> >= < <= ==` N | `gt gte lt lte eq` N |
//!
//! The correlation keeps the rule's id, title and metadata, so findings carry the
//! id people know; the rule it counts gets the id `<id>-events` and is not reported
//! on its own (`generate: false`, the Sigma default). `near`, `min`, `max` and an
//! aggregation without `timeframe` have no such form and are rejected.
//!
//! A `timeframe` beside a plain conjunction of selections (`a and b`) means, by the
//! same old convention, "both within the timeframe": that becomes a `temporal`
//! correlation of one rule per selection (ids `<id>-<selection>`), since no single
//! event can match two different event names.

use super::prelude::*;

/// The aggregation transform.
pub struct Aggregation;

impl Transform for Aggregation {
    fn name(&self) -> &'static str {
        "aggregation"
    }

    fn document(&self, doc: YamlValue, _ctx: &Context<'_>) -> Result<Vec<YamlValue>, RuleProblem> {
        let Some(detection) = doc.get("detection").and_then(YamlValue::as_mapping) else {
            return Ok(vec![doc]);
        };
        let conditions: Vec<&str> = match detection.get("condition") {
            Some(YamlValue::String(text)) => vec![text.as_str()],
            Some(YamlValue::Sequence(items)) => items.iter().filter_map(YamlValue::as_str).collect(),
            _ => return Ok(vec![doc]),
        };
        let timeframe = detection.get("timeframe").and_then(YamlValue::as_str).map(str::to_string);
        let Some(piped) = conditions.iter().find(|c| c.contains('|')) else {
            return match (&timeframe, conditions.as_slice()) {
                (Some(timeframe), [single]) => match conjunction(single, detection) {
                    Some(names) => temporal(&doc, &names, timeframe),
                    None => Ok(vec![doc]),
                },
                _ => Ok(vec![doc]),
            };
        };
        if conditions.len() > 1 {
            return Err(RuleProblem::Aggregation(
                "an aggregation in a list of several conditions".to_string(),
            ));
        }
        let (expr, aggregation) = piped.split_once('|').unwrap_or((piped, ""));
        let parsed = parse(aggregation.trim())?;
        let Some(timeframe) = timeframe else {
            return Err(RuleProblem::Aggregation(format!(
                "`{}` without a `timeframe`: a correlation needs a time window",
                aggregation.trim()
            )));
        };
        let id = rule_id(&doc)?;
        let base_id = format!("{id}-events");
        let mut base = doc.clone();
        set(&mut base, "id", base_id.clone().into());
        set(&mut base, "title", format!("{} (events counted)", title(&doc)).into());
        if let Some(detection) = base.get_mut("detection").and_then(YamlValue::as_mapping_mut) {
            detection.insert("condition".into(), expr.trim().into());
            detection.remove("timeframe");
        }
        let mut condition = yaml_serde::Mapping::new();
        condition.insert(parsed.operator.into(), YamlValue::from(parsed.threshold));
        if let Some(field) = &parsed.field {
            condition.insert("field".into(), field.clone().into());
        }
        let mut correlation = yaml_serde::Mapping::new();
        correlation.insert("type".into(), parsed.kind.into());
        correlation.insert("rules".into(), YamlValue::Sequence(vec![base_id.into()]));
        if let Some(group) = &parsed.group_by {
            correlation.insert("group-by".into(), YamlValue::Sequence(vec![group.clone().into()]));
        }
        correlation.insert("timespan".into(), timeframe.into());
        correlation.insert("condition".into(), YamlValue::Mapping(condition));
        Ok(vec![base, correlation_doc(&doc, correlation)])
    }
}

/// One old-style aggregation, parsed.
#[derive(Debug, PartialEq)]
struct Parsed {
    kind: &'static str,
    field: Option<String>,
    group_by: Option<String>,
    operator: &'static str,
    threshold: u64,
}

fn parse(text: &str) -> Result<Parsed, RuleProblem> {
    let unsupported = |why: &str| RuleProblem::Aggregation(format!("`{text}`: {why}"));
    if text.starts_with("near") {
        return Err(unsupported("`near` has no correlation form; write a temporal correlation"));
    }
    let (function, rest) = text.split_once('(').ok_or_else(|| unsupported("not `function(field)`"))?;
    let (field, rest) = rest.split_once(')').ok_or_else(|| unsupported("no closing parenthesis"))?;
    let field = Some(field.trim().to_string()).filter(|f| !f.is_empty());
    let kind = match (function.trim(), &field) {
        ("count", None) => "event_count",
        ("count", Some(_)) => "value_count",
        ("sum", Some(_)) => "value_sum",
        ("avg", Some(_)) => "value_avg",
        (other, _) => return Err(unsupported(&format!("`{other}()` has no correlation form"))),
    };
    let mut rest = rest.trim();
    let mut group_by = None;
    if let Some(after) = rest.strip_prefix("by ") {
        let after = after.trim_start();
        let end = after.find(|c: char| c.is_whitespace() || "<>=!".contains(c)).unwrap_or(after.len());
        group_by = Some(after[..end].to_string());
        rest = after[end..].trim_start();
    }
    let (operator, number) = [(">=", "gte"), ("<=", "lte"), ("==", "eq"), (">", "gt"), ("<", "lt"), ("=", "eq")]
        .iter()
        .find_map(|(symbol, name)| rest.strip_prefix(symbol).map(|n| (*name, n.trim())))
        .ok_or_else(|| unsupported("no comparison (`> N`)"))?;
    let threshold = number.parse().map_err(|_| unsupported(&format!("{number:?} is not a whole number")))?;
    Ok(Parsed { kind, field, group_by, operator, threshold })
}

/// The selection names of `a and b [and c…]`, when every one is a plain selection of
/// this rule and there are at least two.
fn conjunction(condition: &str, detection: &yaml_serde::Mapping) -> Option<Vec<String>> {
    let words: Vec<&str> = condition.split_whitespace().collect();
    if words.len() < 3 || words.len().is_multiple_of(2) {
        return None;
    }
    let mut names = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if i % 2 == 1 {
            if *word != "and" {
                return None;
            }
        } else if detection.contains_key(*word) && !["condition", "timeframe"].contains(word) {
            names.push(word.to_string());
        } else {
            return None;
        }
    }
    Some(names)
}

fn temporal(doc: &YamlValue, names: &[String], timeframe: &str) -> Result<Vec<YamlValue>, RuleProblem> {
    let id = rule_id(doc)?;
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for name in names {
        let mut part = doc.clone();
        let part_id = format!("{id}-{name}");
        set(&mut part, "id", part_id.clone().into());
        set(&mut part, "title", format!("{} ({name})", title(doc)).into());
        if let Some(detection) = part.get_mut("detection").and_then(YamlValue::as_mapping_mut) {
            detection.retain(|key, _| key.as_str() == Some(name));
            detection.insert("condition".into(), name.clone().into());
        }
        ids.push(YamlValue::from(part_id));
        out.push(part);
    }
    let mut correlation = yaml_serde::Mapping::new();
    correlation.insert("type".into(), "temporal".into());
    correlation.insert("rules".into(), YamlValue::Sequence(ids));
    correlation.insert("timespan".into(), timeframe.into());
    out.push(correlation_doc(doc, correlation));
    Ok(out)
}

/// The correlation document: the rule's metadata plus `correlation`.
fn correlation_doc(doc: &YamlValue, correlation: yaml_serde::Mapping) -> YamlValue {
    let mut out = yaml_serde::Mapping::new();
    if let Some(map) = doc.as_mapping() {
        for (key, value) in map {
            let keep = key.as_str().is_some_and(|k| {
                !["detection", "logsource", "fields"].contains(&k)
            });
            if keep {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out.insert("correlation".into(), YamlValue::Mapping(correlation));
    YamlValue::Mapping(out)
}

fn rule_id(doc: &YamlValue) -> Result<String, RuleProblem> {
    doc.get("id").and_then(YamlValue::as_str).map(str::to_string).ok_or_else(|| {
        RuleProblem::Aggregation("the rule has no `id:`, which its correlation would need".to_string())
    })
}

fn title(doc: &YamlValue) -> String {
    doc.get("title").and_then(YamlValue::as_str).unwrap_or("untitled").to_string()
}

fn set(doc: &mut YamlValue, key: &str, value: YamlValue) {
    if let Some(map) = doc.as_mapping_mut() {
        map.insert(key.into(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_corpus_forms() {
        assert_eq!(
            parse("count() by sourceIPAddress > 5").unwrap(),
            Parsed { kind: "event_count", field: None, group_by: Some("sourceIPAddress".into()), operator: "gt", threshold: 5 }
        );
        assert_eq!(parse("count(eventName)>=10").unwrap().kind, "value_count");
        for (bad, why) in [("near selection2", "near"), ("max(x) > 1", "max"), ("count() > many", "whole number"), ("count()", "comparison")] {
            let error = parse(bad).unwrap_err().to_string();
            assert!(error.contains(why), "{bad}: {error}");
        }
    }
}
