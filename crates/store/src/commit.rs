//! Writing: scans, scope commits and scope failures.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};

use meerkat_model::{Resource, ResourceKey, Scope};

use crate::error::{Error, Result};
use crate::{from_micros, to_micros, truncate, ScanId, ScopeCommit, Store};

impl Store {
    /// Records that a scan started and returns its id.
    pub fn begin_scan(&mut self, started_at: DateTime<Utc>) -> Result<ScanId> {
        let db = |source| Error::Database { action: "recording the start of a scan", source };
        let id = self
            .conn
            .prepare_cached("INSERT INTO scans (started_at) VALUES (?1) RETURNING id")
            .map_err(db)?
            .query_row([to_micros(started_at)], |row| row.get(0))
            .map_err(db)?;
        Ok(ScanId(id))
    }

    /// Records that `scan` finished, with the scanner's summary (counts, failed scopes, …).
    pub fn finish_scan(&mut self, scan: ScanId, finished_at: DateTime<Utc>, summary: &serde_json::Value) -> Result<()> {
        let db = |source| Error::Database { action: "recording the end of a scan", source };
        let updated = self
            .conn
            .prepare_cached("UPDATE scans SET finished_at = ?2, summary = ?3 WHERE id = ?1")
            .map_err(db)?
            .execute(rusqlite::params![scan.0, to_micros(finished_at), summary.to_string()])
            .map_err(db)?;
        if updated == 0 {
            return Err(Error::UnknownScan(scan));
        }
        Ok(())
    }

    /// Commits a complete read of `scope`, seen at `seen_at`, in one transaction.
    ///
    /// Each resource is added, or updated in place keeping its `first_seen`; a version is
    /// appended when its `config_hash` differs from the last one, or when it had been
    /// marked deleted and is back. Every resource of the scope that is not in `resources`
    /// is marked deleted at `seen_at`, with a deletion version. The scope is recorded as
    /// assessed. A resource whose `config_hash` is empty is sealed here.
    ///
    /// All resources are stored under `scope.region` as their scope region, whatever
    /// their own region: an S3 bucket of `eu-west-1` listed by the account's `global`
    /// scope is marked deleted only by a later commit of that `global` scope.
    ///
    /// If anything fails (a resource of another account or type, the same resource twice,
    /// a database error) nothing of the commit is kept.
    pub fn commit_scope(
        &mut self,
        scope: &Scope,
        resources: &[Resource],
        seen_at: DateTime<Utc>,
    ) -> Result<ScopeCommit> {
        let db = |source| Error::Commit { scope: Box::new(scope.clone()), source };
        // IMMEDIATE takes the write lock now, so a concurrent writer waits on the busy
        // timeout instead of failing when this transaction would upgrade its lock.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
        let counts = commit_in(&tx, scope, resources, truncate(seen_at))?;
        tx.commit().map_err(db)?;
        Ok(counts)
    }

    /// Records that `scope` could not be read at `at` (`code` such as `AccessDenied`).
    ///
    /// The scope's resources are left exactly as the last complete read left them:
    /// nothing is deleted on the strength of a failed read. `last_success` and the
    /// resource count keep their values.
    pub fn record_scope_failure(&mut self, scope: &Scope, code: &str, message: &str, at: DateTime<Utc>) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO scopes (account_id, region, resource_type, status, error_code, error_message,
                                     last_attempt, last_success, resource_count)
                 VALUES (?1, ?2, ?3, 'not_assessed', ?4, ?5, ?6, NULL, 0)
                 ON CONFLICT (account_id, region, resource_type) DO UPDATE SET
                     status = 'not_assessed', error_code = excluded.error_code,
                     error_message = excluded.error_message, last_attempt = excluded.last_attempt",
            )
            .and_then(|mut stmt| {
                stmt.execute(rusqlite::params![
                    scope.account_id,
                    scope.region,
                    scope.resource_type,
                    code,
                    message,
                    to_micros(at)
                ])
            })
            .map_err(|source| Error::RecordFailure { scope: Box::new(scope.clone()), source })?;
        Ok(())
    }
}

/// The body of [`Store::commit_scope`], inside its transaction.
fn commit_in(
    tx: &Transaction<'_>,
    scope: &Scope,
    resources: &[Resource],
    seen_at: DateTime<Utc>,
) -> Result<ScopeCommit> {
    let db = |source| Error::Commit { scope: Box::new(scope.clone()), source };
    let now = to_micros(seen_at);
    let mut counts = ScopeCommit::default();

    // The scope's live resources; whatever the batch does not mention is deleted below.
    let mut missing: HashSet<i64> = tx
        .prepare_cached(
            "SELECT id FROM resources
             WHERE account_id = ?1 AND scope_region = ?2 AND resource_type = ?3 AND deleted_at IS NULL",
        )
        .map_err(db)?
        .query_map([&scope.account_id, &scope.region, &scope.resource_type], |row| row.get(0))
        .map_err(db)?
        .collect::<rusqlite::Result<_>>()
        .map_err(db)?;

    let mut find = tx
        .prepare_cached(
            "SELECT id, first_seen, deleted_at, config_hash FROM resources
             WHERE provider = ?1 AND account_id = ?2 AND region = ?3 AND resource_type = ?4 AND resource_id = ?5",
        )
        .map_err(db)?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO resources (provider, account_id, region, resource_type, resource_id, scope_region,
                                    arn, name, tags, document, config_hash, first_seen, last_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)
             RETURNING id",
        )
        .map_err(db)?;
    let mut update = tx
        .prepare_cached(
            "UPDATE resources SET scope_region = ?2, arn = ?3, name = ?4, tags = ?5, document = ?6,
                                  config_hash = ?7, last_seen = ?8, deleted_at = NULL
             WHERE id = ?1",
        )
        .map_err(db)?;
    let mut append = tx
        .prepare_cached(
            "INSERT INTO versions (resource, seq, captured_at, config_hash, document)
             SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4 FROM versions WHERE resource = ?1",
        )
        .map_err(db)?;

    let mut in_batch: HashSet<i64> = HashSet::with_capacity(resources.len());
    for incoming in resources {
        if incoming.account_id != scope.account_id || incoming.resource_type != scope.resource_type {
            return Err(Error::ScopeMismatch { scope: Box::new(scope.clone()), key: Box::new(incoming.key()) });
        }
        let mut doc = if incoming.config_hash.is_empty() { incoming.clone().seal() } else { incoming.clone() };
        doc.last_seen = seen_at;
        doc.deleted_at = None;
        let existing: Option<(i64, i64, Option<i64>, String)> = find
            .query_row([&doc.provider, &doc.account_id, &doc.region, &doc.resource_type, &doc.resource_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()
            .map_err(db)?;
        let tags =
            serde_json::to_string(&doc.tags).map_err(|source| Error::Encode { key: Box::new(doc.key()), source })?;
        match existing {
            None => {
                doc.first_seen = seen_at;
                let text = encode(&doc)?;
                let id: i64 = insert
                    .query_row(
                        rusqlite::params![
                            doc.provider,
                            doc.account_id,
                            doc.region,
                            doc.resource_type,
                            doc.resource_id,
                            scope.region,
                            doc.arn,
                            doc.name,
                            tags,
                            text,
                            doc.config_hash,
                            now
                        ],
                        |row| row.get(0),
                    )
                    .map_err(db)?;
                in_batch.insert(id);
                append.execute(rusqlite::params![id, now, doc.config_hash, text]).map_err(db)?;
                counts.added += 1;
            }
            Some((id, first_seen, deleted_at, stored_hash)) => {
                if !in_batch.insert(id) {
                    return Err(Error::DuplicateResource { scope: Box::new(scope.clone()), key: Box::new(doc.key()) });
                }
                missing.remove(&id);
                doc.first_seen = from_micros("resources.first_seen", first_seen)?;
                let text = encode(&doc)?;
                update
                    .execute(rusqlite::params![id, scope.region, doc.arn, doc.name, tags, text, doc.config_hash, now])
                    .map_err(db)?;
                if deleted_at.is_some() {
                    append.execute(rusqlite::params![id, now, doc.config_hash, text]).map_err(db)?;
                    counts.restored += 1;
                } else if stored_hash != doc.config_hash {
                    append.execute(rusqlite::params![id, now, doc.config_hash, text]).map_err(db)?;
                    counts.changed += 1;
                } else {
                    counts.unchanged += 1;
                }
            }
        }
    }

    // Mark the rest deleted, in id order so that a failure is reproducible.
    let mut missing: Vec<i64> = missing.into_iter().collect();
    missing.sort_unstable();
    let mut load = tx
        .prepare_cached(
            "SELECT provider, account_id, region, resource_type, resource_id, document FROM resources WHERE id = ?1",
        )
        .map_err(db)?;
    let mut mark =
        tx.prepare_cached("UPDATE resources SET deleted_at = ?2, document = ?3 WHERE id = ?1").map_err(db)?;
    for id in missing {
        let (key, text): (ResourceKey, String) = load
            .query_row([id], |row| {
                Ok((
                    ResourceKey {
                        provider: row.get(0)?,
                        account_id: row.get(1)?,
                        region: row.get(2)?,
                        resource_type: row.get(3)?,
                        resource_id: row.get(4)?,
                    },
                    row.get(5)?,
                ))
            })
            .map_err(db)?;
        let mut doc: Resource = serde_json::from_str(&text).map_err(|source| Error::BadDocument {
            key: Box::new(key.clone()),
            version: None,
            source,
        })?;
        doc.deleted_at = Some(seen_at);
        let text = encode(&doc)?;
        mark.execute(rusqlite::params![id, now, text]).map_err(db)?;
        append.execute(rusqlite::params![id, now, "", None::<String>]).map_err(db)?;
        counts.deleted += 1;
    }

    tx.prepare_cached(
        "INSERT INTO scopes (account_id, region, resource_type, status, error_code, error_message,
                             last_attempt, last_success, resource_count)
         VALUES (?1, ?2, ?3, 'assessed', NULL, NULL, ?4, ?4, ?5)
         ON CONFLICT (account_id, region, resource_type) DO UPDATE SET
             status = 'assessed', error_code = NULL, error_message = NULL,
             last_attempt = excluded.last_attempt, last_success = excluded.last_success,
             resource_count = excluded.resource_count",
    )
    .map_err(db)?
    .execute(rusqlite::params![scope.account_id, scope.region, scope.resource_type, now, resources.len() as i64])
    .map_err(db)?;
    Ok(counts)
}

fn encode(doc: &Resource) -> Result<String> {
    serde_json::to_string(doc).map_err(|source| Error::Encode { key: Box::new(doc.key()), source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;
    use crate::ResourceQuery;
    use rusqlite::Connection;

    /// The row's columns and its document agree on times and hash.
    fn assert_row_matches_document(store: &Store, id: &str) {
        let (first, last, deleted, hash, text): (i64, i64, Option<i64>, String, String) = store
            .conn
            .query_row(
                "SELECT first_seen, last_seen, deleted_at, config_hash, document FROM resources WHERE resource_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        let doc: Resource = serde_json::from_str(&text).unwrap();
        assert_eq!(to_micros(doc.first_seen), first, "{id}: first_seen");
        assert_eq!(to_micros(doc.last_seen), last, "{id}: last_seen");
        assert_eq!(doc.deleted_at.map(to_micros), deleted, "{id}: deleted_at");
        assert_eq!(doc.config_hash, hash, "{id}: config_hash");
    }

    fn version_count(store: &Store) -> i64 {
        store.conn.query_row("SELECT count(*) FROM versions", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_new_resource_gets_version_1() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        let a = sg("sg-a", 22);
        let counts = store.commit_scope(&scope, std::slice::from_ref(&a), t(0)).unwrap();
        assert_eq!(counts, ScopeCommit { added: 1, ..Default::default() });

        let history = store.history(&key("sg-a")).unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].seq, 1);
        assert_eq!(history[0].captured_at, t(0));
        assert_eq!(history[0].config_hash, a.config_hash);
        let stored = get(&store, "sg-a").unwrap();
        assert_eq!(history[0].resource.as_ref(), Some(&stored));
        assert_eq!((stored.first_seen, stored.last_seen, stored.deleted_at), (t(0), t(0), None));
        assert_eq!(stored.configuration, a.configuration);
        assert_row_matches_document(&store, "sg-a");
    }

    #[test]
    fn an_unchanged_rescan_keeps_one_version_and_moves_last_seen() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22)], t(0)).unwrap();
        let counts = store.commit_scope(&scope, &[sg("sg-a", 22)], t(10)).unwrap();
        assert_eq!(counts, ScopeCommit { unchanged: 1, ..Default::default() });
        assert_eq!(store.history(&key("sg-a")).unwrap().len(), 1);
        let stored = get(&store, "sg-a").unwrap();
        assert_eq!((stored.first_seen, stored.last_seen), (t(0), t(10)));
        assert_row_matches_document(&store, "sg-a");
    }

    #[test]
    fn a_changed_hash_appends_version_2() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22)], t(0)).unwrap();
        let counts = store.commit_scope(&scope, &[sg("sg-a", 3389)], t(10)).unwrap();
        assert_eq!(counts, ScopeCommit { changed: 1, ..Default::default() });
        let history = store.history(&key("sg-a")).unwrap();
        assert_eq!(history.iter().map(|v| v.seq).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(history[1].config_hash, sg("sg-a", 3389).config_hash);
        assert_ne!(history[0].config_hash, history[1].config_hash);
        let v2 = history[1].resource.as_ref().unwrap();
        assert_eq!(v2.configuration["Port"], 3389);
        assert_eq!((v2.first_seen, v2.last_seen), (t(0), t(10)));
        assert_eq!(get(&store, "sg-a").unwrap().configuration["Port"], 3389);
        assert_row_matches_document(&store, "sg-a");
    }

    #[test]
    fn a_resource_missing_from_a_complete_scope_is_marked_deleted() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22), sg("sg-b", 22)], t(0)).unwrap();
        let counts = store.commit_scope(&scope, &[sg("sg-a", 22)], t(10)).unwrap();
        assert_eq!(counts, ScopeCommit { unchanged: 1, deleted: 1, ..Default::default() });

        assert_eq!(ids(&store, &ResourceQuery::default()), ["sg-a"]);
        let b = get(&store, "sg-b").unwrap();
        assert_eq!(b.deleted_at, Some(t(10)));
        assert_eq!(b.last_seen, t(0), "last seen before the scan that missed it");
        assert_row_matches_document(&store, "sg-b");
        let history = store.history(&key("sg-b")).unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!((history[1].seq, history[1].captured_at), (2, t(10)));
        assert_eq!(history[1].config_hash, "");
        assert!(history[1].resource.is_none());

        // A third scan still without it adds no second deletion marker.
        let counts = store.commit_scope(&scope, &[sg("sg-a", 22)], t(20)).unwrap();
        assert_eq!(counts, ScopeCommit { unchanged: 1, ..Default::default() });
        assert_eq!(store.history(&key("sg-b")).unwrap().len(), 2);
        assert_eq!(get(&store, "sg-b").unwrap().deleted_at, Some(t(10)));
    }

    #[test]
    fn an_empty_complete_scope_deletes_everything_in_it_and_nothing_else() {
        let (_dir, mut store) = store();
        store.commit_scope(&scope("eu-west-1", SG), &[sg("sg-a", 22)], t(0)).unwrap();
        let mut other = sg("sg-other-account", 22);
        other.account_id = "222222222222".into();
        let other_scope = Scope { account_id: "222222222222".into(), ..scope("eu-west-1", SG) };
        store.commit_scope(&other_scope, &[other], t(0)).unwrap();

        let counts = store.commit_scope(&scope("eu-west-1", SG), &[], t(10)).unwrap();
        assert_eq!(counts, ScopeCommit { deleted: 1, ..Default::default() });
        assert_eq!(ids(&store, &ResourceQuery::default()), ["sg-other-account"]);
    }

    #[test]
    fn a_failed_scope_never_deletes() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22), sg("sg-b", 22)], t(0)).unwrap();
        let versions = version_count(&store);

        store.record_scope_failure(&scope, "AccessDenied", "not authorized to DescribeSecurityGroups", t(10)).unwrap();

        assert_eq!(ids(&store, &ResourceQuery::default()), ["sg-a", "sg-b"]);
        assert_eq!(version_count(&store), versions);
        assert_eq!(get(&store, "sg-b").unwrap().last_seen, t(0));
        let status = store.scope_statuses().unwrap();
        assert_eq!(
            status,
            [crate::ScopeStatus {
                scope: scope.clone(),
                assessed: false,
                error_code: Some("AccessDenied".into()),
                error_message: Some("not authorized to DescribeSecurityGroups".into()),
                last_attempt: t(10),
                last_success: Some(t(0)),
                resource_count: 2,
            }]
        );

        // The next complete read clears the error.
        store.commit_scope(&scope, &[sg("sg-a", 22)], t(20)).unwrap();
        let status = &store.scope_statuses().unwrap()[0];
        assert!(status.assessed);
        assert_eq!((status.error_code.as_deref(), status.error_message.as_deref()), (None, None));
        assert_eq!((status.last_attempt, status.last_success, status.resource_count), (t(20), Some(t(20)), 1));
    }

    #[test]
    fn a_scope_that_never_succeeded_has_no_last_success() {
        let (_dir, mut store) = store();
        let scope = scope("ap-south-2", SG);
        store.record_scope_failure(&scope, "OptInRequired", "region not enabled", t(0)).unwrap();
        let status = &store.scope_statuses().unwrap()[0];
        assert!(!status.assessed);
        assert_eq!((status.last_success, status.resource_count), (None, 0));
        assert_eq!(status.error_code.as_deref(), Some("OptInRequired"));
    }

    #[test]
    fn a_deleted_resource_that_reappears_is_restored_with_a_new_version() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22)], t(0)).unwrap();
        store.commit_scope(&scope, &[], t(10)).unwrap();
        let counts = store.commit_scope(&scope, &[sg("sg-a", 22)], t(20)).unwrap();
        assert_eq!(counts, ScopeCommit { restored: 1, ..Default::default() });

        let a = get(&store, "sg-a").unwrap();
        assert_eq!((a.first_seen, a.last_seen, a.deleted_at), (t(0), t(20), None));
        assert_row_matches_document(&store, "sg-a");
        let history = store.history(&key("sg-a")).unwrap();
        let shape: Vec<(i64, bool)> = history.iter().map(|v| (v.seq, v.resource.is_some())).collect();
        assert_eq!(shape, [(1, true), (2, false), (3, true)]);
        assert_eq!(history[2].config_hash, history[0].config_hash, "same configuration, new version");
        assert_eq!(history[2].captured_at, t(20));
    }

    #[test]
    fn s3_buckets_are_deleted_by_the_global_scope_that_lists_them() {
        let (_dir, mut store) = store();
        let global = scope(meerkat_model::GLOBAL_REGION, BUCKET);
        let counts =
            store.commit_scope(&global, &[bucket("logs", "eu-west-1"), bucket("web", "us-east-1")], t(0)).unwrap();
        assert_eq!(counts.added, 2);
        // Each bucket keeps its own region for queries.
        let in_ireland = ResourceQuery { region: Some("eu-west-1".into()), ..Default::default() };
        assert_eq!(ids(&store, &in_ireland), ["logs"]);
        assert_eq!(get(&store, "logs").unwrap().region, "eu-west-1");

        // A complete (empty) read of a regional S3 scope does not own the buckets.
        let regional = scope("eu-west-1", BUCKET);
        let counts = store.commit_scope(&regional, &[], t(5)).unwrap();
        assert_eq!(counts, ScopeCommit::default());
        assert_eq!(ids(&store, &ResourceQuery::default()), ["logs", "web"]);

        // The global scope does.
        let counts = store.commit_scope(&global, &[bucket("web", "us-east-1")], t(10)).unwrap();
        assert_eq!(counts, ScopeCommit { unchanged: 1, deleted: 1, ..Default::default() });
        assert_eq!(ids(&store, &ResourceQuery::default()), ["web"]);
        assert_eq!(get(&store, "logs").unwrap().deleted_at, Some(t(10)));
        let logs = ResourceKey { region: "eu-west-1".into(), ..bucket("logs", "eu-west-1").key() };
        assert_eq!(store.history(&logs).unwrap().len(), 2);
    }

    #[test]
    fn a_resource_of_another_account_midway_leaves_nothing_half_written() {
        let (dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22), sg("sg-old", 22)], t(0)).unwrap();
        let before = store.resources(&ResourceQuery { include_deleted: true, ..Default::default() }).unwrap();
        let versions = version_count(&store);

        let mut stranger = sg("sg-stranger", 22);
        stranger.account_id = "999999999999".into();
        let err = store.commit_scope(&scope, &[sg("sg-new", 22), sg("sg-a", 80), stranger], t(10)).unwrap_err();
        assert!(matches!(&err, Error::ScopeMismatch { key, .. } if key.resource_id == "sg-stranger"), "{err:?}");

        // Neither this connection nor a fresh one sees any part of the failed commit.
        let fresh = Store::open(&dir.path().join("meerkat.db")).unwrap();
        for s in [&store, &fresh] {
            assert_eq!(s.resources(&ResourceQuery { include_deleted: true, ..Default::default() }).unwrap(), before);
            assert_eq!(version_count(s), versions);
            assert_eq!(s.scope_statuses().unwrap()[0].last_success, Some(t(0)));
        }
    }

    #[test]
    fn a_database_failure_midway_leaves_the_previous_state() {
        let (dir, mut store) = store();
        let path = dir.path().join("meerkat.db");
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22), sg("sg-old", 22)], t(0)).unwrap();
        let before = store.resources(&ResourceQuery { include_deleted: true, ..Default::default() }).unwrap();
        let versions = version_count(&store);

        // Another connection makes SQLite itself refuse the third resource's version,
        // after the first two have been written inside the transaction.
        let saboteur = Connection::open(&path).unwrap();
        saboteur
            .execute_batch(
                "CREATE TRIGGER boom BEFORE INSERT ON versions
                 WHEN (SELECT resource_id FROM resources WHERE id = NEW.resource) = 'sg-boom'
                 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
            )
            .unwrap();
        let batch = [sg("sg-new", 22), sg("sg-a", 80), sg("sg-boom", 22)];
        let err = store.commit_scope(&scope, &batch, t(10)).unwrap_err();
        assert!(matches!(&err, Error::Commit { scope: s, .. } if **s == scope), "{err:?}");

        let fresh = Store::open(&path).unwrap();
        for s in [&store, &fresh] {
            assert_eq!(s.resources(&ResourceQuery { include_deleted: true, ..Default::default() }).unwrap(), before);
            assert_eq!(version_count(s), versions);
            assert!(s.find("sg-new").unwrap().is_empty());
        }

        // Once the cause is gone the same commit goes through whole.
        saboteur.execute_batch("DROP TRIGGER boom").unwrap();
        let counts = store.commit_scope(&scope, &batch, t(10)).unwrap();
        assert_eq!(counts, ScopeCommit { added: 2, changed: 1, deleted: 1, ..Default::default() });
        assert_eq!(ids(&fresh, &ResourceQuery::default()), ["sg-a", "sg-boom", "sg-new"]);
    }

    #[test]
    fn a_second_store_on_the_same_file_sees_each_commit() {
        let (dir, mut writer) = store();
        let path = dir.path().join("meerkat.db");
        let scope = scope("eu-west-1", SG);
        writer.commit_scope(&scope, &[sg("sg-a", 22)], t(0)).unwrap();
        let reader = Store::open(&path).unwrap();
        assert_eq!(ids(&reader, &ResourceQuery::default()), ["sg-a"]);
        writer.commit_scope(&scope, &[sg("sg-b", 22)], t(10)).unwrap();
        assert_eq!(ids(&reader, &ResourceQuery::default()), ["sg-b"]);
        drop(writer);
        drop(reader);
        let reopened = Store::open(&path).unwrap();
        assert_eq!(reopened.history(&key("sg-a")).unwrap().len(), 2);
    }

    #[test]
    fn the_same_resource_twice_in_a_batch_is_refused() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        let err = store.commit_scope(&scope, &[sg("sg-a", 22), sg("sg-b", 22), sg("sg-a", 80)], t(0)).unwrap_err();
        assert!(matches!(&err, Error::DuplicateResource { key, .. } if key.resource_id == "sg-a"), "{err:?}");
        assert!(ids(&store, &ResourceQuery { include_deleted: true, ..Default::default() }).is_empty());
        assert!(store.scope_statuses().unwrap().is_empty());
    }

    #[test]
    fn a_resource_of_another_type_is_refused() {
        let (_dir, mut store) = store();
        let err = store.commit_scope(&scope("eu-west-1", SG), &[bucket("logs", "eu-west-1")], t(0)).unwrap_err();
        assert!(matches!(err, Error::ScopeMismatch { .. }), "{err:?}");
    }

    #[test]
    fn an_unsealed_resource_is_sealed_on_commit() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        let mut raw = sg("sg-a", 22);
        raw.config_hash.clear();
        store.commit_scope(&scope, &[raw], t(0)).unwrap();
        assert_eq!(get(&store, "sg-a").unwrap().config_hash, sg("sg-a", 22).config_hash);
        // A rescan with the sealed form is not a change.
        let counts = store.commit_scope(&scope, &[sg("sg-a", 22)], t(1)).unwrap();
        assert_eq!(counts.unchanged, 1);
    }

    #[test]
    fn seen_at_is_kept_to_the_microsecond_in_row_and_document() {
        let (_dir, mut store) = store();
        let at = t(0) + chrono::Duration::nanoseconds(123_456_789);
        store.commit_scope(&scope("eu-west-1", SG), &[sg("sg-a", 22)], at).unwrap();
        let a = get(&store, "sg-a").unwrap();
        assert_eq!(a.first_seen, t(0) + chrono::Duration::microseconds(123_456));
        assert_row_matches_document(&store, "sg-a");
    }

    #[test]
    fn a_corrupt_stored_document_is_reported_with_its_resource() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22), sg("sg-b", 22)], t(0)).unwrap();
        store.conn.execute("UPDATE resources SET document = '{\"half\":' WHERE resource_id = 'sg-b'", []).unwrap();
        let err = store.commit_scope(&scope, &[sg("sg-a", 22)], t(10)).unwrap_err();
        assert!(matches!(&err, Error::BadDocument { key, version: None, .. } if key.resource_id == "sg-b"), "{err:?}");
        let last_seen: i64 = store
            .conn
            .query_row("SELECT last_seen FROM resources WHERE resource_id = 'sg-a'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(last_seen, to_micros(t(0)), "the failed commit was rolled back");
        let err = store.resources(&ResourceQuery::default()).unwrap_err();
        assert!(err.to_string().contains("sg-b"), "{err}");
    }

    #[test]
    fn history_cannot_be_rewritten() {
        let (_dir, mut store) = store();
        store.commit_scope(&scope("eu-west-1", SG), &[sg("sg-a", 22)], t(0)).unwrap();
        assert!(store.conn.execute("UPDATE versions SET config_hash = 'x'", []).is_err());
        assert!(store.conn.execute("DELETE FROM versions", []).is_err());
        assert_eq!(version_count(&store), 1);
    }

    #[test]
    fn scans_are_recorded() {
        let (_dir, mut store) = store();
        let first = store.begin_scan(t(0)).unwrap();
        let second = store.begin_scan(t(5)).unwrap();
        assert_ne!(first, second);
        let summary =
            serde_json::json!({"resources": 3, "not_assessed": ["111111111111/eu-west-1/AWS::EC2::SecurityGroup"]});
        store.finish_scan(first, t(2), &summary).unwrap();
        let scans = store.scans().unwrap();
        assert_eq!(scans.len(), 2);
        assert_eq!((scans[0].id, scans[0].started_at, scans[0].finished_at), (first, t(0), Some(t(2))));
        assert_eq!(scans[0].summary.as_ref(), Some(&summary));
        assert_eq!((scans[1].finished_at, scans[1].summary.as_ref()), (None, None));
        let err = store.finish_scan(ScanId(9999), t(3), &summary).unwrap_err();
        assert!(matches!(err, Error::UnknownScan(ScanId(9999))), "{err:?}");
    }
}
