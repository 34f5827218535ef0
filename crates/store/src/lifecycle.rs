//! Writing verdicts: the latest evaluation of each rule on each subject, and the findings
//! failures open, passes resolve and new failures reopen.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{CachedStatement, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use meerkat_model::{finding_id, CheckStatus, Evaluation, Finding, FindingStatus, Subject};

use crate::error::{Error, Result};
use crate::findings::{check_text, kind_text, parse_text, severity_text, status_text};
use crate::{to_micros, truncate, EvaluationCommit, Store};

/// Closes a finding; its mute reason goes with the mute.
const RESOLVE: &str = "UPDATE findings SET status = 'resolved', resolved_at = ?2, mute_reason = NULL WHERE id = ?1";

/// Appends one status change.
const EVENT: &str =
    "INSERT INTO finding_events (finding, at, from_status, to_status, reason) VALUES (?1, ?2, ?3, ?4, ?5)";

/// Why [`Store::resolve_findings_of_deleted`] closed a finding, as its event says.
pub(crate) const RESOURCE_DELETED: &str = "resource deleted";

/// Why a pass closed a finding, as its event says.
pub(crate) const CHECK_PASSED: &str = "check passed";

impl Store {
    /// Records a batch of verdicts reached at `at`, in one transaction, and moves the
    /// findings they concern:
    ///
    /// - **FAIL** opens the evaluation's finding (`first_seen` = `last_seen` = `at`), or
    ///   refreshes the one already open or muted (`last_seen`, severity, title, evidence,
    ///   frameworks, and open or muted as the evaluation's finding says), or reopens a
    ///   resolved one (its `first_seen` kept). The store keeps its own times: those of
    ///   the finding handed in are ignored.
    /// - **PASS** resolves an open or muted finding of that rule and subject.
    /// - **NOT_ASSESSED** leaves the finding exactly as it was: nothing is resolved on
    ///   the strength of what could not be read.
    ///
    /// Every verdict replaces the rule's previous one on that subject, with the
    /// `config_hash` it judged. Each status change of a finding appends an event
    /// ([`Store::finding_history`]).
    ///
    /// If anything fails (a FAIL without a finding or with a finding of another rule or
    /// subject, a finding on a PASS, the same rule and subject twice, a database error)
    /// nothing of the batch is kept.
    pub fn record_evaluations(&mut self, at: DateTime<Utc>, evaluations: &[Evaluation]) -> Result<EvaluationCommit> {
        let db = |source| Error::Database { action: "recording evaluations", source };
        // IMMEDIATE: take the write lock now rather than fail when upgrading to it.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
        let counts = record_in(&tx, to_micros(truncate(at)), evaluations)?;
        tx.commit().map_err(db)?;
        Ok(counts)
    }

    /// Resolves at `at` every open or muted finding whose subject is a resource now
    /// marked deleted, with the event reason `resource deleted`, and returns how many.
    ///
    /// The latest verdicts on deleted resources are dropped too: they no longer count in
    /// a compliance summary, and a resource that comes back is evaluated afresh (its
    /// `config_hash` may be the one judged before, but its findings were resolved since).
    pub fn resolve_findings_of_deleted(&mut self, at: DateTime<Utc>) -> Result<usize> {
        let action = "resolving the findings of deleted resources";
        let db = |source| Error::Database { action, source };
        let now = to_micros(truncate(at));
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
        let resolved = {
            let stale: Vec<(String, String)> = prepare(&tx, action, STALE)?
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(db)?
                .collect::<rusqlite::Result<_>>()
                .map_err(db)?;
            let mut resolve = prepare(&tx, action, RESOLVE)?;
            let mut event = prepare(&tx, action, EVENT)?;
            for (id, status) in &stale {
                let from: FindingStatus = parse_text(status).map_err(|source| Error::BadFinding {
                    id: id.clone(),
                    column: "status",
                    source,
                })?;
                close(&mut resolve, &mut event, id, from, now, RESOURCE_DELETED).map_err(db)?;
            }
            prepare(
                &tx,
                action,
                "DELETE FROM evaluations
                 WHERE resource IN (SELECT id FROM resources WHERE deleted_at IS NOT NULL)",
            )?
            .execute([])
            .map_err(db)?;
            stale.len()
        };
        tx.commit().map_err(db)?;
        Ok(resolved)
    }
}

/// Open and muted findings whose resource is marked deleted, in id order so that a
/// failure is reproducible.
const STALE: &str = "SELECT f.id, f.status FROM findings f
     JOIN resources r ON r.provider = f.provider AND r.account_id = f.account_id AND r.region = f.region
                     AND r.resource_type = f.resource_type AND r.resource_id = f.resource_id
     WHERE f.status IN ('open', 'muted') AND r.deleted_at IS NOT NULL
     ORDER BY f.id";

/// Resolves finding `id` (it was `from`) at `now`, with the event saying `why`.
fn close(
    resolve: &mut CachedStatement<'_>,
    event: &mut CachedStatement<'_>,
    id: &str,
    from: FindingStatus,
    now: i64,
    why: &str,
) -> rusqlite::Result<()> {
    resolve.execute(rusqlite::params![id, now])?;
    event.execute(rusqlite::params![id, now, status_text(from), status_text(FindingStatus::Resolved), why])?;
    Ok(())
}

fn prepare<'c>(conn: &'c Connection, action: &'static str, sql: &str) -> Result<CachedStatement<'c>> {
    conn.prepare_cached(sql).map_err(|source| Error::Database { action, source })
}

/// The body of [`Store::record_evaluations`], inside its transaction; `now` in µs.
pub(crate) fn record_in(tx: &Transaction<'_>, now: i64, evaluations: &[Evaluation]) -> Result<EvaluationCommit> {
    let action = "recording evaluations";
    let mut find_resource = prepare(
        tx,
        action,
        "SELECT id FROM resources
         WHERE provider = ?1 AND account_id = ?2 AND region = ?3 AND resource_type = ?4 AND resource_id = ?5",
    )?;
    let mut find_finding = prepare(tx, action, "SELECT status FROM findings WHERE id = ?1")?;
    let mut insert_finding = prepare(
        tx,
        action,
        "INSERT INTO findings (id, rule_id, kind, severity, subject_key, subject,
                               provider, account_id, region, resource_type, resource_id,
                               title, evidence, frameworks, first_seen, last_seen, status, mute_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17)",
    )?;
    let mut refresh_finding = prepare(
        tx,
        action,
        "UPDATE findings SET kind = ?2, severity = ?3, title = ?4, evidence = ?5, frameworks = ?6,
                             last_seen = ?7, status = ?8, mute_reason = ?9, resolved_at = NULL
         WHERE id = ?1",
    )?;
    let mut resolve = prepare(tx, action, RESOLVE)?;
    let mut event = prepare(tx, action, EVENT)?;
    let mut upsert = prepare(
        tx,
        action,
        "INSERT INTO evaluations (rule_id, subject_key, subject, resource, status, config_hash, reason, evaluated_at, fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (rule_id, subject_key) DO UPDATE SET
             subject = excluded.subject, resource = excluded.resource, status = excluded.status,
             config_hash = excluded.config_hash, reason = excluded.reason, evaluated_at = excluded.evaluated_at,
             fingerprint = excluded.fingerprint
         -- The same verdict on the same inputs is not written again: a rescan of an
         -- unchanged account then reads its verdicts instead of rewriting every row, and
         -- `evaluated_at` keeps the time the verdict was reached.
         WHERE evaluations.status IS NOT excluded.status OR evaluations.fingerprint IS NOT excluded.fingerprint
            OR evaluations.fingerprint = '' OR evaluations.reason IS NOT excluded.reason
            OR evaluations.config_hash IS NOT excluded.config_hash OR evaluations.resource IS NOT excluded.resource",
    )?;

    let mut counts = EvaluationCommit::default();
    let mut in_batch: HashSet<(&str, String)> = HashSet::with_capacity(evaluations.len());
    // Row ids of the subjects' resources: a batch holds many rules per subject.
    let mut resource_rows: HashMap<String, Option<i64>> = HashMap::new();
    for ev in evaluations {
        let subject_key = ev.subject.key();
        let invalid = |problem| Error::InvalidEvaluation {
            rule_id: ev.rule_id.clone(),
            subject: Box::new(ev.subject.clone()),
            problem,
        };
        if !in_batch.insert((ev.rule_id.as_str(), subject_key.clone())) {
            return Err(invalid("appears twice in the batch"));
        }
        let db = |source| Error::RecordEvaluation {
            rule_id: ev.rule_id.clone(),
            subject: Box::new(ev.subject.clone()),
            source,
        };
        let subject_json = encode(ev, "subject", &ev.subject)?;
        let resource = match &ev.subject {
            Subject::Resource(key) => match resource_rows.get(&subject_key) {
                Some(row) => *row,
                None => {
                    let row: Option<i64> = find_resource
                        .query_row(
                            [&key.provider, &key.account_id, &key.region, &key.resource_type, &key.resource_id],
                            |row| row.get(0),
                        )
                        .optional()
                        .map_err(db)?;
                    resource_rows.insert(subject_key.clone(), row);
                    row
                }
            },
            Subject::Principal { .. } => None,
        };

        let id = finding_id(&ev.rule_id, &ev.subject);
        // The status of the finding of this rule and subject, if there is one.
        let mut stored = || -> Result<Option<FindingStatus>> {
            find_finding
                .query_row([&id], |row| row.get::<_, String>(0))
                .optional()
                .map_err(db)?
                .map(|text| parse_text(&text))
                .transpose()
                .map_err(|source| Error::BadFinding { id: id.clone(), column: "status", source })
        };

        match (ev.status, &ev.finding) {
            (CheckStatus::Fail, None) => return Err(invalid("is a FAIL without a finding")),
            (CheckStatus::Pass | CheckStatus::NotAssessed, Some(_)) => {
                return Err(invalid("carries a finding but is not a FAIL"))
            }
            (CheckStatus::Fail, Some(finding)) => {
                if finding.rule_id != ev.rule_id || finding.subject != ev.subject {
                    return Err(invalid("carries a finding of another rule or subject"));
                }
                if finding.id != id {
                    return Err(invalid("carries a finding whose id is not finding_id(rule, subject)"));
                }
                if finding.status == FindingStatus::Resolved {
                    return Err(invalid("is a FAIL whose finding is resolved"));
                }
                let to = finding.status;
                let mute_reason = finding.mute_reason.as_deref().filter(|_| to == FindingStatus::Muted);
                let evidence = encode(ev, "evidence", &finding.evidence)?;
                let frameworks = encode(ev, "frameworks", &finding.frameworks)?;
                let stored = stored()?;
                match stored {
                    None => {
                        let [provider, account_id, region, resource_type, resource_id] = subject_columns(&ev.subject);
                        insert_finding
                            .execute(rusqlite::params![
                                id,
                                ev.rule_id,
                                kind_text(finding.kind),
                                severity_text(finding.severity),
                                subject_key,
                                subject_json,
                                provider,
                                account_id,
                                region,
                                resource_type,
                                resource_id,
                                finding.title,
                                evidence,
                                frameworks,
                                now,
                                status_text(to),
                                mute_reason
                            ])
                            .map_err(db)?;
                    }
                    Some(_) => {
                        refresh_finding
                            .execute(rusqlite::params![
                                id,
                                kind_text(finding.kind),
                                severity_text(finding.severity),
                                finding.title,
                                evidence,
                                frameworks,
                                now,
                                status_text(to),
                                mute_reason
                            ])
                            .map_err(db)?;
                    }
                }
                if stored != Some(to) {
                    event
                        .execute(rusqlite::params![
                            id,
                            now,
                            stored.map(status_text),
                            status_text(to),
                            failure_reason(stored, finding)
                        ])
                        .map_err(db)?;
                }
                match (to, stored) {
                    (FindingStatus::Muted, _) => counts.muted += 1,
                    (_, None) => counts.opened += 1,
                    (_, Some(FindingStatus::Resolved)) => counts.reopened += 1,
                    (_, Some(_)) => counts.refreshed += 1,
                }
            }
            (CheckStatus::Pass, None) => {
                if let Some(from @ (FindingStatus::Open | FindingStatus::Muted)) = stored()? {
                    close(&mut resolve, &mut event, &id, from, now, CHECK_PASSED).map_err(db)?;
                    counts.resolved += 1;
                }
                counts.passed += 1;
            }
            (CheckStatus::NotAssessed, None) => counts.not_assessed += 1,
        }

        upsert
            .execute(rusqlite::params![
                ev.rule_id,
                subject_key,
                subject_json,
                resource,
                check_text(ev.status),
                ev.config_hash,
                ev.reason,
                now,
                ev.fingerprint
            ])
            .map_err(db)?;
    }
    Ok(counts)
}

/// The resource key columns of a finding on `subject`: all five for a resource, the
/// account alone for a principal.
fn subject_columns(subject: &Subject) -> [Option<&str>; 5] {
    match subject {
        Subject::Resource(key) => [
            Some(&key.provider),
            Some(&key.account_id),
            Some(&key.region),
            Some(&key.resource_type),
            Some(&key.resource_id),
        ],
        Subject::Principal { account_id, .. } => [None, Some(account_id), None, None, None],
    }
}

/// The event reason of a failure that moved a finding from `from` to `finding.status`.
fn failure_reason(from: Option<FindingStatus>, finding: &Finding) -> String {
    match (from, finding.status) {
        (_, FindingStatus::Muted) => {
            format!("muted: {}", finding.mute_reason.as_deref().unwrap_or("no reason given"))
        }
        (None, _) => "check failed".to_owned(),
        (Some(FindingStatus::Resolved), _) => "check failed again".to_owned(),
        (Some(FindingStatus::Muted), _) => "mute lifted".to_owned(),
        (Some(FindingStatus::Open), _) => "check failed".to_owned(),
    }
}

/// `value`, a `part` of the evaluation `ev`, as JSON text.
fn encode<T: Serialize>(ev: &Evaluation, part: &'static str, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|source| Error::EncodeEvaluation {
        rule_id: ev.rule_id.clone(),
        subject: Box::new(ev.subject.clone()),
        part,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;
    use crate::{EvaluationQuery, FindingQuery};
    use meerkat_model::Severity;
    use rusqlite::Connection;

    fn only(store: &Store) -> Finding {
        let all = store.findings(&FindingQuery::default()).unwrap();
        assert_eq!(all.len(), 1, "{all:#?}");
        all.into_iter().next().unwrap()
    }

    /// (from, to, reason) of the finding's events.
    fn events(store: &Store, id: &str) -> Vec<(Option<FindingStatus>, FindingStatus, String)> {
        store.finding_history(id).unwrap().into_iter().map(|e| (e.from, e.to, e.reason)).collect()
    }

    fn verdict(store: &Store, rule: &str, id: &str) -> (CheckStatus, String, Option<String>, DateTime<Utc>) {
        let rows = store.evaluations(&EvaluationQuery { rule_ids: vec![rule.into()], ..Default::default() }).unwrap();
        let row = rows.into_iter().find(|r| r.subject == subject(id)).expect("a verdict");
        (row.status, row.config_hash, row.reason, row.evaluated_at)
    }

    fn row_count(store: &Store, table: &str) -> i64 {
        store.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }

    use FindingStatus::{Muted, Open, Resolved};

    #[test]
    fn a_failure_opens_a_finding() {
        let (_dir, mut store) = store();
        let ev = fail(RULE, "sg-a", Severity::High);
        let counts = store.record_evaluations(t(0), std::slice::from_ref(&ev)).unwrap();
        assert_eq!(counts, EvaluationCommit { opened: 1, ..Default::default() });

        let f = only(&store);
        let want = Finding { first_seen: t(0), last_seen: t(0), ..ev.finding.clone().unwrap() };
        assert_eq!(f, want, "stored as handed in, with the store's times");
        assert_eq!(events(&store, &f.id), [(None, Open, "check failed".to_owned())]);
        assert_eq!(store.finding_history(&f.id).unwrap()[0].at, t(0));
        let (status, hash, reason, at) = verdict(&store, RULE, "sg-a");
        assert_eq!((status, hash, reason, at), (CheckStatus::Fail, ev.config_hash, ev.reason, t(0)));
    }

    #[test]
    fn a_second_failure_refreshes_keeping_first_seen() {
        let (_dir, mut store) = store();
        store.record_evaluations(t(0), &[fail(RULE, "sg-a", Severity::High)]).unwrap();
        let mut again = fail(RULE, "sg-a", Severity::Critical);
        let finding = again.finding.as_mut().unwrap();
        finding.title = "now also 3389".into();
        finding.evidence = serde_json::json!({"ports": [22, 3389]});
        finding.frameworks.insert("pci-dss-4.0".into(), vec!["1.3.1".into()]);
        let counts = store.record_evaluations(t(10), std::slice::from_ref(&again)).unwrap();
        assert_eq!(counts, EvaluationCommit { refreshed: 1, ..Default::default() });

        let f = only(&store);
        assert_eq!((f.first_seen, f.last_seen, f.status), (t(0), t(10), Open));
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.title, "now also 3389");
        assert_eq!(f.evidence, serde_json::json!({"ports": [22, 3389]}));
        assert_eq!(f.frameworks.len(), 2);
        assert_eq!(events(&store, &f.id).len(), 1, "no status change, no event");
        assert_eq!(verdict(&store, RULE, "sg-a").3, t(10));
    }

    #[test]
    fn a_pass_resolves_and_a_new_failure_reopens() {
        let (_dir, mut store) = store();
        store.record_evaluations(t(0), &[fail(RULE, "sg-a", Severity::High)]).unwrap();
        let counts = store.record_evaluations(t(10), &[pass(RULE, "sg-a")]).unwrap();
        assert_eq!(counts, EvaluationCommit { resolved: 1, passed: 1, ..Default::default() });
        let f = only(&store);
        assert_eq!((f.status, f.first_seen, f.last_seen), (Resolved, t(0), t(0)));
        let resolved_at: Option<i64> =
            store.conn.query_row("SELECT resolved_at FROM findings", [], |r| r.get(0)).unwrap();
        assert_eq!(resolved_at, Some(to_micros(t(10))));
        assert_eq!(verdict(&store, RULE, "sg-a").0, CheckStatus::Pass);

        // Passing again changes nothing but the verdict's time.
        let counts = store.record_evaluations(t(15), &[pass(RULE, "sg-a")]).unwrap();
        assert_eq!(counts, EvaluationCommit { passed: 1, ..Default::default() });

        let counts = store.record_evaluations(t(20), &[fail(RULE, "sg-a", Severity::High)]).unwrap();
        assert_eq!(counts, EvaluationCommit { reopened: 1, ..Default::default() });
        let f = only(&store);
        assert_eq!((f.status, f.first_seen, f.last_seen), (Open, t(0), t(20)));
        let resolved_at: Option<i64> =
            store.conn.query_row("SELECT resolved_at FROM findings", [], |r| r.get(0)).unwrap();
        assert_eq!(resolved_at, None);
        assert_eq!(
            events(&store, &f.id),
            [
                (None, Open, "check failed".to_owned()),
                (Some(Open), Resolved, CHECK_PASSED.to_owned()),
                (Some(Resolved), Open, "check failed again".to_owned()),
            ]
        );
        let at: Vec<_> = store.finding_history(&f.id).unwrap().iter().map(|e| e.at).collect();
        assert_eq!(at, [t(0), t(10), t(20)]);
    }

    #[test]
    fn not_assessed_leaves_open_and_resolved_findings_as_they_are() {
        let (_dir, mut store) = store();
        let open_rule = "open_rule";
        let resolved_rule = "resolved_rule";
        store
            .record_evaluations(
                t(0),
                &[fail(open_rule, "sg-a", Severity::High), fail(resolved_rule, "sg-a", Severity::Low)],
            )
            .unwrap();
        store.record_evaluations(t(5), &[pass(resolved_rule, "sg-a")]).unwrap();
        let before = store.findings(&FindingQuery::default()).unwrap();
        let events_before = row_count(&store, "finding_events");

        let batch = [not_assessed(open_rule, "sg-a"), not_assessed(resolved_rule, "sg-a")];
        let counts = store.record_evaluations(t(10), &batch).unwrap();
        assert_eq!(counts, EvaluationCommit { not_assessed: 2, ..Default::default() });

        assert_eq!(store.findings(&FindingQuery::default()).unwrap(), before);
        assert_eq!(before.iter().map(|f| f.status).collect::<Vec<_>>(), [Open, Resolved]);
        assert_eq!(row_count(&store, "finding_events"), events_before);
        for rule in [open_rule, resolved_rule] {
            let (status, _, reason, at) = verdict(&store, rule, "sg-a");
            assert_eq!((status, reason.as_deref(), at), (CheckStatus::NotAssessed, Some("AccessDenied"), t(10)));
        }
    }

    #[test]
    fn a_muted_finding_stays_muted_and_is_listed_as_muted() {
        let (_dir, mut store) = store();
        let counts = store.record_evaluations(t(0), &[muted(fail(RULE, "sg-a", Severity::High), "bastion")]).unwrap();
        assert_eq!(counts, EvaluationCommit { muted: 1, ..Default::default() });
        let f = only(&store);
        assert_eq!((f.status, f.mute_reason.as_deref()), (Muted, Some("bastion")));

        // Failing again under the same mute refreshes it and keeps it muted.
        let counts = store.record_evaluations(t(10), &[muted(fail(RULE, "sg-a", Severity::High), "bastion")]).unwrap();
        assert_eq!(counts, EvaluationCommit { muted: 1, ..Default::default() });
        let f = only(&store);
        assert_eq!((f.status, f.first_seen, f.last_seen), (Muted, t(0), t(10)));
        let listed = store.findings(&FindingQuery { statuses: vec![Muted], ..Default::default() }).unwrap();
        assert_eq!(listed, std::slice::from_ref(&f));
        assert!(store.findings(&FindingQuery { statuses: vec![Open], ..Default::default() }).unwrap().is_empty());

        // Lifting the mute opens it; muting an open one mutes it; each is an event.
        let counts = store.record_evaluations(t(20), &[fail(RULE, "sg-a", Severity::High)]).unwrap();
        assert_eq!(counts, EvaluationCommit { refreshed: 1, ..Default::default() });
        assert_eq!((only(&store).status, only(&store).mute_reason), (Open, None));
        store.record_evaluations(t(30), &[muted(fail(RULE, "sg-a", Severity::High), "accepted risk")]).unwrap();
        // A muted finding that passes is resolved, and its mute reason goes.
        store.record_evaluations(t(40), &[pass(RULE, "sg-a")]).unwrap();
        assert_eq!((only(&store).status, only(&store).mute_reason), (Resolved, None));
        assert_eq!(
            events(&store, &f.id),
            [
                (None, Muted, "muted: bastion".to_owned()),
                (Some(Muted), Open, "mute lifted".to_owned()),
                (Some(Open), Muted, "muted: accepted risk".to_owned()),
                (Some(Muted), Resolved, CHECK_PASSED.to_owned()),
            ]
        );
    }

    #[test]
    fn findings_of_deleted_resources_resolve_and_their_verdicts_go() {
        let (_dir, mut store) = store();
        let scope = scope("eu-west-1", SG);
        store.commit_scope(&scope, &[sg("sg-a", 22), sg("sg-b", 22), sg("sg-c", 22)], t(0)).unwrap();
        let principal = principal_fail("root_used");
        store
            .record_evaluations(
                t(1),
                &[
                    fail(RULE, "sg-a", Severity::High),
                    muted(fail(RULE, "sg-b", Severity::High), "lab"),
                    fail(RULE, "sg-c", Severity::High),
                    fail("other_rule", "sg-a", Severity::Low),
                    principal,
                ],
            )
            .unwrap();
        store.record_evaluations(t(2), &[pass("other_rule", "sg-a")]).unwrap();
        assert_eq!(store.resolve_findings_of_deleted(t(3)).unwrap(), 0, "nothing is deleted yet");

        store.commit_scope(&scope, &[sg("sg-c", 22)], t(10)).unwrap();
        assert_eq!(store.resolve_findings_of_deleted(t(11)).unwrap(), 2);
        let status =
            |rule: &str, subject: &Subject| store.finding(&finding_id(rule, subject)).unwrap().map(|f| f.status);
        assert_eq!(status(RULE, &subject("sg-a")), Some(Resolved));
        assert_eq!(status(RULE, &subject("sg-b")), Some(Resolved));
        assert_eq!(status(RULE, &subject("sg-c")), Some(Open), "still there");
        assert_eq!(status("other_rule", &subject("sg-a")), Some(Resolved), "resolved earlier by a pass");
        assert_eq!(status("root_used", &principal_subject()), Some(Open), "principals are not resources");
        assert_eq!(
            events(&store, &finding_id(RULE, &subject("sg-b"))).last().unwrap(),
            &(Some(Muted), Resolved, RESOURCE_DELETED.to_owned())
        );
        assert_eq!(events(&store, &finding_id("other_rule", &subject("sg-a"))).len(), 2, "no second resolution");
        assert_eq!(store.finding_history(&finding_id(RULE, &subject("sg-a"))).unwrap()[1].at, t(11));

        // Verdicts on deleted resources no longer count nor let the engine skip them.
        let subjects: Vec<String> =
            store.evaluations(&EvaluationQuery::default()).unwrap().iter().map(|r| r.subject.key()).collect();
        assert_eq!(subjects, [subject("sg-c").key(), principal_subject().key()]);
        let held = store.held_verdicts(&[RULE.to_owned(), "other_rule".to_owned()]).unwrap();
        assert!(held.is_empty(), "{held:?}");

        // A second call finds nothing more to do.
        assert_eq!(store.resolve_findings_of_deleted(t(12)).unwrap(), 0);

        // The resource comes back, still failing: its finding reopens.
        store.commit_scope(&scope, &[sg("sg-a", 22), sg("sg-c", 22)], t(20)).unwrap();
        let counts = store.record_evaluations(t(21), &[fail(RULE, "sg-a", Severity::High)]).unwrap();
        assert_eq!(counts, EvaluationCommit { reopened: 1, ..Default::default() });
    }

    #[test]
    fn evaluations_of_resources_not_in_the_inventory_are_kept() {
        let (_dir, mut store) = store();
        store.record_evaluations(t(0), &[pass(RULE, "sg-planned")]).unwrap();
        assert_eq!(store.resolve_findings_of_deleted(t(1)).unwrap(), 0);
        assert_eq!(verdict(&store, RULE, "sg-planned").0, CheckStatus::Pass);
    }

    #[test]
    fn inconsistent_evaluations_are_refused_and_nothing_is_kept() {
        let (_dir, mut store) = store();
        let mut no_finding = fail(RULE, "sg-x", Severity::High);
        no_finding.finding = None;
        let mut pass_with_finding = pass(RULE, "sg-x");
        pass_with_finding.finding = fail(RULE, "sg-x", Severity::High).finding;
        let mut other_subject = fail(RULE, "sg-x", Severity::High);
        other_subject.finding = fail(RULE, "sg-y", Severity::High).finding;
        let mut bad_id = fail(RULE, "sg-x", Severity::High);
        bad_id.finding.as_mut().unwrap().id = "0".repeat(32);
        let mut resolved = fail(RULE, "sg-x", Severity::High);
        resolved.finding.as_mut().unwrap().status = Resolved;
        let cases = [
            (vec![fail(RULE, "sg-a", Severity::Low), fail(RULE, "sg-a", Severity::Low)], "sg-a", "twice"),
            (vec![fail(RULE, "sg-a", Severity::Low), no_finding], "sg-x", "without a finding"),
            (vec![pass_with_finding], "sg-x", "not a FAIL"),
            (vec![other_subject], "sg-x", "another rule or subject"),
            (vec![bad_id], "sg-x", "finding_id"),
            (vec![fail(RULE, "sg-a", Severity::Low), resolved], "sg-x", "resolved"),
        ];
        for (batch, subject_id, problem) in cases {
            let err = store.record_evaluations(t(0), &batch).unwrap_err();
            assert!(
                matches!(&err, Error::InvalidEvaluation { rule_id, subject: s, .. }
                    if rule_id == RULE && **s == subject(subject_id)),
                "{err:?}"
            );
            assert!(err.to_string().contains(problem), "{err}");
            for table in ["findings", "finding_events", "evaluations"] {
                assert_eq!(row_count(&store, table), 0, "{problem}: {table}");
            }
        }
    }

    #[test]
    fn a_database_failure_midway_leaves_the_previous_state() {
        let (dir, mut store) = store();
        let path = dir.path().join("meerkat.db");
        store
            .record_evaluations(t(0), &[fail(RULE, "sg-a", Severity::High), fail(RULE, "sg-b", Severity::High)])
            .unwrap();
        let findings_before = store.findings(&FindingQuery::default()).unwrap();
        let verdicts_before = store.evaluations(&EvaluationQuery::default()).unwrap();
        let events_before = row_count(&store, "finding_events");

        // Another connection makes SQLite itself refuse the third evaluation's event,
        // after the first two have changed findings and verdicts inside the transaction.
        let boom = finding_id(RULE, &subject("sg-boom"));
        let saboteur = Connection::open(&path).unwrap();
        saboteur
            .execute_batch(&format!(
                "CREATE TRIGGER boom BEFORE INSERT ON finding_events WHEN NEW.finding = '{boom}'
                 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;"
            ))
            .unwrap();
        let batch = [pass(RULE, "sg-a"), fail(RULE, "sg-new", Severity::Low), fail(RULE, "sg-boom", Severity::Low)];
        let err = store.record_evaluations(t(10), &batch).unwrap_err();
        assert!(
            matches!(&err, Error::RecordEvaluation { rule_id, subject: s, .. }
                if rule_id == RULE && **s == subject("sg-boom")),
            "{err:?}"
        );

        let fresh = Store::open(&path).unwrap();
        for s in [&store, &fresh] {
            assert_eq!(s.findings(&FindingQuery::default()).unwrap(), findings_before);
            assert_eq!(s.evaluations(&EvaluationQuery::default()).unwrap(), verdicts_before);
            assert_eq!(row_count(s, "finding_events"), events_before);
        }

        // Once the cause is gone the same batch goes through whole.
        saboteur.execute_batch("DROP TRIGGER boom").unwrap();
        let counts = store.record_evaluations(t(10), &batch).unwrap();
        assert_eq!(counts, EvaluationCommit { opened: 2, resolved: 1, passed: 1, ..Default::default() });
        assert_eq!(fresh.findings(&FindingQuery { statuses: vec![Open], ..Default::default() }).unwrap().len(), 3);
    }

    #[test]
    fn a_bad_stored_status_fails_the_batch_naming_the_finding() {
        let (_dir, mut store) = store();
        store.record_evaluations(t(0), &[fail(RULE, "sg-a", Severity::High)]).unwrap();
        let id = finding_id(RULE, &subject("sg-a"));
        store.conn.execute_batch("PRAGMA ignore_check_constraints = ON").unwrap();
        store.conn.execute("UPDATE findings SET status = 'gone'", []).unwrap();
        let err = store.record_evaluations(t(10), &[pass(RULE, "sg-a")]).unwrap_err();
        assert!(matches!(&err, Error::BadFinding { id: i, column: "status", .. } if *i == id), "{err:?}");
        assert!(err.to_string().contains(&id), "{err}");
        assert_eq!(verdict(&store, RULE, "sg-a").0, CheckStatus::Fail, "the batch was rolled back");
    }

    #[test]
    fn the_times_kept_are_truncated_to_the_microsecond() {
        let (_dir, mut store) = store();
        let at = t(0) + chrono::Duration::nanoseconds(123_456_789);
        store.record_evaluations(at, &[fail(RULE, "sg-a", Severity::High)]).unwrap();
        let f = only(&store);
        assert_eq!(f.first_seen, t(0) + chrono::Duration::microseconds(123_456));
        assert_eq!(store.finding_history(&f.id).unwrap()[0].at, f.first_seen);
    }

    #[test]
    fn the_same_verdict_on_the_same_inputs_keeps_its_time() {
        let (_dir, mut store) = store();
        let printed = |mut ev: Evaluation, fp: &str| {
            ev.fingerprint = fp.into();
            ev
        };
        store.record_evaluations(t(0), &[printed(pass(RULE, "sg-a"), "f1"), pass(RULE, "sg-b")]).unwrap();
        store.record_evaluations(t(5), &[printed(pass(RULE, "sg-a"), "f1"), pass(RULE, "sg-b")]).unwrap();
        assert_eq!(verdict(&store, RULE, "sg-a").3, t(0), "carried unchanged: the time it was reached");
        assert_eq!(verdict(&store, RULE, "sg-b").3, t(5), "no fingerprint: always rewritten");
        store.record_evaluations(t(9), &[printed(pass(RULE, "sg-a"), "f2")]).unwrap();
        assert_eq!(verdict(&store, RULE, "sg-a").3, t(9), "new inputs: judged again");
    }
}
