//! Everything a collector's author needs: the collector type, the context, the model,
//! and small helpers that turn SDK values into the API's JSON describe shape.

pub use std::collections::BTreeMap;

pub use meerkat_model::{Relationship, Resource, Scope, GLOBAL_REGION};
pub use serde_json::{json, Map, Value};

pub use super::{CollectResult, Collector};
pub use crate::context::ScanContext;
pub use crate::error::ApiError;

/// Builds a JSON object from `"Key" => value` pairs, leaving out null values the way
/// the AWS APIs leave out unset fields.
#[macro_export]
#[doc(hidden)]
macro_rules! obj {
    ($($key:literal => $value:expr),* $(,)?) => {{
        let mut map = ::serde_json::Map::new();
        $(
            let value: ::serde_json::Value = $value;
            if !value.is_null() {
                map.insert($key.to_owned(), value);
            }
        )*
        ::serde_json::Value::Object(map)
    }};
}
pub use crate::obj;

/// Any serialisable value (strings, numbers, booleans, their options, string lists).
pub fn v<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// An optional string-like value: SDK enums (`as_ref()` gives the wire name), `&str`.
pub fn s<T: AsRef<str> + ?Sized>(value: Option<&T>) -> Value {
    value.map(|x| Value::String(x.as_ref().to_owned())).unwrap_or(Value::Null)
}

/// An optional timestamp, as RFC 3339.
pub fn t(value: Option<&aws_smithy_types::DateTime>) -> Value {
    value
        .and_then(|d| d.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
        .map(Value::String)
        .unwrap_or(Value::Null)
}

/// A list, each element converted by `f`; an empty list stays an empty array.
pub fn list<T>(items: &[T], f: impl Fn(&T) -> Value) -> Value {
    Value::Array(items.iter().map(f).collect())
}

/// Tags from key/value pairs, sorted by key; pairs without a key are skipped.
pub fn tags<'a>(pairs: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>)>) -> BTreeMap<String, String> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| k.map(|k| (k.to_owned(), v.unwrap_or_default().to_owned())))
        .collect()
}

/// A policy document as JSON. IAM returns documents URL-encoded; others return them
/// plain. A document that does not parse is kept as a string, so nothing is lost.
pub fn policy_document(text: &str) -> Value {
    let decoded = if text.trim_start().starts_with('%') || text.contains("%22") || text.contains("%7B") {
        percent_decode(text)
    } else {
        text.to_owned()
    };
    serde_json::from_str(&decoded).unwrap_or(Value::String(decoded))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                // IAM encodes with RFC 3986 rules, where '+' is literal.
                out.push(b'+');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Records the outcome of reading an optional part of a resource: the document under
/// `key` in `supplementary` (`null` when the part is known to be absent), or the error
/// in `not_assessed` so that no check mistakes "unreadable" for "absent".
pub fn supplement(resource: &mut Resource, key: &str, outcome: Result<Option<Value>, ApiError>) {
    match outcome {
        Ok(value) => {
            resource.supplementary.insert(key.to_owned(), value.unwrap_or(Value::Null));
        }
        Err(error) => {
            resource.not_assessed.insert(key.to_owned(), format!("{}: {}", error.code, error.message));
        }
    }
}

/// Turns a "not found" error into `Ok(None)`: for optional sub-resources.
pub fn absent_if_not_found<T>(result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Shorthand for classifying an SDK error inside a collector.
#[macro_export]
#[doc(hidden)]
macro_rules! api_err {
    ($service:literal, $op:literal, $region:expr) => {
        |e| $crate::error::ApiError::from_sdk($service, $op, $region, e)
    };
}
pub use crate::api_err;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obj_leaves_out_nulls() {
        let x: Option<&str> = None;
        let o = obj! { "A" => v(1), "B" => s(x), "C" => v(Some(true)) };
        assert_eq!(o, json!({"A": 1, "C": true}));
    }

    #[test]
    fn policy_documents_are_decoded() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(policy_document(encoded), json!({"Version": "2012-10-17", "Statement": []}));
        assert_eq!(policy_document("{\"a\":1}"), json!({"a": 1}));
        assert_eq!(policy_document("not json %zz"), Value::String("not json %zz".into()));
        assert_eq!(policy_document("%"), Value::String("%".into()));
    }

    #[test]
    fn tags_skip_keyless_pairs() {
        let t = tags([(Some("b"), Some("2")), (None, Some("x")), (Some("a"), None)]);
        assert_eq!(t.into_iter().collect::<Vec<_>>(), vec![("a".into(), "".into()), ("b".into(), "2".into())]);
    }
}
