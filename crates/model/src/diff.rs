//! Structural difference between two JSON documents, for `history --diff`.
//!
//! `json-patch`'s `diff` gives RFC 6902 operations without the old value, and a reader of
//! a configuration history wants "was X, now Y"; hence this small walk.

use serde::Serialize;
use serde_json::Value;

/// What happened at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The path exists only in the newer document.
    Added,
    /// The path exists only in the older document.
    Removed,
    /// The path holds a different value.
    Changed,
}

/// One difference between two documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// JSON Pointer (RFC 6901) to the value.
    pub path: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The older value, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The newer value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// Every difference from `old` to `new`, in document order. Arrays are compared element
/// by element; objects key by key (keys sorted, so the result is deterministic).
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(String::new(), old, new, &mut out);
    out
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn walk(path: String, old: &Value, new: &Value, out: &mut Vec<Change>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = format!("{path}/{}", escape(key));
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => walk(child, x, y, out),
                    (Some(x), None) => out.push(Change { path: child, kind: ChangeKind::Removed, old: Some(x.clone()), new: None }),
                    (None, Some(y)) => out.push(Change { path: child, kind: ChangeKind::Added, old: None, new: Some(y.clone()) }),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let child = format!("{path}/{i}");
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) => walk(child, x, y, out),
                    (Some(x), None) => out.push(Change { path: child, kind: ChangeKind::Removed, old: Some(x.clone()), new: None }),
                    (None, Some(y)) => out.push(Change { path: child, kind: ChangeKind::Added, old: None, new: Some(y.clone()) }),
                    (None, None) => {}
                }
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Change { path, kind: ChangeKind::Changed, old: Some(a.clone()), new: Some(b.clone()) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_added_removed_and_changed_paths() {
        let old = json!({"Port": 22, "Cidrs": ["10.0.0.0/8"], "Gone": true, "a/b": 1});
        let new = json!({"Port": 2222, "Cidrs": ["10.0.0.0/8", "0.0.0.0/0"], "New": "x", "a/b": 1});
        let changes = diff(&old, &new);
        let summary: Vec<(String, ChangeKind)> = changes.iter().map(|c| (c.path.clone(), c.kind)).collect();
        assert_eq!(
            summary,
            vec![
                ("/Cidrs/1".to_string(), ChangeKind::Added),
                ("/Gone".to_string(), ChangeKind::Removed),
                ("/New".to_string(), ChangeKind::Added),
                ("/Port".to_string(), ChangeKind::Changed),
            ]
        );
        assert_eq!(changes[3].old, Some(json!(22)));
        assert_eq!(changes[3].new, Some(json!(2222)));
    }

    #[test]
    fn equal_documents_have_no_changes() {
        let v = json!({"a": [1, {"b": null}]});
        assert!(diff(&v, &v).is_empty());
    }

    #[test]
    fn type_change_is_one_change() {
        let changes = diff(&json!({"a": {"b": 1}}), &json!({"a": [1]}));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, "/a");
    }
}
