//! Conversions between `serde_json` documents and regorus values, by reference: the
//! resource stays borrowed and is walked once (`Value::from(serde_json::Value)` would
//! need an owned clone first).

use std::collections::BTreeMap;

use meerkat_model::Resource;
use regorus::Value;
use serde_json::Value as Json;

/// A JSON document as a regorus value.
pub(crate) fn to_rego(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                Value::from(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::from(items.iter().map(to_rego).collect::<Vec<_>>()),
        Json::Object(map) => Value::from(map.iter().map(|(k, v)| (Value::from(k.as_str()), to_rego(v))).collect::<BTreeMap<_, _>>()),
    }
}

fn text_map<'a>(m: impl Iterator<Item = (&'a String, &'a String)>) -> Value {
    Value::from(m.map(|(k, v)| (Value::from(k.as_str()), Value::from(v.as_str()))).collect::<BTreeMap<_, _>>())
}

fn opt(s: Option<&String>) -> Value {
    s.map_or(Value::Null, |s| Value::from(s.as_str()))
}

/// The `input` of a check: the resource in its stored shape plus `facts`.
pub(crate) fn input(r: &Resource, facts: &Json) -> Value {
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: Value| {
        m.insert(Value::from(k), v);
    };
    put("provider", Value::from(r.provider.as_str()));
    put("account_id", Value::from(r.account_id.as_str()));
    put("region", Value::from(r.region.as_str()));
    put("resource_type", Value::from(r.resource_type.as_str()));
    put("resource_id", Value::from(r.resource_id.as_str()));
    put("arn", opt(r.arn.as_ref()));
    put("name", opt(r.name.as_ref()));
    put("tags", text_map(r.tags.iter()));
    put("configuration", to_rego(&r.configuration));
    put("supplementary", Value::from(r.supplementary.iter().map(|(k, v)| (Value::from(k.as_str()), to_rego(v))).collect::<BTreeMap<_, _>>()));
    put(
        "relationships",
        Value::from(
            r.relationships
                .iter()
                .map(|rel| {
                    let mut o = BTreeMap::new();
                    o.insert(Value::from("kind"), Value::from(rel.kind.as_str()));
                    o.insert(Value::from("resource_type"), Value::from(rel.resource_type.as_str()));
                    o.insert(Value::from("resource_id"), Value::from(rel.resource_id.as_str()));
                    Value::from(o)
                })
                .collect::<Vec<_>>(),
        ),
    );
    put("not_assessed", text_map(r.not_assessed.iter()));
    put("facts", to_rego(facts));
    Value::from(m)
}

/// A regorus value as JSON (for evidence); undefined becomes null.
pub(crate) fn to_json(v: &Value) -> Json {
    serde_json::to_value(v).unwrap_or(Json::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn roundtrips_documents() {
        let doc = json!({"a": [1, -2, 3.5, "x", null, true], "b": {"c": 18446744073709551615u64}});
        assert_eq!(to_json(&to_rego(&doc)), doc);
    }
}
