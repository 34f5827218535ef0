//! What Meerkat does to a Sigma rule before handing it to `rsigma-eval`: one file per
//! transform, each listed once in [`TRANSFORMS`], each with case folders in
//! `crates/detect/tests/sigma/`.
//!
//! Transforms run in the order listed. A transform sees YAML documents before they
//! are parsed ([`Transform::document`], for syntax the parser rejects) and parsed
//! detection rules after ([`Transform::rule`]).

mod aggregation;
mod base64offset;
mod placeholders;
pub mod prelude;
mod temporal_condition;

use prelude::*;

/// All transforms, in the order they run.
pub const TRANSFORMS: &[&dyn Transform] = &[
    &aggregation::Aggregation,
    &temporal_condition::TemporalCondition,
    &placeholders::Placeholders,
    &base64offset::Base64Offset,
];

/// One rewrite of Sigma rules. Both hooks default to leaving the rule unchanged.
pub trait Transform: Sync {
    /// Stable name, for reports (`aggregation`, `placeholders`, `base64offset`).
    fn name(&self) -> &'static str;

    /// Rewrites one YAML document before it is parsed; may turn it into several
    /// (a rule and a correlation over it).
    fn document(&self, doc: YamlValue, ctx: &Context<'_>) -> Result<Vec<YamlValue>, RuleProblem> {
        let _ = ctx;
        Ok(vec![doc])
    }

    /// Rewrites a parsed detection rule in place.
    fn rule(&self, rule: &mut SigmaRule, ctx: &Context<'_>) -> Result<(), RuleProblem> {
        let _ = (rule, ctx);
        Ok(())
    }
}

/// What transforms may read: the loader's options.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Values of `%name%` placeholders (`Legitimate_IP_Ranges` → CIDRs).
    pub placeholders: &'a BTreeMap<String, Vec<String>>,
}

/// Replaces every detection item of `rule` by what `rewrite` returns for it (items
/// of one mapping are AND-linked, so one item may become several).
pub fn rewrite_items(
    rule: &mut SigmaRule,
    rewrite: &mut dyn FnMut(DetectionItem) -> Result<Vec<DetectionItem>, RuleProblem>,
) -> Result<(), RuleProblem> {
    // Sorted names, so that the first error reported is the same on every run.
    let mut names: Vec<String> = rule.detection.named.keys().cloned().collect();
    names.sort();
    for name in names {
        if let Some(detection) = rule.detection.named.get_mut(&name) {
            rewrite_detection(detection, rewrite)?;
        }
    }
    Ok(())
}

fn rewrite_detection(
    detection: &mut Detection,
    rewrite: &mut dyn FnMut(DetectionItem) -> Result<Vec<DetectionItem>, RuleProblem>,
) -> Result<(), RuleProblem> {
    match detection {
        Detection::AllOf(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in std::mem::take(items) {
                out.extend(rewrite(item)?);
            }
            *items = out;
        }
        Detection::AnyOf(children) | Detection::And(children) => {
            for child in children {
                rewrite_detection(child, rewrite)?;
            }
        }
        Detection::ArrayMatch { body, .. } => rewrite_detection(body, rewrite)?,
        Detection::Conditional { named, .. } => {
            for child in named.values_mut() {
                rewrite_detection(child, rewrite)?;
            }
        }
        Detection::Keywords(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each transform has case folders `tests/sigma/<name>*` that show what it does.
    #[test]
    fn every_transform_has_cases() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sigma");
        let cases: Vec<String> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        for transform in TRANSFORMS {
            assert!(
                cases.iter().any(|c| c.starts_with(transform.name())),
                "no case folder {}/{}*",
                root.display(),
                transform.name()
            );
        }
    }
}
