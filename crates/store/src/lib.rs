//! The inventory: every resource Meerkat has seen, kept in one SQLite file as the
//! current state plus an append-only history of versions, and the outcome of the last
//! attempt to read each scope.
//!
//! The store does not know any cloud: it takes [`Resource`]s a collector has built and
//! sealed, and never calls an API, judges a configuration or decides what a scope
//! contains. Its main design choice is that a [`Scope`] is the unit of truth: a complete
//! read of one scope is committed in one transaction, and only such a commit may mark the
//! scope's missing resources deleted; a failed read only records the failure
//! ([`Store::record_scope_failure`]), so a resource is never "deleted" because its scope
//! could not be read, and a crash mid-scan leaves the previous state whole.
//!
//! Documents are kept as JSON text (the serialised [`Resource`]); the columns beside them
//! (key, ARN, tags, times) exist for indexes and filters. Times are stored to the
//! microsecond.
//!
//! Beside the inventory the store keeps what rules said about it: the latest verdict of
//! each rule on each subject ([`Store::record_evaluations`], [`Store::evaluations`]) and
//! the [`Finding`]s that failures open. A finding is never deleted: a pass or the
//! deletion of its resource resolves it, a new failure reopens it, and every change of
//! its status is kept ([`Store::finding_history`]). A verdict that could not be reached
//! ([`CheckStatus::NotAssessed`]) leaves the finding as it was.
#![deny(missing_docs)]

mod commit;
mod detection;
mod error;
mod findings;
#[cfg(test)]
mod fixtures;
mod lifecycle;
mod query;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

pub use detection::Checkpoint;
pub use error::{Error, Result};
pub use meerkat_model::{
    CheckStatus, Evaluation, Finding, FindingKind, FindingStatus, Resource, ResourceKey, Scope, Severity, Subject,
    Version,
};

/// How long a statement waits for another connection's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Prepared statements kept per connection; the dynamic query shapes of
/// [`Store::resources`] need a few slots beyond the fixed statements.
const STATEMENT_CACHE: usize = 64;

/// The inventory database. One `Store` is one connection; several (in one process or
/// several) may open the same file: readers see the last committed state while a scope
/// commits (WAL journal), and writers take turns.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Identifies one scan in the `scans` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ScanId(i64);

impl ScanId {
    /// The numeric id, as stored.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for ScanId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What committing one scope changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ScopeCommit {
    /// Resources seen for the first time.
    pub added: usize,
    /// Resources whose configuration changed (a new version was kept).
    pub changed: usize,
    /// Resources seen again with the same configuration.
    pub unchanged: usize,
    /// Resources of the scope that were not seen and are now marked deleted.
    pub deleted: usize,
    /// Resources marked deleted earlier that were seen again.
    pub restored: usize,
}

/// The last attempt to read one scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeStatus {
    /// The scope.
    pub scope: Scope,
    /// Whether the last attempt read the whole scope. When false, its resources are those
    /// of `last_success` (if any) and checks on them must say "not assessed".
    pub assessed: bool,
    /// Error code of the last attempt when it failed (`AccessDenied`, …).
    pub error_code: Option<String>,
    /// Error message of the last attempt when it failed.
    pub error_message: Option<String>,
    /// When the scope was last attempted.
    pub last_attempt: DateTime<Utc>,
    /// When the scope was last read completely.
    pub last_success: Option<DateTime<Utc>>,
    /// How many resources the last complete read found.
    pub resource_count: i64,
}

/// One row of the `scans` table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scan {
    /// Its id.
    pub id: ScanId,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it finished; `None` while running, or if it never finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// What the scanner recorded when it finished.
    pub summary: Option<serde_json::Value>,
}

/// Which resources [`Store::resources`] returns. The default is every current resource.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceQuery {
    /// Only this type (`AWS::S3::Bucket`).
    pub resource_type: Option<String>,
    /// Only this account.
    pub account_id: Option<String>,
    /// Only this region (the resource's own region, `global` for global ones).
    pub region: Option<String>,
    /// Every pair must match: `(key, Some(value))` a tag with that value,
    /// `(key, None)` a tag with that key whatever its value.
    pub tags: Vec<(String, Option<String>)>,
    /// The inventory as it was at this time: each resource's latest version captured at
    /// or before it. Tag filters then apply to that version.
    pub as_of: Option<DateTime<Utc>>,
    /// Also return resources marked deleted (with `deleted_at` set). With `as_of`, a
    /// resource deleted by then is returned as its last version before the deletion.
    pub include_deleted: bool,
}

/// What [`Store::record_evaluations`] did with one batch. Each evaluation counts in
/// exactly one of `opened`, `reopened`, `refreshed`, `muted` (its verdict was FAIL),
/// `passed` or `not_assessed`; `resolved` counts the passes that closed a finding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EvaluationCommit {
    /// Failures that opened a new finding.
    pub opened: usize,
    /// Failures that reopened a resolved finding.
    pub reopened: usize,
    /// Failures that confirmed a finding already open (or lifted its mute).
    pub refreshed: usize,
    /// Failures whose finding is muted now, whether new, reopened or already there.
    pub muted: usize,
    /// Passes that resolved an open or muted finding (a subset of `passed`).
    pub resolved: usize,
    /// Passes.
    pub passed: usize,
    /// Verdicts that could not be reached; their findings were left as they were.
    pub not_assessed: usize,
}

/// Which findings [`Store::findings`] returns. The default is every finding, whatever
/// its status; each field narrows the selection, an empty list not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingQuery {
    /// Only these statuses.
    pub statuses: Vec<FindingStatus>,
    /// Only this severity and worse.
    pub min_severity: Option<Severity>,
    /// Only these rules.
    pub rule_ids: Vec<String>,
    /// Only these kinds.
    pub kinds: Vec<FindingKind>,
    /// Only findings on resources of this type.
    pub resource_type: Option<String>,
    /// Only findings on subjects of this account (resources and principals).
    pub account_id: Option<String>,
    /// Only findings on resources of this region.
    pub region: Option<String>,
    /// At most this many, the first in the output order.
    pub limit: Option<usize>,
}

/// Which verdicts [`Store::evaluations`] returns. The default is every latest verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvaluationQuery {
    /// Only these rules.
    pub rule_ids: Vec<String>,
    /// Only these verdicts.
    pub statuses: Vec<CheckStatus>,
}

/// The latest verdict of one rule on one subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvaluationRow {
    /// The rule.
    pub rule_id: String,
    /// What it judged.
    pub subject: Subject,
    /// The verdict.
    pub status: CheckStatus,
    /// `config_hash` of the configuration judged.
    pub config_hash: String,
    /// Why it failed or could not be assessed, when the rule said.
    pub reason: Option<String>,
    /// When the verdict was reached: the same verdict recorded again on the same inputs
    /// (same fingerprint, status and reason) keeps its time.
    pub evaluated_at: DateTime<Utc>,
}

/// A verdict a new evaluation may carry forward ([`Store::held_verdicts`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldVerdict {
    /// What it was reached on.
    pub fingerprint: String,
    /// PASS or FAIL.
    pub status: CheckStatus,
    /// The reason recorded with it.
    pub reason: Option<String>,
    /// For a FAIL, the evidence of its (open or muted) finding; null for a PASS.
    pub evidence: serde_json::Value,
}

/// One change of a finding's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingEvent {
    /// The finding.
    pub finding_id: String,
    /// When it changed.
    pub at: DateTime<Utc>,
    /// The status before; `None` when the change created the finding.
    pub from: Option<FindingStatus>,
    /// The status after.
    pub to: FindingStatus,
    /// Why: `check failed`, `check passed`, `resource deleted`, `muted: <reason>`, …
    pub reason: String,
}

impl Store {
    /// Opens the inventory at `path`, creating the file and its parent directories if
    /// needed and bringing its schema up to date.
    ///
    /// ```
    /// use chrono::Utc;
    /// use meerkat_store::{Resource, ResourceQuery, Scope, Store};
    ///
    /// # fn main() -> Result<(), meerkat_store::Error> {
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let path = dir.path().join("inventory/meerkat.db");
    /// let mut store = Store::open(&path)?;
    /// let scope = Scope {
    ///     account_id: "123456789012".into(),
    ///     region: "eu-west-1".into(),
    ///     resource_type: "AWS::EC2::SecurityGroup".into(),
    /// };
    /// let now = Utc::now();
    /// let sg = Resource::new(&scope, "sg-1", serde_json::json!({"GroupId": "sg-1"}), now).seal();
    /// let commit = store.commit_scope(&scope, &[sg], now)?;
    /// assert_eq!(commit.added, 1);
    /// assert_eq!(store.resources(&ResourceQuery::default())?.len(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::CreateDir { path: parent.to_owned(), source })?;
        }
        let open = |source| Error::Open { path: path.to_owned(), source };
        let mut conn = Connection::open(path).map_err(open)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open)?;
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)).map_err(open)?;
        if !mode.eq_ignore_ascii_case("wal") {
            // WAL is what lets a report read while a scan commits; a file system that
            // cannot do it (some network mounts) would silently serialise them.
            return Err(Error::JournalMode { path: path.to_owned(), mode });
        }
        // In WAL mode NORMAL never corrupts the file; a power cut may lose the last
        // commits, which the next scan reads again.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(open)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        schema::migrate(&mut conn, path)?;
        Ok(Store { conn, path: path.to_owned() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A time as stored: microseconds since the Unix epoch.
fn to_micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

/// `t` truncated to what the database keeps, so that a document and its row agree.
fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

/// A stored time, or [`Error::BadTime`] naming its column.
fn from_micros(column: &'static str, value: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_micros(value).ok_or(Error::BadTime { column, value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_parent_directories_and_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/meerkat.db");
        let store = Store::open(&path).unwrap();
        assert!(path.exists());
        assert_eq!(store.path(), path);
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        drop(store);
        // Reopening an up-to-date file is fine.
        Store::open(&path).unwrap();
    }

    #[test]
    fn open_refuses_a_newer_schema_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meerkat.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(&err, Error::NewerSchema { found: 99, .. }), "{err:?}");
        assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    }

    #[test]
    fn open_names_a_directory_it_cannot_create() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain-file");
        std::fs::write(&file, "x").unwrap();
        let err = Store::open(&file.join("sub/meerkat.db")).unwrap_err();
        assert!(matches!(&err, Error::CreateDir { path, .. } if path.ends_with("plain-file/sub")), "{err:?}");
    }

    #[test]
    fn stored_times_round_trip_to_the_microsecond() {
        let t = DateTime::parse_from_rfc3339("2026-03-04T05:06:07.123456789Z").unwrap().to_utc();
        let back = from_micros("t", to_micros(t)).unwrap();
        assert_eq!(back, truncate(t));
        assert_eq!(back.timestamp_subsec_nanos(), 123_456_000);
        assert!(matches!(from_micros("x.y", i64::MAX), Err(Error::BadTime { column: "x.y", .. })));
    }
}
