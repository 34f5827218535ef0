//! The database schema as an ordered list of migrations.
//!
//! `PRAGMA user_version` holds how many of [`MIGRATIONS`] a file has had. Opening applies
//! the missing ones, each in its own transaction together with the new `user_version`, so
//! a crash leaves the file at the previous version, never between two. A migration, once
//! released, is never edited: a schema change is a new entry at the end.
//!
//! Times are INTEGER microseconds since the Unix epoch (UTC): they compare and index as
//! numbers, whatever the year. Read them in the `sqlite3` shell with
//! `datetime(captured_at / 1000000, 'unixepoch')`.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// The migrations, oldest first; the schema version of a file is how many it has had.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: resources, versions, scopes, scans.
    r#"
    -- One row per resource ever seen; never deleted, a deletion sets deleted_at.
    CREATE TABLE resources (
        id            INTEGER PRIMARY KEY,
        provider      TEXT    NOT NULL,
        account_id    TEXT    NOT NULL,
        region        TEXT    NOT NULL,  -- the resource's own region
        resource_type TEXT    NOT NULL,
        resource_id   TEXT    NOT NULL,
        -- Region of the scope that lists the resource: an S3 bucket lives in its region
        -- but is listed, and so marked deleted, by its account's "global" scope.
        scope_region  TEXT    NOT NULL,
        arn           TEXT,
        name          TEXT,
        tags          TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(tags)),
        document      TEXT    NOT NULL,  -- the whole model::Resource as JSON
        config_hash   TEXT    NOT NULL,
        first_seen    INTEGER NOT NULL,
        last_seen     INTEGER NOT NULL,
        deleted_at    INTEGER,
        UNIQUE (provider, account_id, region, resource_type, resource_id)
    );
    -- Deletion marking and scope listing.
    CREATE INDEX resources_scope ON resources (account_id, scope_region, resource_type);
    -- Queries by type, in their output order.
    CREATE INDEX resources_type ON resources (resource_type, account_id, region, resource_id);
    -- find(id or ARN).
    CREATE INDEX resources_resource_id ON resources (resource_id);
    CREATE INDEX resources_arn ON resources (arn) WHERE arn IS NOT NULL;

    -- Every configuration a resource has had; document NULL marks a deletion.
    CREATE TABLE versions (
        resource    INTEGER NOT NULL REFERENCES resources (id),
        seq         INTEGER NOT NULL CHECK (seq >= 1),
        captured_at INTEGER NOT NULL,
        config_hash TEXT    NOT NULL,
        document    TEXT,
        PRIMARY KEY (resource, seq),
        CHECK ((document IS NULL) = (config_hash = ''))
    ) WITHOUT ROWID;
    -- "As of T" reads every version up to T.
    CREATE INDEX versions_captured_at ON versions (captured_at);
    -- History is evidence: the database refuses to rewrite it.
    CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
    BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;
    CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
    BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;

    -- The outcome of the last attempt to read each scope.
    CREATE TABLE scopes (
        account_id     TEXT    NOT NULL,
        region         TEXT    NOT NULL,
        resource_type  TEXT    NOT NULL,
        status         TEXT    NOT NULL CHECK (status IN ('assessed', 'not_assessed')),
        error_code     TEXT,
        error_message  TEXT,
        last_attempt   INTEGER NOT NULL,
        last_success   INTEGER,
        resource_count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, region, resource_type)
    ) WITHOUT ROWID;

    CREATE TABLE scans (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at  INTEGER NOT NULL,
        finished_at INTEGER,
        summary     TEXT CHECK (summary IS NULL OR json_valid(summary))
    );
    "#,
    // 2: findings, their status changes, and the latest verdict per rule and subject.
    r#"
    -- One row per rule and subject that ever failed; never deleted, a fix resolves it.
    CREATE TABLE findings (
        id            TEXT    PRIMARY KEY,  -- model::finding_id(rule_id, subject)
        rule_id       TEXT    NOT NULL,
        kind          TEXT    NOT NULL
                      CHECK (kind IN ('posture', 'exposure', 'vulnerability', 'activity', 'network')),
        severity      TEXT    NOT NULL
                      CHECK (severity IN ('informational', 'low', 'medium', 'high', 'critical')),
        subject_key   TEXT    NOT NULL,  -- model::Subject::key()
        subject       TEXT    NOT NULL CHECK (json_valid(subject)),
        -- The subject's resource key, for filters and for resolving the findings of
        -- deleted resources. A principal subject fills account_id only.
        provider      TEXT,
        account_id    TEXT,
        region        TEXT,
        resource_type TEXT,
        resource_id   TEXT,
        title         TEXT    NOT NULL,
        evidence      TEXT    NOT NULL CHECK (json_valid(evidence)),
        frameworks    TEXT    NOT NULL CHECK (json_valid(frameworks)),
        first_seen    INTEGER NOT NULL,  -- first failure; a reopening keeps it
        last_seen     INTEGER NOT NULL,  -- last failure
        status        TEXT    NOT NULL CHECK (status IN ('open', 'resolved', 'muted')),
        mute_reason   TEXT    CHECK (mute_reason IS NULL OR status = 'muted'),
        resolved_at   INTEGER CHECK ((resolved_at IS NOT NULL) = (status = 'resolved')),
        UNIQUE (rule_id, subject_key)
    );
    -- Listing by status, and finding the open ones of deleted resources.
    CREATE INDEX findings_status ON findings (status, severity);
    CREATE INDEX findings_resource ON findings (resource_type, account_id, region)
        WHERE resource_type IS NOT NULL;

    -- Every status change of a finding: when it opened, resolved, reopened, was muted.
    CREATE TABLE finding_events (
        seq         INTEGER PRIMARY KEY,  -- order of the changes
        finding     TEXT    NOT NULL REFERENCES findings (id),
        at          INTEGER NOT NULL,
        from_status TEXT    CHECK (from_status IN ('open', 'resolved', 'muted')),  -- NULL: created
        to_status   TEXT    NOT NULL CHECK (to_status IN ('open', 'resolved', 'muted')),
        reason      TEXT    NOT NULL
    );
    CREATE INDEX finding_events_finding ON finding_events (finding, seq);
    CREATE TRIGGER finding_events_no_update BEFORE UPDATE ON finding_events
    BEGIN SELECT RAISE(ABORT, 'finding events are append-only'); END;
    CREATE TRIGGER finding_events_no_delete BEFORE DELETE ON finding_events
    BEGIN SELECT RAISE(ABORT, 'finding events are append-only'); END;

    -- The latest verdict of each rule on each subject, and the configuration it judged.
    CREATE TABLE evaluations (
        rule_id      TEXT    NOT NULL,
        subject_key  TEXT    NOT NULL,  -- model::Subject::key()
        -- The subject as JSON. Unchecked: the store writes it, and json_valid would parse
        -- every row of every scan again (a third of the insert's cost).
        subject      TEXT    NOT NULL,
        -- The subject's row when it is a stored resource: its deletion drops the verdict.
        resource     INTEGER REFERENCES resources (id),
        status       TEXT    NOT NULL CHECK (status IN ('PASS', 'FAIL', 'NOT_ASSESSED')),
        config_hash  TEXT    NOT NULL,
        reason       TEXT,
        evaluated_at INTEGER NOT NULL,
        PRIMARY KEY (rule_id, subject_key)
    ) WITHOUT ROWID;
    CREATE INDEX evaluations_resource ON evaluations (resource) WHERE resource IS NOT NULL;
    "#,
    // 3: what each verdict was reached on, so that a scan carries forward the verdicts
    // whose inputs did not change instead of running their checks again.
    r#"
    ALTER TABLE evaluations ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
    "#,
    // 4: where continuous detection stopped. A detector's state (correlation windows,
    // baselines) and the items of a source it has read (S3 objects) are written in the
    // transaction that records the findings they led to, so a restart resumes exactly.
    r#"
    CREATE TABLE detector_states (
        name        TEXT    PRIMARY KEY,
        state       TEXT    NOT NULL CHECK (json_valid(state)),
        updated_at  INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE source_items (
        source      TEXT    NOT NULL,
        item        TEXT    NOT NULL,
        read_at     INTEGER NOT NULL,
        PRIMARY KEY (source, item)
    ) WITHOUT ROWID;
    "#,
];

/// Newest schema version this build knows.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the file at `path` (already open as `conn`) to the latest schema.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let open = |source| Error::Open { path: path.to_owned(), source };
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(open)?;
    if found > latest() {
        return Err(Error::NewerSchema { path: path.to_owned(), found, known: latest() });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(found).unwrap_or(0)) {
        let version = index as i64 + 1;
        let failed = |source| Error::Migrate { path: path.to_owned(), version, source };
        // IMMEDIATE: two processes opening an old file at once must not both migrate it.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(failed)?;
        let current: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(failed)?;
        if current >= version {
            // Another process migrated it while we waited for the lock.
            continue;
        }
        tx.execute_batch(sql).map_err(failed)?;
        tx.pragma_update(None, "user_version", version).map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_to_an_empty_database_and_are_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, &path).unwrap();
        migrate(&mut conn, &path).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, latest());
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(tables, ["detector_states", "evaluations", "finding_events", "findings", "resources", "scans", "scopes", "source_items", "versions"]);
    }

    #[test]
    fn a_version_1_file_keeps_its_inventory_when_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO resources (provider, account_id, region, resource_type, resource_id, scope_region,
                                    document, config_hash, first_seen, last_seen)
             VALUES ('aws', '1', 'eu-west-1', 'AWS::EC2::SecurityGroup', 'sg-a', 'eu-west-1', '{}', 'h', 0, 0);",
        )
        .unwrap();
        migrate(&mut conn, &path).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, latest());
        let n: i64 = conn.query_row("SELECT count(*) FROM resources", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        let n: i64 = conn.query_row("SELECT count(*) FROM findings", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest() + 5).unwrap();
        let err = migrate(&mut conn, &path).unwrap_err();
        assert!(matches!(err, Error::NewerSchema { found, .. } if found == latest() + 5), "{err:?}");
    }
}
