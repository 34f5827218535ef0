//! `field|expand: '%name%'`: fills placeholders from the loader's values, as pySigma's
//! `ValueListPlaceholderTransformation` does. A value holding several placeholders
//! becomes every combination of their values (OR-linked). A placeholder without a
//! value rejects the rule: left to the engine, `%name%` would be matched literally
//! and the rule would never fire, silently.

use super::prelude::*;

/// Bound on the values one templated value may expand to, so that a hostile rule or
/// values file cannot make the loader allocate without limit.
const MAX_EXPANSION: usize = 10_000;

/// The placeholder transform.
pub struct Placeholders;

impl Transform for Placeholders {
    fn name(&self) -> &'static str {
        "placeholders"
    }

    fn rule(&self, rule: &mut SigmaRule, ctx: &Context<'_>) -> Result<(), RuleProblem> {
        rewrite_items(rule, &mut |mut item| {
            if !item.field.has_modifier(Modifier::Expand) {
                return Ok(vec![item]);
            }
            item.field.modifiers.retain(|m| *m != Modifier::Expand);
            let mut values = Vec::new();
            for value in &item.values {
                let SigmaValue::String(text) = value else {
                    values.push(value.clone());
                    continue;
                };
                for filled in fill(&text.original, ctx.placeholders)? {
                    values.push(SigmaValue::String(SigmaString::new(&filled)));
                }
            }
            item.values = values;
            Ok(vec![item])
        })
    }
}

/// Every filling of the `%name%` placeholders of `template`.
fn fill(template: &str, values: &BTreeMap<String, Vec<String>>) -> Result<Vec<String>, RuleProblem> {
    let mut out = vec![String::new()];
    let mut rest = template;
    while let Some(start) = rest.find('%') {
        let Some(len) = rest[start + 1..].find('%') else { break };
        let name = &rest[start + 1..start + 1 + len];
        let literal = &rest[..start];
        let choices = values
            .get(name)
            .filter(|choices| !choices.is_empty())
            .ok_or_else(|| RuleProblem::UnfilledPlaceholder(name.to_string()))?;
        if out.len().saturating_mul(choices.len()) > MAX_EXPANSION {
            return Err(RuleProblem::Parse(format!(
                "placeholder %{name}% expands to more than {MAX_EXPANSION} values"
            )));
        }
        out = out
            .iter()
            .flat_map(|prefix| choices.iter().map(move |choice| format!("{prefix}{literal}{choice}")))
            .collect();
        rest = &rest[start + len + 2..];
    }
    Ok(out.into_iter().map(|prefix| prefix + rest).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_every_combination_and_names_the_missing_one() {
        let values: BTreeMap<String, Vec<String>> = [
            ("a".to_string(), vec!["1".to_string(), "2".to_string()]),
            ("b".to_string(), vec!["x".to_string()]),
        ]
        .into();
        assert_eq!(fill("%a%-%b%!", &values).unwrap(), ["1-x!", "2-x!"]);
        assert_eq!(fill("plain 50%", &values).unwrap(), ["plain 50%"]);
        assert_eq!(fill("%c%", &values).unwrap_err(), RuleProblem::UnfilledPlaceholder("c".into()));
    }
}
