//! A `temporal` (or `temporal_ordered`) correlation without `condition` means, in the
//! Sigma specification, "every referenced rule matched within the timespan".
//! rsigma-parser 0.23.0 defaults it to `gte: 1` instead — any one rule fires the
//! correlation, so a "login then trail stopped" rule would alert on every login.
//! This transform writes the intended condition, `gte: <number of rules>`, before
//! the parser sees the document.
//! <https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-correlation-rules-specification.md>

use super::prelude::*;

/// The temporal-condition transform.
pub struct TemporalCondition;

impl Transform for TemporalCondition {
    fn name(&self) -> &'static str {
        "temporal_condition"
    }

    fn document(&self, mut doc: YamlValue, _ctx: &Context<'_>) -> Result<Vec<YamlValue>, RuleProblem> {
        if let Some(correlation) = doc.get_mut("correlation").and_then(YamlValue::as_mapping_mut) {
            let temporal = matches!(
                correlation.get("type").and_then(YamlValue::as_str),
                Some("temporal" | "temporal_ordered")
            );
            let rules = correlation.get("rules").and_then(YamlValue::as_sequence).map(Vec::len);
            if let (true, None, Some(rules)) = (temporal, correlation.get("condition"), rules) {
                let mut condition = yaml_serde::Mapping::new();
                condition.insert("gte".into(), YamlValue::from(rules as u64));
                correlation.insert("condition".into(), YamlValue::Mapping(condition));
            }
        }
        Ok(vec![doc])
    }
}
