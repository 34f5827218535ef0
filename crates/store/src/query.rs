//! Reading: resources (now or as of a time), history, scope statuses, scans.

use rusqlite::types::Value as SqlValue;
use rusqlite::Row;

use meerkat_model::{Resource, ResourceKey, Scope, Version};

use crate::error::{Error, Result};
use crate::{from_micros, to_micros, ResourceQuery, Scan, ScanId, ScopeStatus, Store};

/// Output order of [`Store::resources`] and [`Store::find`].
const ORDER: &str = "ORDER BY r.resource_type, r.account_id, r.region, r.resource_id, r.provider";

impl Store {
    /// The resources `query` selects, sorted by type, account, region and id.
    ///
    /// Without `as_of`, the current state: each resource as last seen (deleted ones only
    /// with `include_deleted`). With `as_of`, each resource's latest version captured at
    /// or before that time; a resource whose latest such version is a deletion is left
    /// out (or, with `include_deleted`, returned as it last was, with `deleted_at` set to
    /// the deletion), and one not yet seen then does not exist. Filters apply to the
    /// version returned.
    pub fn resources(&self, query: &ResourceQuery) -> Result<Vec<Resource>> {
        let db = |source| Error::Database { action: "listing resources", source };
        let mut sql = String::with_capacity(1024);
        let mut params: Vec<SqlValue> = Vec::new();
        // Where the tags of the returned document live, as json_each arguments.
        let tags_source = match query.as_of {
            None => {
                sql.push_str(
                    "SELECT r.provider, r.account_id, r.region, r.resource_type, r.resource_id,
                            r.document, NULL, NULL
                     FROM resources r WHERE 1 = 1",
                );
                if !query.include_deleted {
                    sql.push_str(" AND r.deleted_at IS NULL");
                }
                "r.tags"
            }
            Some(as_of) => {
                // `latest`: each resource's last version up to T (maybe a deletion);
                // `live`: its last version with a document up to T. When both are the
                // same version the resource existed at T.
                sql.push_str(
                    "WITH latest AS (SELECT resource, max(seq) AS seq FROM versions
                                     WHERE captured_at <= ? GROUP BY resource),
                          live AS (SELECT resource, max(seq) AS seq FROM versions
                                   WHERE captured_at <= ? AND document IS NOT NULL GROUP BY resource)
                     SELECT r.provider, r.account_id, r.region, r.resource_type, r.resource_id,
                            v.document, v.seq, CASE WHEN m.document IS NULL THEN m.captured_at END
                     FROM latest l
                     JOIN versions m ON m.resource = l.resource AND m.seq = l.seq
                     JOIN live d ON d.resource = l.resource
                     JOIN versions v ON v.resource = d.resource AND v.seq = d.seq
                     JOIN resources r ON r.id = l.resource
                     WHERE 1 = 1",
                );
                params.push(SqlValue::Integer(to_micros(as_of)));
                params.push(SqlValue::Integer(to_micros(as_of)));
                if !query.include_deleted {
                    sql.push_str(" AND m.document IS NOT NULL");
                }
                "v.document, '$.tags'"
            }
        };
        for (column, value) in [
            ("r.resource_type", &query.resource_type),
            ("r.account_id", &query.account_id),
            ("r.region", &query.region),
        ] {
            if let Some(value) = value {
                sql.push_str(&format!(" AND {column} = ?"));
                params.push(SqlValue::Text(value.clone()));
            }
        }
        for (key, value) in &query.tags {
            sql.push_str(&format!(" AND EXISTS (SELECT 1 FROM json_each({tags_source}) AS t WHERE t.key = ?"));
            params.push(SqlValue::Text(key.clone()));
            if let Some(value) = value {
                sql.push_str(" AND t.value = ?");
                params.push(SqlValue::Text(value.clone()));
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(ORDER);

        let mut stmt = self.conn.prepare_cached(&sql).map_err(db)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |row| {
                Ok((
                    key_at(row, 0)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, Option<i64>>(6)?,
                    row.get::<_, Option<i64>>(7)?,
                ))
            })
            .map_err(db)?;
        let mut out = Vec::new();
        for row in rows {
            let (key, text, version, deleted_at) = row.map_err(db)?;
            let mut resource = decode(&key, version, &text)?;
            if let Some(at) = deleted_at {
                resource.deleted_at = Some(from_micros("versions.captured_at", at)?);
            }
            out.push(resource);
        }
        Ok(out)
    }

    /// Up to `limit` current (not deleted) resources whose row id is above `after`, in
    /// row id order, each with its row id: pass the last one back as `after` for the next
    /// page. Lets a caller walk a large inventory without holding it whole.
    pub fn resource_page(&self, after: i64, limit: usize) -> Result<Vec<(i64, Resource)>> {
        let db = |source| Error::Database { action: "reading a page of resources", source };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.provider, r.account_id, r.region, r.resource_type, r.resource_id, r.document, r.id
                 FROM resources r WHERE r.deleted_at IS NULL AND r.id > ?1 ORDER BY r.id LIMIT ?2",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map(rusqlite::params![after, i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
                Ok((key_at(row, 0)?, row.get::<_, String>(5)?, row.get::<_, i64>(6)?))
            })
            .map_err(db)?;
        let mut out = Vec::new();
        for row in rows {
            let (key, text, id) = row.map_err(db)?;
            out.push((id, decode(&key, None, &text)?));
        }
        Ok(out)
    }

    /// Keys of the resources whose id or ARN is `id_or_arn`, deleted ones included, in the
    /// order of [`Store::resources`]. Several accounts or types may share an id.
    pub fn find(&self, id_or_arn: &str) -> Result<Vec<ResourceKey>> {
        let db = |source| Error::Database { action: "finding a resource", source };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT r.provider, r.account_id, r.region, r.resource_type, r.resource_id
                 FROM resources r WHERE r.resource_id = ?1 OR r.arn = ?1 {ORDER}"
            ))
            .map_err(db)?;
        let keys = stmt.query_map([id_or_arn], |row| key_at(row, 0)).map_err(db)?;
        keys.collect::<rusqlite::Result<_>>().map_err(db)
    }

    /// Every version of the resource `key`, oldest first; empty for an unknown key.
    pub fn history(&self, key: &ResourceKey) -> Result<Vec<Version>> {
        let db = |source| Error::Database { action: "reading a resource's history", source };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT v.seq, v.captured_at, v.config_hash, v.document
                 FROM resources r JOIN versions v ON v.resource = r.id
                 WHERE r.provider = ?1 AND r.account_id = ?2 AND r.region = ?3
                   AND r.resource_type = ?4 AND r.resource_id = ?5
                 ORDER BY v.seq",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([&key.provider, &key.account_id, &key.region, &key.resource_type, &key.resource_id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(db)?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, captured_at, config_hash, document) = row.map_err(db)?;
            let resource = document.map(|text| decode(key, Some(seq), &text)).transpose()?;
            out.push(Version {
                seq,
                captured_at: from_micros("versions.captured_at", captured_at)?,
                config_hash,
                resource,
            });
        }
        Ok(out)
    }

    /// The last attempt at every scope ever committed or failed, sorted by account,
    /// region and type.
    pub fn scope_statuses(&self) -> Result<Vec<ScopeStatus>> {
        let db = |source| Error::Database { action: "reading scope statuses", source };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT account_id, region, resource_type, status, error_code, error_message,
                        last_attempt, last_success, resource_count
                 FROM scopes ORDER BY account_id, region, resource_type",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    Scope { account_id: row.get(0)?, region: row.get(1)?, resource_type: row.get(2)? },
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, i64>(6)?,
                    row.get::<_, Option<i64>>(7)?,
                    row.get::<_, i64>(8)?,
                ))
            })
            .map_err(db)?;
        let mut out = Vec::new();
        for row in rows {
            let (scope, status, error_code, error_message, last_attempt, last_success, resource_count) =
                row.map_err(db)?;
            out.push(ScopeStatus {
                scope,
                // The table's CHECK allows only these two values.
                assessed: status == "assessed",
                error_code,
                error_message,
                last_attempt: from_micros("scopes.last_attempt", last_attempt)?,
                last_success: last_success.map(|t| from_micros("scopes.last_success", t)).transpose()?,
                resource_count,
            });
        }
        Ok(out)
    }

    /// Current (not deleted) resources per type, sorted by type.
    pub fn counts(&self) -> Result<Vec<(String, i64)>> {
        let db = |source| Error::Database { action: "counting resources", source };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT resource_type, count(*) FROM resources WHERE deleted_at IS NULL
                 GROUP BY resource_type ORDER BY resource_type",
            )
            .map_err(db)?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).map_err(db)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db)
    }

    /// Every scan, oldest first.
    pub fn scans(&self) -> Result<Vec<Scan>> {
        let db = |source| Error::Database { action: "listing scans", source };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, started_at, finished_at, summary FROM scans ORDER BY id")
            .map_err(db)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(db)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, started_at, finished_at, summary) = row.map_err(db)?;
            out.push(Scan {
                id: ScanId(id),
                started_at: from_micros("scans.started_at", started_at)?,
                finished_at: finished_at.map(|t| from_micros("scans.finished_at", t)).transpose()?,
                summary: summary
                    .map(|text| serde_json::from_str(&text))
                    .transpose()
                    .map_err(|source| Error::BadSummary { scan: ScanId(id), source })?,
            });
        }
        Ok(out)
    }
}

/// The resource key in the five columns from `first`.
fn key_at(row: &Row<'_>, first: usize) -> rusqlite::Result<ResourceKey> {
    Ok(ResourceKey {
        provider: row.get(first)?,
        account_id: row.get(first + 1)?,
        region: row.get(first + 2)?,
        resource_type: row.get(first + 3)?,
        resource_id: row.get(first + 4)?,
    })
}

fn decode(key: &ResourceKey, version: Option<i64>, text: &str) -> Result<Resource> {
    serde_json::from_str(text).map_err(|source| Error::BadDocument { key: Box::new(key.clone()), version, source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;

    fn as_of(minutes: i64) -> ResourceQuery {
        ResourceQuery { as_of: Some(t(minutes)), ..Default::default() }
    }

    #[test]
    fn as_of_returns_the_version_of_that_time() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22)], t(0)).unwrap();
        store.commit_scope(&scope, &[sg("sg-a", 3389), sg("sg-b", 22)], t(10)).unwrap();
        store.commit_scope(&scope, &[sg("sg-b", 22)], t(20)).unwrap();

        let port = |q: &ResourceQuery| -> Vec<(String, i64)> {
            store
                .resources(q)
                .unwrap()
                .into_iter()
                .map(|r| (r.resource_id, r.configuration["Port"].as_i64().unwrap()))
                .collect()
        };
        let s = |id: &str, p: i64| (id.to_owned(), p);
        assert_eq!(port(&as_of(-1)), [], "nothing before the first scan");
        assert_eq!(port(&as_of(0)), [s("sg-a", 22)], "as_of includes its instant");
        assert_eq!(port(&as_of(5)), [s("sg-a", 22)], "before the change");
        assert_eq!(port(&as_of(10)), [s("sg-a", 3389), s("sg-b", 22)], "after the change");
        assert_eq!(port(&as_of(25)), [s("sg-b", 22)], "after the deletion");

        let with_deleted = ResourceQuery { include_deleted: true, ..as_of(25) };
        let all = store.resources(&with_deleted).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].resource_id.as_str(), all[0].deleted_at), ("sg-a", Some(t(20))));
        assert_eq!(all[0].configuration["Port"], 3389, "its last configuration before deletion");
        assert_eq!(all[1].deleted_at, None);
        // Before the deletion, include_deleted changes nothing.
        assert_eq!(store.resources(&ResourceQuery { include_deleted: true, ..as_of(15) }).unwrap().len(), 2);
    }

    #[test]
    fn as_of_after_a_restore_returns_the_restored_version() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22)], t(0)).unwrap();
        store.commit_scope(&scope, &[], t(10)).unwrap();
        store.commit_scope(&scope, &[sg("sg-a", 22)], t(20)).unwrap();
        assert!(store.resources(&as_of(15)).unwrap().is_empty());
        let back = store.resources(&as_of(20)).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].deleted_at, None);
    }

    #[test]
    fn tags_filter_by_key_and_value() {
        let (_dir, mut store) = store();
        let batch = [
            tagged("sg-a", &[("Owner", "alice"), ("Env", "prod"), ("aws:cloudformation:stack-name", "net")]),
            tagged("sg-b", &[("Owner", "bob"), ("a.b \"c\"", "x")]),
            tagged("sg-c", &[]),
        ];
        store.commit_scope(&scope("eu-west-1", SG), &batch, t(0)).unwrap();
        let q = |tags: &[(&str, Option<&str>)]| {
            let tags = tags.iter().map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned))).collect();
            ids(&store, &ResourceQuery { tags, ..Default::default() })
        };
        assert_eq!(q(&[]), ["sg-a", "sg-b", "sg-c"]);
        assert_eq!(q(&[("Owner", None)]), ["sg-a", "sg-b"]);
        assert_eq!(q(&[("Owner", Some("alice"))]), ["sg-a"]);
        assert_eq!(q(&[("Owner", Some("alice")), ("Env", None)]), ["sg-a"]);
        assert_eq!(q(&[("Owner", Some("bob")), ("Env", None)]), Vec::<String>::new());
        assert_eq!(q(&[("Env", Some("dev"))]), Vec::<String>::new());
        assert_eq!(q(&[("owner", None)]), Vec::<String>::new(), "tag keys are case-sensitive");
        assert_eq!(q(&[("aws:cloudformation:stack-name", Some("net"))]), ["sg-a"]);
        assert_eq!(q(&[("a.b \"c\"", Some("x"))]), ["sg-b"]);
    }

    #[test]
    fn tag_filters_apply_to_the_version_of_the_time() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[tagged("sg-a", &[("Owner", "alice")])], t(0)).unwrap();
        store.commit_scope(&scope, &[tagged("sg-a", &[("Owner", "carol")])], t(10)).unwrap();
        let alice = vec![("Owner".to_owned(), Some("alice".to_owned()))];
        let carol = vec![("Owner".to_owned(), Some("carol".to_owned()))];
        assert_eq!(ids(&store, &ResourceQuery { tags: alice.clone(), ..as_of(5) }), ["sg-a"]);
        assert!(ids(&store, &ResourceQuery { tags: carol.clone(), ..as_of(5) }).is_empty());
        assert!(ids(&store, &ResourceQuery { tags: alice.clone(), ..as_of(15) }).is_empty());
        assert_eq!(ids(&store, &ResourceQuery { tags: carol.clone(), ..Default::default() }), ["sg-a"]);
        assert!(ids(&store, &ResourceQuery { tags: alice, ..Default::default() }).is_empty());
    }

    #[test]
    fn filters_and_sort_order() {
        let (_dir, mut store) = store();
        store.commit_scope(&scope("us-east-1", SG), &[sg("sg-z", 22)], t(0)).unwrap();
        store.commit_scope(&scope("eu-west-1", SG), &[sg("sg-b", 22), sg("sg-a", 22)], t(0)).unwrap();
        store.commit_scope(&scope(meerkat_model::GLOBAL_REGION, BUCKET), &[bucket("logs", "eu-west-1")], t(0)).unwrap();
        let mut other = sg("sg-o", 22);
        other.account_id = "000000000000".into();
        store
            .commit_scope(&Scope { account_id: "000000000000".into(), ..scope("eu-west-1", SG) }, &[other], t(0))
            .unwrap();

        // sg() builds eu-west-1 resources; sg-z was committed under us-east-1's scope
        // but is still of eu-west-1.
        assert_eq!(ids(&store, &ResourceQuery::default()), ["sg-o", "sg-a", "sg-b", "sg-z", "logs"]);
        let only = |q: ResourceQuery| ids(&store, &q);
        assert_eq!(only(ResourceQuery { resource_type: Some(BUCKET.into()), ..Default::default() }), ["logs"]);
        assert_eq!(only(ResourceQuery { account_id: Some("000000000000".into()), ..Default::default() }), ["sg-o"]);
        assert_eq!(
            only(ResourceQuery {
                resource_type: Some(SG.into()),
                account_id: Some(ACCOUNT.into()),
                region: Some("eu-west-1".into()),
                ..Default::default()
            }),
            ["sg-a", "sg-b", "sg-z"]
        );
        assert!(only(ResourceQuery { region: Some("us-east-1".into()), ..Default::default() }).is_empty());
        assert_eq!(store.counts().unwrap(), [(SG.to_owned(), 4), (BUCKET.to_owned(), 1)]);
    }

    #[test]
    fn pages_walk_every_current_resource_once() {
        let (_dir, mut store) = store();
        let sgs: Vec<Resource> = (0..7).map(|i| sg(&format!("sg-{i}"), 22)).collect();
        store.commit_scope(&scope("eu-west-1", SG), &sgs, t(0)).unwrap();
        // sg-3 is gone at the next scan: not a current resource.
        let kept: Vec<Resource> = sgs.iter().filter(|r| r.resource_id != "sg-3").cloned().collect();
        store.commit_scope(&scope("eu-west-1", SG), &kept, t(1)).unwrap();
        let (mut after, mut seen, mut pages) = (0, Vec::new(), 0);
        loop {
            let page = store.resource_page(after, 2).unwrap();
            let Some((last, _)) = page.last() else { break };
            after = *last;
            pages += 1;
            seen.extend(page.into_iter().map(|(_, r)| r.resource_id));
        }
        seen.sort();
        assert_eq!(seen, ["sg-0", "sg-1", "sg-2", "sg-4", "sg-5", "sg-6"]);
        assert_eq!(pages, 3);
    }

    #[test]
    fn find_matches_id_or_arn_including_deleted() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22), sg("sg-b", 22)], t(0)).unwrap();
        store.commit_scope(&scope, &[sg("sg-a", 22)], t(10)).unwrap();
        assert_eq!(store.find("sg-a").unwrap(), [key("sg-a")]);
        assert_eq!(store.find("sg-b").unwrap(), [key("sg-b")], "deleted ones too");
        let arn = sg("sg-b", 0).arn.unwrap();
        assert_eq!(store.find(&arn).unwrap(), [key("sg-b")]);
        assert!(store.find("sg-nope").unwrap().is_empty());
        assert!(store.find("").unwrap().is_empty());
    }

    #[test]
    fn history_is_oldest_first_and_empty_for_an_unknown_key() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        for (minute, port) in [(0, 22), (10, 23), (20, 23), (30, 24)] {
            store.commit_scope(&scope, &[sg("sg-a", port)], t(minute)).unwrap();
        }
        let history = store.history(&key("sg-a")).unwrap();
        let shape: Vec<(i64, _, i64)> = history
            .iter()
            .map(|v| (v.seq, v.captured_at, v.resource.as_ref().unwrap().configuration["Port"].as_i64().unwrap()))
            .collect();
        assert_eq!(shape, [(1, t(0), 22), (2, t(10), 23), (3, t(30), 24)]);
        assert!(store.history(&key("sg-unknown")).unwrap().is_empty());
    }

    #[test]
    fn scope_statuses_are_sorted() {
        let (_dir, mut store) = store();
        store.commit_scope(&scope("us-east-1", SG), &[], t(0)).unwrap();
        store.record_scope_failure(&scope("eu-west-1", SG), "AccessDenied", "no", t(0)).unwrap();
        store.commit_scope(&scope("eu-west-1", BUCKET), &[], t(0)).unwrap();
        let order: Vec<String> = store.scope_statuses().unwrap().iter().map(|s| s.scope.to_string()).collect();
        assert_eq!(
            order,
            [
                format!("{ACCOUNT}/eu-west-1/{SG}"),
                format!("{ACCOUNT}/eu-west-1/{BUCKET}"),
                format!("{ACCOUNT}/us-east-1/{SG}"),
            ]
        );
    }
}
