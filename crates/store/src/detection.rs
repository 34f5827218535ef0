//! Where continuous detection stopped: each detector's state and the items of each
//! source it has read, committed with the findings they led to.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior};

use meerkat_model::Evaluation;

use crate::error::{Error, Result};
use crate::lifecycle::record_in;
use crate::{to_micros, truncate, EvaluationCommit, Store};

/// What a detection run has reached: saved with its findings by
/// [`Store::commit_detection`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Checkpoint<'a> {
    /// Detector states (name, JSON) after the events committed, each replacing the one
    /// saved under its name: correlation windows of a source
    /// (`cloudtrail s3://bucket/prefix`), identity baselines, ….
    pub states: &'a [(&'a str, serde_json::Value)],
    /// The source read (its name, as in [`Store::source_items`]) and the items of it now
    /// read (S3 object keys with their ETag), added to those already listed.
    pub source: Option<(&'a str, &'a [String])>,
}

impl Store {
    /// The state saved under `name`, if any.
    pub fn detector_state(&self, name: &str) -> Result<Option<serde_json::Value>> {
        let db = |source| Error::Database { action: "reading a detector's state", source };
        let text: Option<String> = self
            .conn
            .query_row("SELECT state FROM detector_states WHERE name = ?1", [name], |row| row.get(0))
            .optional()
            .map_err(db)?;
        text.map(|t| serde_json::from_str(&t))
            .transpose()
            .map_err(|source| Error::BadState { name: name.to_owned(), source })
    }

    /// The items of the source behind `name` already read.
    pub fn source_items(&self, name: &str) -> Result<HashSet<String>> {
        let db = |source| Error::Database { action: "reading the items of a source", source };
        let mut stmt = self.conn.prepare_cached("SELECT item FROM source_items WHERE source = ?1").map_err(db)?;
        let rows = stmt.query_map([name], |row| row.get(0)).map_err(db)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db)
    }

    /// Records `evaluations` as [`Store::record_evaluations`] does and, in the same
    /// transaction, the checkpoint: each state replaces the one saved under its name and
    /// the source's items are added to those read. Either all of it is kept or none.
    pub fn commit_detection(
        &mut self,
        at: DateTime<Utc>,
        evaluations: &[Evaluation],
        checkpoint: Checkpoint<'_>,
    ) -> Result<EvaluationCommit> {
        let action = "committing detections";
        let db = |source| Error::Database { action, source };
        let now = to_micros(truncate(at));
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
        let counts = record_in(&tx, now, evaluations)?;
        for (name, state) in checkpoint.states {
            let text = serde_json::to_string(state).map_err(|source| Error::BadState { name: (*name).to_owned(), source })?;
            tx.execute(
                "INSERT INTO detector_states (name, state, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                rusqlite::params![name, text, now],
            )
            .map_err(db)?;
        }
        if let Some((source, items)) = checkpoint.source {
            let mut item = tx
                .prepare_cached("INSERT OR IGNORE INTO source_items (source, item, read_at) VALUES (?1, ?2, ?3)")
                .map_err(db)?;
            for i in items {
                item.execute(rusqlite::params![source, i, now]).map_err(db)?;
            }
        }
        tx.commit().map_err(db)?;
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;
    use meerkat_model::Severity;

    #[test]
    fn a_checkpoint_is_kept_with_its_findings_or_not_at_all() {
        let (_dir, mut store) = store();
        let name = "cloudtrail s3://trail/AWSLogs";
        assert_eq!(store.detector_state(name).unwrap(), None);
        assert!(store.source_items(name).unwrap().is_empty());

        let state = serde_json::json!({"windows": [1, 2]});
        let items = ["a.json.gz etag1".to_owned(), "b.json.gz etag2".to_owned()];
        let states = [(name, state.clone()), ("baselines", serde_json::json!({"v": 1}))];
        let counts = store
            .commit_detection(t(0), &[fail("rule", "sg-a", Severity::High)], Checkpoint { states: &states, source: Some((name, &items)) })
            .unwrap();
        assert_eq!(counts.opened, 1);
        assert_eq!(store.detector_state(name).unwrap(), Some(state));
        assert_eq!(store.detector_state("baselines").unwrap(), Some(serde_json::json!({"v": 1})));
        assert_eq!(store.source_items(name).unwrap(), items.iter().cloned().collect());
        assert!(store.source_items("another").unwrap().is_empty());

        // A batch the store refuses keeps neither the findings nor the checkpoint.
        let later = serde_json::json!({"windows": [3]});
        let twice = [pass("rule", "sg-b"), pass("rule", "sg-b")];
        let more = ["c.json.gz etag3".to_owned()];
        let states = [(name, later.clone())];
        assert!(store.commit_detection(t(1), &twice, Checkpoint { states: &states, source: Some((name, &more)) }).is_err());
        assert_eq!(store.detector_state(name).unwrap(), Some(serde_json::json!({"windows": [1, 2]})));
        assert_eq!(store.source_items(name).unwrap().len(), 2);

        // The next one replaces the state and adds its items.
        store.commit_detection(t(2), &[], Checkpoint { states: &states, source: Some((name, &more)) }).unwrap();
        assert_eq!(store.detector_state(name).unwrap(), Some(later));
        assert_eq!(store.source_items(name).unwrap().len(), 3);
    }
}
