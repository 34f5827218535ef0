//! The store's one error type.

use std::path::PathBuf;

use meerkat_model::{ResourceKey, Scope, Subject};

use crate::ScanId;

/// Everything that can go wrong while keeping the inventory. Each variant names its
/// subject: the database file, the scope being committed, or the resource whose stored
/// document is bad. Scopes and keys are boxed to keep every `Result` of the store small.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The directory that should hold the database could not be created.
    #[error("cannot create the directory {path} for the inventory database")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The database file could not be opened or configured (journal mode, pragmas).
    #[error("cannot open the inventory database {path}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// The database could not be put in WAL journal mode (some network file systems
    /// cannot share the memory it needs).
    #[error("the inventory database {path} cannot use the WAL journal (the file system gave {mode:?})")]
    JournalMode {
        /// The database file.
        path: PathBuf,
        /// The journal mode SQLite kept.
        mode: String,
    },
    /// The file was written by a newer Meerkat whose schema this one does not know.
    #[error(
        "the inventory database {path} has schema version {found}, newer than the {known} this \
         Meerkat knows; upgrade Meerkat or use another database file"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Schema version found in the file.
        found: i64,
        /// Newest schema version this build knows.
        known: i64,
    },
    /// A schema migration failed; the file stays at the previous version.
    #[error("cannot migrate the inventory database {path} to schema version {version}")]
    Migrate {
        /// The database file.
        path: PathBuf,
        /// The version the failed migration leads to.
        version: i64,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// A resource handed to [`crate::Store::commit_scope`] is not of that scope's account
    /// or resource type. Committing it would let a later scan of its real scope miss it.
    #[error("resource {key} does not belong to scope {scope}")]
    ScopeMismatch {
        /// The scope being committed.
        scope: Box<Scope>,
        /// The resource that does not belong to it.
        key: Box<ResourceKey>,
    },
    /// The same resource appears twice in one batch, which says the collector is wrong.
    #[error("resource {key} appears twice in the batch committed for scope {scope}")]
    DuplicateResource {
        /// The scope being committed.
        scope: Box<Scope>,
        /// The repeated resource.
        key: Box<ResourceKey>,
    },
    /// The database failed while committing a scope; nothing of that commit was kept.
    #[error("cannot commit scope {scope} to the inventory")]
    Commit {
        /// The scope.
        scope: Box<Scope>,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// The database failed while recording that a scope could not be read.
    #[error("cannot record the failure of scope {scope}")]
    RecordFailure {
        /// The scope.
        scope: Box<Scope>,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// A resource could not be encoded as JSON.
    #[error("cannot encode resource {key} as JSON")]
    Encode {
        /// The resource.
        key: Box<ResourceKey>,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A document stored in the database is not a valid resource (the file was edited
    /// or damaged).
    #[error("the stored document of resource {key}{} is not a valid resource", version_suffix(*.version))]
    BadDocument {
        /// The resource the row belongs to.
        key: Box<ResourceKey>,
        /// The version, when the document came from the history rather than the current row.
        version: Option<i64>,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A scan's stored summary is not JSON.
    #[error("the stored summary of scan {scan} is not JSON")]
    BadSummary {
        /// The scan.
        scan: ScanId,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A time stored in the database is outside the range this program can represent.
    #[error("the stored time {value} (µs since 1970) in {column} is out of range")]
    BadTime {
        /// Table and column, e.g. `versions.captured_at`.
        column: &'static str,
        /// The stored value.
        value: i64,
    },
    /// An evaluation handed to [`crate::Store::record_evaluations`] contradicts itself or
    /// its batch (a failure without a finding, a finding of another subject, the same rule
    /// and subject twice); nothing of the batch was kept.
    #[error("the evaluation of rule {rule_id} on {} {problem}", .subject.key())]
    InvalidEvaluation {
        /// The rule.
        rule_id: String,
        /// The subject.
        subject: Box<Subject>,
        /// What is wrong, as the end of a sentence.
        problem: &'static str,
    },
    /// A part of an evaluation (its subject, or its finding's evidence or frameworks)
    /// could not be encoded as JSON.
    #[error("cannot encode the {part} of the evaluation of rule {rule_id} on {} as JSON", .subject.key())]
    EncodeEvaluation {
        /// The rule.
        rule_id: String,
        /// The subject.
        subject: Box<Subject>,
        /// `subject`, `evidence` or `frameworks`.
        part: &'static str,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// The database failed while recording one evaluation; nothing of its batch was kept.
    #[error("cannot record the evaluation of rule {rule_id} on {}", .subject.key())]
    RecordEvaluation {
        /// The rule.
        rule_id: String,
        /// The subject.
        subject: Box<Subject>,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// A detector's saved state does not encode or decode.
    #[error("the saved state of detector {name:?} is not valid JSON")]
    BadState {
        /// The detector.
        name: String,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A column of a stored finding does not decode (the file was edited or damaged).
    #[error("the stored {column} of finding {id} is not valid")]
    BadFinding {
        /// The finding's id.
        id: String,
        /// The column, e.g. `evidence`.
        column: &'static str,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A column of a stored verdict does not decode (the file was edited or damaged).
    #[error("the stored {column} of the evaluation of rule {rule_id} on {subject} is not valid")]
    BadEvaluation {
        /// The rule.
        rule_id: String,
        /// The subject's key (the subject itself may be what does not decode).
        subject: String,
        /// The column, e.g. `status`.
        column: &'static str,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// [`crate::Store::finish_scan`] was given an id that no scan has.
    #[error("no scan with id {0} in the inventory")]
    UnknownScan(ScanId),
    /// Any other database failure, with what the store was doing.
    #[error("inventory database error while {action}")]
    Database {
        /// What the store was doing, e.g. `listing resources`.
        action: &'static str,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
}

fn version_suffix(version: Option<i64>) -> String {
    version.map(|v| format!(" (version {v})")).unwrap_or_default()
}

/// Shorthand for the store's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_stay_small() {
        // Every `Result` of the store carries one: no variant may outgrow `Migrate`
        // (a path, a version and a rusqlite error); bigger subjects are boxed.
        assert!(std::mem::size_of::<Error>() <= 104, "{}", std::mem::size_of::<Error>());
    }

    #[test]
    fn bad_document_names_the_resource_and_version() {
        let key = ResourceKey {
            provider: "aws".into(),
            account_id: "1".into(),
            region: "eu-west-1".into(),
            resource_type: "AWS::S3::Bucket".into(),
            resource_id: "logs".into(),
        };
        let source = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        let e = Error::BadDocument { key: Box::new(key.clone()), version: Some(3), source };
        assert_eq!(
            e.to_string(),
            "the stored document of resource aws|1|eu-west-1|AWS::S3::Bucket|logs (version 3) is not a valid resource"
        );
        let source = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        let e = Error::BadDocument { key: Box::new(key), version: None, source };
        assert!(e.to_string().ends_with("|logs is not a valid resource"), "{e}");
    }
}
