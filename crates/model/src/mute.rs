//! Mute rules: accepted risks, kept as findings and shown as muted, never deleted.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One accepted risk. Every field given must match; a rule without a reason is refused
/// when the file is read (an unexplained mute is how findings get lost).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MuteRule {
    /// Check or rule id, `*` and `?` wildcards allowed.
    #[serde(default)]
    pub check: Option<String>,
    /// Resource id or ARN, wildcards allowed.
    #[serde(default)]
    pub resource: Option<String>,
    /// Account id, wildcards allowed.
    #[serde(default)]
    pub account: Option<String>,
    /// Region, wildcards allowed.
    #[serde(default)]
    pub region: Option<String>,
    /// Tags the resource must all have, with these values (`*` wildcards allowed).
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Why the risk is accepted; shown with the muted finding.
    pub reason: String,
    /// After this time the rule no longer mutes anything.
    #[serde(default)]
    pub expires: Option<DateTime<Utc>>,
}

/// What a mute rule is matched against.
#[derive(Debug, Clone, Copy)]
pub struct MuteSubject<'a> {
    /// Check or rule id.
    pub check: &'a str,
    /// Resource id.
    pub resource_id: &'a str,
    /// Resource ARN, when it has one.
    pub arn: Option<&'a str>,
    /// Account id.
    pub account: &'a str,
    /// Region.
    pub region: &'a str,
    /// Resource tags.
    pub tags: &'a BTreeMap<String, String>,
}

impl MuteRule {
    /// True when the rule applies to `subject` at time `now`.
    pub fn matches(&self, subject: &MuteSubject<'_>, now: DateTime<Utc>) -> bool {
        if self.expires.is_some_and(|e| e <= now) {
            return false;
        }
        let field = |pattern: &Option<String>, value: &str| pattern.as_deref().is_none_or(|p| wildcard(p, value));
        field(&self.check, subject.check)
            && self.resource.as_deref().is_none_or(|p| {
                wildcard(p, subject.resource_id) || subject.arn.is_some_and(|arn| wildcard(p, arn))
            })
            && field(&self.account, subject.account)
            && field(&self.region, subject.region)
            && self.tags.iter().all(|(k, p)| subject.tags.get(k).is_some_and(|v| wildcard(p, v)))
    }

    /// True when the rule names at least one condition; an empty rule would mute everything.
    pub fn is_scoped(&self) -> bool {
        self.check.is_some() || self.resource.is_some() || self.account.is_some() || self.region.is_some() || !self.tags.is_empty()
    }
}

/// A set of mute rules, as a mute file holds them (`mutes: [...]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MuteRules {
    /// The rules, first match wins.
    #[serde(default)]
    pub mutes: Vec<MuteRule>,
}

impl MuteRules {
    /// The first rule muting `subject` at `now`.
    pub fn find(&self, subject: &MuteSubject<'_>, now: DateTime<Utc>) -> Option<&MuteRule> {
        self.mutes.iter().find(|rule| rule.matches(subject, now))
    }

    /// Problems that make the rules unsafe to apply, by rule index: an empty reason, or
    /// no condition at all.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, rule) in self.mutes.iter().enumerate() {
            if rule.reason.trim().is_empty() {
                out.push(format!("mute rule {}: the reason is empty; say why the risk is accepted", i + 1));
            }
            if !rule.is_scoped() {
                out.push(format!("mute rule {}: no check, resource, account, region or tag; it would mute everything", i + 1));
            }
        }
        out
    }
}

/// `*` (any run, also empty) and `?` (one character) wildcard match of the whole value.
pub fn wildcard(pattern: &str, value: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let v: Vec<char> = value.chars().collect();
    // Iterative matcher with backtracking to the last star: linear in practice, no
    // recursion, so a hostile pattern cannot blow the stack.
    let (mut pi, mut vi) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while vi < v.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == v[vi]) {
            pi += 1;
            vi += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = vi;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            vi = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject<'a>(tags: &'a BTreeMap<String, String>) -> MuteSubject<'a> {
        MuteSubject {
            check: "s3_bucket_versioning_enabled",
            resource_id: "logs-eu",
            arn: Some("arn:aws:s3:::logs-eu"),
            account: "123456789012",
            region: "eu-west-1",
            tags,
        }
    }

    fn rule(reason: &str) -> MuteRule {
        MuteRule { check: None, resource: None, account: None, region: None, tags: BTreeMap::new(), reason: reason.into(), expires: None }
    }

    #[test]
    fn wildcards() {
        assert!(wildcard("s3_*", "s3_bucket"));
        assert!(wildcard("*", ""));
        assert!(wildcard("a?c", "abc"));
        assert!(!wildcard("a?c", "ac"));
        assert!(wildcard("*-eu*", "logs-eu"));
        assert!(!wildcard("logs", "logs-eu"));
        assert!(wildcard("**a*b*c**", "xxaxxbxxc"));
        assert!(!wildcard(&"*a".repeat(50), &"a".repeat(40)));
    }

    #[test]
    fn every_given_field_must_match() {
        let mut tags = BTreeMap::new();
        tags.insert("Env".to_owned(), "sandbox".to_owned());
        let now = Utc::now();
        let mut r = rule("disposable");
        r.check = Some("s3_*".into());
        r.resource = Some("arn:aws:s3:::logs-*".into());
        r.tags.insert("Env".into(), "sand*".into());
        assert!(r.matches(&subject(&tags), now));
        r.region = Some("us-*".into());
        assert!(!r.matches(&subject(&tags), now));
        r.region = None;
        r.tags.insert("Owner".into(), "*".into());
        assert!(!r.matches(&subject(&tags), now), "a missing tag does not match");
    }

    #[test]
    fn expired_rules_mute_nothing() {
        let tags = BTreeMap::new();
        let mut r = rule("until the migration");
        r.check = Some("*".into());
        r.expires = Some(Utc::now() - chrono::Duration::days(1));
        assert!(!r.matches(&subject(&tags), Utc::now()));
        r.expires = Some(Utc::now() + chrono::Duration::days(1));
        assert!(r.matches(&subject(&tags), Utc::now()));
    }

    #[test]
    fn unsafe_rules_are_reported() {
        let rules = MuteRules { mutes: vec![rule(" "), rule("ok")] };
        let problems = rules.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("rule 1") && problems[0].contains("reason"));
    }
}
