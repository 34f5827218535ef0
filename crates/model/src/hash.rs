//! The stable configuration digest behind versioning.

use sha2::{Digest, Sha256};
use serde_json::{Map, Value};

use crate::Resource;

/// SHA-256 (hex) of the resource's normalised configuration: ARN, name, tags,
/// configuration, supplementary documents and relationships, with object keys sorted and
/// the resource's `volatile` paths removed. Times of observation (`first_seen`,
/// `last_seen`) and read errors are not part of it: they say how we looked, not what is.
pub fn config_hash(resource: &Resource) -> String {
    let mut doc = Map::new();
    doc.insert("arn".into(), resource.arn.clone().map(Value::String).unwrap_or(Value::Null));
    doc.insert("name".into(), resource.name.clone().map(Value::String).unwrap_or(Value::Null));
    doc.insert("tags".into(), serde_json::to_value(&resource.tags).unwrap_or(Value::Null));
    doc.insert("configuration".into(), resource.configuration.clone());
    doc.insert("supplementary".into(), serde_json::to_value(&resource.supplementary).unwrap_or(Value::Null));
    doc.insert("relationships".into(), serde_json::to_value(&resource.relationships).unwrap_or(Value::Null));
    let mut doc = Value::Object(doc);
    for path in &resource.volatile {
        strip_volatile(&mut doc, path);
    }
    let mut hasher = Sha256::new();
    write_canonical(&doc, &mut hasher);
    hex::encode(hasher.finalize())
}

/// Removes the field at a dotted `path` from `value`; a segment ending in `[]` descends
/// into every element of an array. `configuration.AccessKeys[].LastUsedDate` drops the
/// last-used date of every key. A path that does not exist is not an error: volatile
/// fields are often absent.
pub fn strip_volatile(value: &mut Value, path: &str) {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let (name, each) = match head.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (head, false),
    };
    let Value::Object(map) = value else { return };
    match (rest, each) {
        (None, false) => {
            map.remove(name);
        }
        (None, true) => {
            // "a[]" as the last segment means the whole array is volatile.
            map.remove(name);
        }
        (Some(rest), false) => {
            if let Some(child) = map.get_mut(name) {
                strip_volatile(child, rest);
            }
        }
        (Some(rest), true) => {
            if let Some(Value::Array(items)) = map.get_mut(name) {
                for item in items {
                    strip_volatile(item, rest);
                }
            }
        }
    }
}

/// Writes JSON with object keys in sorted order, whatever order the map keeps.
fn write_canonical(value: &Value, out: &mut Sha256) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.update(b"{");
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.update(b",");
                }
                out.update(Value::String(key.clone()).to_string().as_bytes());
                out.update(b":");
                write_canonical(&map[key], out);
            }
            out.update(b"}");
        }
        Value::Array(items) => {
            out.update(b"[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.update(b",");
                }
                write_canonical(item, out);
            }
            out.update(b"]");
        }
        scalar => out.update(scalar.to_string().as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Resource, Scope};
    use chrono::Utc;
    use serde_json::json;

    fn resource(configuration: Value) -> Resource {
        let scope = Scope { account_id: "1".into(), region: "r".into(), resource_type: "AWS::IAM::User".into() };
        Resource::new(&scope, "alice", configuration, Utc::now())
    }

    #[test]
    fn key_order_does_not_change_the_hash() {
        let a: Value = serde_json::from_str(r#"{"b":1,"a":{"y":2,"x":[1,{"q":1,"p":2}]}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":{"x":[1,{"p":2,"q":1}],"y":2},"b":1}"#).unwrap();
        assert_eq!(config_hash(&resource(a)), config_hash(&resource(b)));
    }

    #[test]
    fn a_real_change_changes_the_hash() {
        let a = resource(json!({"Port": 22}));
        let b = resource(json!({"Port": 23}));
        assert_ne!(config_hash(&a), config_hash(&b));
    }

    #[test]
    fn volatile_fields_do_not_change_the_hash() {
        let mut a = resource(json!({"UserName": "alice", "AccessKeys": [{"Id": "AK1", "LastUsedDate": "2026-01-01"}]}));
        let mut b = resource(json!({"UserName": "alice", "AccessKeys": [{"Id": "AK1", "LastUsedDate": "2026-02-02"}]}));
        assert_ne!(config_hash(&a), config_hash(&b), "without the volatile path the dates differ");
        a.volatile.push("configuration.AccessKeys[].LastUsedDate".into());
        b.volatile.push("configuration.AccessKeys[].LastUsedDate".into());
        assert_eq!(config_hash(&a), config_hash(&b));
    }

    #[test]
    fn observation_times_are_not_configuration() {
        let a = resource(json!({"x": 1}));
        let mut b = a.clone();
        b.last_seen += chrono::Duration::hours(5);
        b.not_assessed.insert("Policy".into(), "AccessDenied".into());
        assert_eq!(config_hash(&a), config_hash(&b));
    }

    #[test]
    fn strip_ignores_missing_and_mistyped_paths() {
        let mut v = json!({"a": 1, "b": [1, 2]});
        strip_volatile(&mut v, "a.c.d");
        strip_volatile(&mut v, "b[].x");
        strip_volatile(&mut v, "zz[]");
        assert_eq!(v, json!({"a": 1, "b": [1, 2]}));
        strip_volatile(&mut v, "b[]");
        assert_eq!(v, json!({"a": 1}));
    }
}
