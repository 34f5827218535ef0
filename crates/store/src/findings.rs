//! Reading verdicts: findings, their history, the latest evaluations and the
//! configurations they judged; and the text forms the tables keep enums in.

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::Row;
use serde::de::DeserializeOwned;
use serde_json::Value;

use meerkat_model::{CheckStatus, Finding, FindingKind, FindingStatus, Severity};

use crate::error::{Error, Result};
use crate::{from_micros, EvaluationQuery, EvaluationRow, FindingEvent, FindingQuery, HeldVerdict, Store};

/// The columns [`StoredFinding::read`] expects, in its order.
const FINDING_COLUMNS: &str = "f.id, f.rule_id, f.kind, f.severity, f.subject, f.title, f.evidence, f.frameworks,
     f.first_seen, f.last_seen, f.status, f.mute_reason";

/// A finding's severity as a number that sorts; agrees with [`severity_rank`].
const SEVERITY_RANK: &str =
    "(CASE f.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)";

impl Store {
    /// The findings `query` selects, worst first: by severity (critical first), then
    /// rule, then subject key.
    pub fn findings(&self, query: &FindingQuery) -> Result<Vec<Finding>> {
        let db = |source| Error::Database { action: "listing findings", source };
        let mut sql = format!("SELECT {FINDING_COLUMNS} FROM findings f WHERE 1 = 1");
        let mut params: Vec<SqlValue> = Vec::new();
        // Lists are passed as one JSON array, so that a query has one shape (and one
        // cached statement) whatever their lengths.
        for (column, values) in [
            ("f.status", json_list(query.statuses.iter().map(|s| status_text(*s)))),
            ("f.rule_id", json_list(query.rule_ids.iter().map(String::as_str))),
            ("f.kind", json_list(query.kinds.iter().map(|k| kind_text(*k)))),
        ] {
            if let Some(values) = values {
                sql.push_str(&format!(" AND {column} IN (SELECT value FROM json_each(?))"));
                params.push(values);
            }
        }
        if let Some(min) = query.min_severity {
            sql.push_str(&format!(" AND {SEVERITY_RANK} >= ?"));
            params.push(SqlValue::Integer(severity_rank(min)));
        }
        for (column, value) in [
            ("f.resource_type", &query.resource_type),
            ("f.account_id", &query.account_id),
            ("f.region", &query.region),
        ] {
            if let Some(value) = value {
                sql.push_str(&format!(" AND {column} = ?"));
                params.push(SqlValue::Text(value.clone()));
            }
        }
        sql.push_str(&format!(" ORDER BY {SEVERITY_RANK} DESC, f.rule_id, f.subject_key"));
        if let Some(limit) = query.limit {
            sql.push_str(" LIMIT ?");
            params.push(SqlValue::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        }

        let mut stmt = self.conn.prepare_cached(&sql).map_err(db)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), StoredFinding::read).map_err(db)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row.map_err(db)?.decode()?);
        }
        Ok(out)
    }

    /// The finding with this id, whatever its status.
    pub fn finding(&self, id: &str) -> Result<Option<Finding>> {
        let db = |source| Error::Database { action: "reading a finding", source };
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {FINDING_COLUMNS} FROM findings f WHERE f.id = ?1"))
            .map_err(db)?;
        let mut rows = stmt.query_map([id], StoredFinding::read).map_err(db)?;
        rows.next().transpose().map_err(db)?.map(StoredFinding::decode).transpose()
    }

    /// Every status change of the finding `id`, oldest first: when it opened, was
    /// muted, resolved and reopened, and why. Empty for an unknown id.
    pub fn finding_history(&self, id: &str) -> Result<Vec<FindingEvent>> {
        let db = |source| Error::Database { action: "reading a finding's history", source };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT at, from_status, to_status, reason FROM finding_events WHERE finding = ?1 ORDER BY seq",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })
            .map_err(db)?;
        let bad = |column| move |source| Error::BadFinding { id: id.to_owned(), column, source };
        let mut out = Vec::new();
        for row in rows {
            let (at, from, to, reason) = row.map_err(db)?;
            out.push(FindingEvent {
                finding_id: id.to_owned(),
                at: from_micros("finding_events.at", at)?,
                from: from.map(|text| parse_text(&text)).transpose().map_err(bad("finding_events.from_status"))?,
                to: parse_text(&to).map_err(bad("finding_events.to_status"))?,
                reason,
            });
        }
        Ok(out)
    }

    /// The latest verdict of each rule on each subject that `query` selects, sorted by
    /// rule and subject key. Verdicts on deleted resources are gone once
    /// [`Store::resolve_findings_of_deleted`] has run.
    pub fn evaluations(&self, query: &EvaluationQuery) -> Result<Vec<EvaluationRow>> {
        let db = |source| Error::Database { action: "listing evaluations", source };
        let mut sql = String::from(
            "SELECT rule_id, subject_key, subject, status, config_hash, reason, evaluated_at
             FROM evaluations WHERE 1 = 1",
        );
        let mut params: Vec<SqlValue> = Vec::new();
        for (column, values) in [
            ("rule_id", json_list(query.rule_ids.iter().map(String::as_str))),
            ("status", json_list(query.statuses.iter().map(|s| check_text(*s)))),
        ] {
            if let Some(values) = values {
                sql.push_str(&format!(" AND {column} IN (SELECT value FROM json_each(?))"));
                params.push(values);
            }
        }
        sql.push_str(" ORDER BY rule_id, subject_key");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, i64>(6)?,
                ))
            })
            .map_err(db)?;
        let mut out = Vec::new();
        for row in rows {
            let (rule_id, subject_key, subject, status, config_hash, reason, evaluated_at) = row.map_err(db)?;
            let bad = |column| {
                let (rule_id, subject) = (rule_id.clone(), subject_key.clone());
                move |source| Error::BadEvaluation { rule_id, subject, column, source }
            };
            let subject = serde_json::from_str(&subject).map_err(bad("subject"))?;
            let status = parse_text(&status).map_err(bad("status"))?;
            out.push(EvaluationRow {
                rule_id,
                subject,
                status,
                config_hash,
                reason,
                evaluated_at: from_micros("evaluations.evaluated_at", evaluated_at)?,
            });
        }
        Ok(out)
    }

    /// The verdicts of `rule_ids` that a new evaluation may carry forward instead of
    /// running the rule again, keyed by (rule id, [`meerkat_model::Subject::key`]): those
    /// with a fingerprint, and only passes and failures whose finding is still open or
    /// muted (with that finding's evidence). NOT_ASSESSED verdicts are left out: those
    /// subjects are always judged again. An empty `rule_ids` gives an empty map.
    pub fn held_verdicts(&self, rule_ids: &[String]) -> Result<HashMap<(String, String), HeldVerdict>> {
        let db = |source| Error::Database { action: "reading the verdicts held", source };
        let Some(rules) = json_list(rule_ids.iter().map(String::as_str)) else {
            return Ok(HashMap::new());
        };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.rule_id, e.subject_key, e.fingerprint, e.status, e.reason, f.evidence
                 FROM evaluations e
                 LEFT JOIN findings f ON f.rule_id = e.rule_id AND f.subject_key = e.subject_key
                 WHERE e.rule_id IN (SELECT value FROM json_each(?1)) AND e.fingerprint <> ''
                   AND (e.status = 'PASS' OR (e.status = 'FAIL' AND f.status IN ('open', 'muted')))",
            )
            .map_err(db)?;
        let rows = stmt
            .query_map([rules], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(db)?;
        let mut out = HashMap::new();
        for row in rows {
            let (rule_id, subject_key, fingerprint, status, reason, evidence) = row.map_err(db)?;
            let bad = |column| {
                let (rule_id, subject) = (rule_id.clone(), subject_key.clone());
                move |source| Error::BadEvaluation { rule_id, subject, column, source }
            };
            let status: CheckStatus = parse_text(&status).map_err(bad("status"))?;
            let evidence = match (status, evidence) {
                (CheckStatus::Fail, Some(text)) => serde_json::from_str(&text).map_err(bad("findings.evidence"))?,
                _ => serde_json::Value::Null,
            };
            out.insert((rule_id, subject_key), HeldVerdict { fingerprint, status, reason, evidence });
        }
        Ok(out)
    }
}

/// One `findings` row as stored, before its columns are decoded.
struct StoredFinding {
    id: String,
    rule_id: String,
    kind: String,
    severity: String,
    subject: String,
    title: String,
    evidence: String,
    frameworks: String,
    first_seen: i64,
    last_seen: i64,
    status: String,
    mute_reason: Option<String>,
}

impl StoredFinding {
    /// Reads the columns of [`FINDING_COLUMNS`].
    fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            rule_id: row.get(1)?,
            kind: row.get(2)?,
            severity: row.get(3)?,
            subject: row.get(4)?,
            title: row.get(5)?,
            evidence: row.get(6)?,
            frameworks: row.get(7)?,
            first_seen: row.get(8)?,
            last_seen: row.get(9)?,
            status: row.get(10)?,
            mute_reason: row.get(11)?,
        })
    }

    /// The finding, or [`Error::BadFinding`] naming it and the column that does not decode.
    fn decode(self) -> Result<Finding> {
        let bad = |column| {
            let id = self.id.clone();
            move |source| Error::BadFinding { id, column, source }
        };
        let kind = parse_text(&self.kind).map_err(bad("kind"))?;
        let severity = parse_text(&self.severity).map_err(bad("severity"))?;
        let subject = serde_json::from_str(&self.subject).map_err(bad("subject"))?;
        let evidence = serde_json::from_str(&self.evidence).map_err(bad("evidence"))?;
        let frameworks = serde_json::from_str(&self.frameworks).map_err(bad("frameworks"))?;
        let status = parse_text(&self.status).map_err(bad("status"))?;
        Ok(Finding {
            id: self.id,
            rule_id: self.rule_id,
            kind,
            severity,
            subject,
            title: self.title,
            evidence,
            frameworks,
            first_seen: from_micros("findings.first_seen", self.first_seen)?,
            last_seen: from_micros("findings.last_seen", self.last_seen)?,
            status,
            mute_reason: self.mute_reason,
        })
    }
}

/// `values` as one JSON array parameter, or `None` when there are none (no filter).
fn json_list<'a>(values: impl Iterator<Item = &'a str>) -> Option<SqlValue> {
    let list: Vec<Value> = values.map(|v| Value::String(v.to_owned())).collect();
    (!list.is_empty()).then(|| SqlValue::Text(Value::Array(list).to_string()))
}

/// An enum from the text a table keeps it as (its serde name).
pub(crate) fn parse_text<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_value(Value::String(text.to_owned()))
}

/// The text `findings.kind` keeps (the serde name).
pub(crate) fn kind_text(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Posture => "posture",
        FindingKind::Exposure => "exposure",
        FindingKind::Vulnerability => "vulnerability",
        FindingKind::Activity => "activity",
        FindingKind::Network => "network",
    }
}

/// The text `findings.severity` keeps (the serde name).
pub(crate) fn severity_text(severity: Severity) -> &'static str {
    match severity {
        Severity::Informational => "informational",
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}

/// The number [`SEVERITY_RANK`] gives a severity.
fn severity_rank(severity: Severity) -> i64 {
    match severity {
        Severity::Informational => 0,
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
        Severity::Critical => 4,
    }
}

/// The text the `findings` and `finding_events` status columns keep (the serde name).
pub(crate) fn status_text(status: FindingStatus) -> &'static str {
    match status {
        FindingStatus::Open => "open",
        FindingStatus::Resolved => "resolved",
        FindingStatus::Muted => "muted",
    }
}

/// The text `evaluations.status` keeps (the serde name).
pub(crate) fn check_text(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "PASS",
        CheckStatus::Fail => "FAIL",
        CheckStatus::NotAssessed => "NOT_ASSESSED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;
    use meerkat_model::{finding_id, Evaluation, Subject};

    const SEVERITIES: [Severity; 5] =
        [Severity::Informational, Severity::Low, Severity::Medium, Severity::High, Severity::Critical];

    #[test]
    fn enum_texts_are_their_serde_names() {
        fn check<T: serde::Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + Copy>(
            values: &[T],
            text: fn(T) -> &'static str,
        ) {
            for &v in values {
                assert_eq!(serde_json::to_value(v).unwrap(), Value::String(text(v).to_owned()), "{v:?}");
                assert_eq!(parse_text::<T>(text(v)).unwrap(), v);
            }
        }
        use FindingKind::*;
        check(&[Posture, Exposure, Vulnerability, Activity, Network], kind_text);
        check(&SEVERITIES, severity_text);
        check(&[FindingStatus::Open, FindingStatus::Resolved, FindingStatus::Muted], status_text);
        check(&[CheckStatus::Pass, CheckStatus::Fail, CheckStatus::NotAssessed], check_text);
        for pair in SEVERITIES.windows(2) {
            assert!(severity_rank(pair[0]) < severity_rank(pair[1]));
        }
        assert!(parse_text::<FindingStatus>("gone").is_err());
    }

    /// One finding per severity on sg-0…sg-4 of eu-west-1, two more on a bucket of
    /// us-east-1 and on a principal, one resolved and one muted.
    fn populated() -> (tempfile::TempDir, Store) {
        let (dir, mut store) = store();
        let mut batch: Vec<_> =
            SEVERITIES.iter().enumerate().map(|(i, s)| fail(RULE, &format!("sg-{i}"), *s)).collect();
        let mut on_bucket = fail("s3_public", "logs", Severity::High);
        let logs = Subject::Resource(bucket("logs", "us-east-1").key());
        on_bucket.subject = logs.clone();
        let finding = on_bucket.finding.as_mut().unwrap();
        finding.subject = logs.clone();
        finding.id = finding_id("s3_public", &logs);
        finding.kind = FindingKind::Exposure;
        batch.push(on_bucket);
        batch.push(principal_fail("root_used"));
        batch.push(muted(fail("other_rule", "sg-1", Severity::Critical), "test account"));
        batch.push(fail("other_rule", "sg-2", Severity::Medium));
        store.record_evaluations(t(0), &batch).unwrap();
        store.record_evaluations(t(5), &[pass("other_rule", "sg-2")]).unwrap();
        (dir, store)
    }

    /// (rule, subject id or principal) of what `query` returns, in order.
    fn listed(store: &Store, query: FindingQuery) -> Vec<(String, String)> {
        let subject_id = |s: &Subject| match s {
            Subject::Resource(key) => key.resource_id.clone(),
            Subject::Principal { principal_id, .. } => principal_id.clone(),
        };
        store.findings(&query).unwrap().iter().map(|f| (f.rule_id.clone(), subject_id(&f.subject))).collect()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn findings_sort_worst_first_then_by_rule_and_subject() {
        let (_dir, store) = populated();
        assert_eq!(
            listed(&store, FindingQuery::default()),
            pairs(&[
                (RULE, "sg-4"),
                ("other_rule", "sg-1"),
                (RULE, "sg-3"),
                ("root_used", "root"),
                ("s3_public", "logs"),
                (RULE, "sg-2"),
                ("other_rule", "sg-2"),
                (RULE, "sg-1"),
                (RULE, "sg-0"),
            ])
        );
        let first_two = FindingQuery { limit: Some(2), ..Default::default() };
        assert_eq!(listed(&store, first_two), pairs(&[(RULE, "sg-4"), ("other_rule", "sg-1")]));
    }

    #[test]
    fn findings_filter_by_status_severity_rule_kind_and_place() {
        let (_dir, store) = populated();
        let q = |query: FindingQuery| listed(&store, query);
        let open = || vec![FindingStatus::Open];

        assert_eq!(
            q(FindingQuery { statuses: open(), min_severity: Some(Severity::High), ..Default::default() }),
            pairs(&[(RULE, "sg-4"), (RULE, "sg-3"), ("root_used", "root"), ("s3_public", "logs")])
        );
        assert_eq!(
            q(FindingQuery { statuses: vec![FindingStatus::Resolved, FindingStatus::Muted], ..Default::default() }),
            pairs(&[("other_rule", "sg-1"), ("other_rule", "sg-2")])
        );
        assert_eq!(
            q(FindingQuery { min_severity: Some(Severity::Critical), ..Default::default() }),
            pairs(&[(RULE, "sg-4"), ("other_rule", "sg-1")])
        );
        assert_eq!(
            q(FindingQuery { rule_ids: vec!["s3_public".into(), "root_used".into()], ..Default::default() }),
            pairs(&[("root_used", "root"), ("s3_public", "logs")])
        );
        assert_eq!(
            q(FindingQuery { kinds: vec![FindingKind::Exposure, FindingKind::Activity], ..Default::default() }),
            pairs(&[("root_used", "root"), ("s3_public", "logs")])
        );
        assert_eq!(
            q(FindingQuery { resource_type: Some(BUCKET.into()), ..Default::default() }),
            pairs(&[("s3_public", "logs")])
        );
        assert_eq!(
            q(FindingQuery { region: Some("us-east-1".into()), ..Default::default() }),
            pairs(&[("s3_public", "logs")])
        );
        let sgs = q(FindingQuery {
            statuses: open(),
            resource_type: Some(SG.into()),
            account_id: Some(ACCOUNT.into()),
            region: Some("eu-west-1".into()),
            min_severity: Some(Severity::Medium),
            ..Default::default()
        });
        assert_eq!(sgs, pairs(&[(RULE, "sg-4"), (RULE, "sg-3"), (RULE, "sg-2")]));
        let in_account = q(FindingQuery { account_id: Some(ACCOUNT.into()), ..Default::default() });
        assert_eq!(in_account.len(), 9, "principals have an account too");
        assert!(q(FindingQuery { account_id: Some("999999999999".into()), ..Default::default() }).is_empty());
        assert!(q(FindingQuery { rule_ids: vec!["nope".into()], ..Default::default() }).is_empty());
    }

    #[test]
    fn evaluations_filter_by_rule_and_status() {
        let (_dir, mut store) = populated();
        store.record_evaluations(t(6), &[not_assessed("s3_public", "sg-9")]).unwrap();
        let rows = |query: EvaluationQuery| -> Vec<(String, CheckStatus)> {
            store.evaluations(&query).unwrap().into_iter().map(|r| (r.rule_id, r.status)).collect()
        };
        assert_eq!(rows(EvaluationQuery::default()).len(), 10);
        assert_eq!(
            rows(EvaluationQuery { rule_ids: vec!["other_rule".into()], ..Default::default() }),
            [("other_rule".to_owned(), CheckStatus::Fail), ("other_rule".to_owned(), CheckStatus::Pass)]
        );
        assert_eq!(
            rows(EvaluationQuery {
                rule_ids: vec!["other_rule".into(), "s3_public".into()],
                statuses: vec![CheckStatus::Pass, CheckStatus::NotAssessed],
            }),
            [("other_rule".to_owned(), CheckStatus::Pass), ("s3_public".to_owned(), CheckStatus::NotAssessed)]
        );
        let row =
            store.evaluations(&EvaluationQuery { statuses: vec![CheckStatus::Pass], ..Default::default() }).unwrap();
        assert_eq!((row[0].subject.clone(), row[0].evaluated_at), (subject("sg-2"), t(5)));
        assert_eq!(row[0].config_hash, sg("sg-2", 22).config_hash);
    }

    #[test]
    fn held_verdicts_are_passes_and_kept_failures_with_a_fingerprint() {
        let (_dir, mut store) = store();
        let printed = |mut ev: Evaluation, fp: &str| {
            ev.fingerprint = fp.into();
            ev
        };
        store
            .record_evaluations(
                t(0),
                &[
                    printed(fail(RULE, "sg-a", Severity::High), "fa"),
                    printed(pass(RULE, "sg-b"), "fb"),
                    printed(pass("other_rule", "sg-a"), "fo"),
                    pass(RULE, "sg-d"),
                ],
            )
            .unwrap();
        store.record_evaluations(t(1), &[printed(pass(RULE, "sg-b"), "fb2"), printed(not_assessed(RULE, "sg-c"), "fc")]).unwrap();

        let held = store.held_verdicts(&[RULE.to_owned()]).unwrap();
        let mut keys: Vec<(&str, &str, CheckStatus)> =
            held.iter().map(|((_, s), h)| (s.as_str(), h.fingerprint.as_str(), h.status)).collect();
        keys.sort();
        let (a, b) = (subject("sg-a").key(), subject("sg-b").key());
        assert_eq!(keys, [(a.as_str(), "fa", CheckStatus::Fail), (b.as_str(), "fb2", CheckStatus::Pass)], "none for sg-c (not assessed) nor sg-d (no fingerprint)");
        let failed = &held[&(RULE.to_owned(), a.clone())];
        assert!(failed.evidence.is_object(), "a failure carries its finding's evidence: {:?}", failed.evidence);
        assert_eq!(store.held_verdicts(&[RULE.to_owned(), "other_rule".to_owned()]).unwrap().len(), 3);
        assert!(store.held_verdicts(&[]).unwrap().is_empty());

        // Once its finding is resolved a failure is no longer held.
        store.record_evaluations(t(2), &[printed(pass(RULE, "sg-a"), "fa2")]).unwrap();
        assert_eq!(store.held_verdicts(&[RULE.to_owned()]).unwrap()[&(RULE.to_owned(), a)].status, CheckStatus::Pass);
    }

    #[test]
    fn a_bad_stored_json_column_names_the_finding() {
        let (_dir, mut store) = store();
        store
            .record_evaluations(t(0), &[fail(RULE, "sg-a", Severity::High), fail(RULE, "sg-b", Severity::High)])
            .unwrap();
        let bad = finding_id(RULE, &subject("sg-b"));
        // Valid JSON (the table checks that) but not a framework map.
        store.conn.execute("UPDATE findings SET frameworks = '[1, 2]' WHERE id = ?1", [&bad]).unwrap();
        let err = store.findings(&FindingQuery::default()).unwrap_err();
        assert!(matches!(&err, Error::BadFinding { id, column: "frameworks", .. } if *id == bad), "{err:?}");
        assert_eq!(err.to_string(), format!("the stored frameworks of finding {bad} is not valid"));
        assert!(store.finding(&bad).is_err());
        assert!(store.finding(&finding_id(RULE, &subject("sg-a"))).unwrap().is_some());

        store.conn.execute("UPDATE findings SET frameworks = '{}', subject = '{\"type\": \"planet\"}'", []).unwrap();
        let err = store.finding(&bad).unwrap_err();
        assert!(matches!(&err, Error::BadFinding { id, column: "subject", .. } if *id == bad), "{err:?}");

        store
            .conn
            .execute("UPDATE evaluations SET subject = '[]' WHERE subject_key = ?1", [subject("sg-b").key()])
            .unwrap();
        let err = store.evaluations(&EvaluationQuery::default()).unwrap_err();
        assert!(
            matches!(&err, Error::BadEvaluation { rule_id, subject: s, column: "subject", .. }
                if rule_id == RULE && *s == subject("sg-b").key()),
            "{err:?}"
        );
    }

    #[test]
    fn an_unknown_finding_has_no_history() {
        let (_dir, store) = store();
        assert!(store.finding_history("0123").unwrap().is_empty());
        assert_eq!(store.finding("0123").unwrap(), None);
    }
}
