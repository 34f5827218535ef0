//! Rule tuning: the one file where a team writes down which alerts it does not want,
//! and why.
//!
//! ```yaml
//! disable:                      # a rule off everywhere (`*` and `?` wildcards)
//!   - rule: iam_console_login_without_mfa
//!     reason: every human signs in through SSO; IAM users have no console password
//!     expires: 2025-12-31T00:00:00Z          # optional, RFC 3339
//! suppress:                     # a rule off for some events; every condition given must match
//!   - rule: baseline_volume_spike
//!     principal: arn:aws:iam::*:role/nightly-backup   # caller's ARN or its role's ARN
//!     reason: the backup job lists every bucket at 02:00
//!   - rule: "*"
//!     source_ip: 10.20.0.0/16                          # an address or CIDR block
//!     reason: the red-team range
//!   - rule: iam_access_key_created_for_other_user
//!     fields: {requestParameters.userName: "svc-*"}    # dotted path into the record
//!     reason: service users get their keys from the provisioning pipeline
//! trusted:                      # known-good callers: baselines raise no anomaly for them
//!   ips: [203.0.113.0/24]
//!   principals: ["arn:aws:iam::*:role/SecurityAudit"]
//!   user_agents: ["*prowler*"]
//! ```
//!
//! [`Tuning::from_yaml`] refuses an entry without a `reason`, with an unknown key, or
//! (for `suppress`) with no condition at all — an unexplained or unscoped exception
//! is how alerts get lost — and names the file and the entry. Expired entries stay in
//! the file and apply to nothing ([`Tuning::expired`] lists them for a warning).
//!
//! The `trusted` lists are judged by [`baseline`](crate::baseline) only: they describe
//! known-good behaviour, which is what a baseline measures. A Sigma rule is silenced
//! only by an explicit `disable` or `suppress` entry, so that trusting the office
//! network never hides `StopLogging`. Patterns use [`meerkat_model::wildcard`], the
//! matcher of posture mute rules; user-agent patterns ignore case.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use meerkat_model::wildcard;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::baseline::Principal;
use crate::{Event, View};

/// A tuning or baseline configuration file that could not be used: the file, the entry
/// (`suppress entry 3`, one-based) when one is at fault, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {}{reason}", entry.as_ref().map(|e| format!("{e}: ")).unwrap_or_default())]
pub struct ConfigError {
    /// The file, as the caller named it.
    pub file: String,
    /// The entry at fault (`disable entry 2`), when it is one entry.
    pub entry: Option<String>,
    /// What is wrong.
    pub reason: String,
}

/// An IPv4 or IPv6 address or CIDR block (`192.0.2.7`, `203.0.113.0/24`,
/// `2001:db8::/32`). Host bits below the prefix are ignored. Written and read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Whether `ip` is in the block. IPv4-mapped IPv6 addresses count as IPv4.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(ip) & mask == u32::from(net)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(ip) & mask == u128::from(net)
            }
            _ => false,
        }
    }

    /// [`contains`](Self::contains) of text; what is not an address (a service name such
    /// as `ec2.amazonaws.com`, `AWS Internal`) is in no block.
    pub fn contains_str(&self, text: &str) -> bool {
        text.trim().parse().is_ok_and(|ip| self.contains(ip))
    }
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text.trim(), None),
        };
        let ip: IpAddr = addr.trim().parse().map_err(|_| format!("{text:?} is not an IP address or CIDR block"))?;
        let ip = ip.to_canonical();
        let bits: u8 = if ip.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            Some(p) => match p.trim().parse::<u8>() {
                Ok(p) if p <= bits => p,
                _ => return Err(format!("{text:?}: the prefix length must be a number from 0 to {bits}")),
            },
        };
        let addr = match ip {
            IpAddr::V4(v4) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
                IpAddr::V4((u32::from(v4) & mask).into())
            }
            IpAddr::V6(v6) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
                IpAddr::V6((u128::from(v6) & mask).into())
            }
        };
        Ok(Cidr { addr, prefix })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

impl Serialize for Cidr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cidr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Known-good callers. A baseline anomaly whose event matches any entry is not
/// reported (it is counted in [`Stats::suppressed`](crate::baseline::Stats::suppressed)),
/// and the event is still learned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trusted {
    /// `sourceIPAddress` addresses or CIDR blocks (`203.0.113.0/24`, `2001:db8::/32`).
    #[serde(default)]
    pub ips: Vec<Cidr>,
    /// Principal ARN patterns (`*`, `?`), matched against the caller's own ARN
    /// (`arn:aws:sts::…:assumed-role/Role/session`) and the principal its baseline is
    /// kept under (the role's ARN for a session).
    #[serde(default)]
    pub principals: Vec<String>,
    /// `userAgent` patterns (`*`, `?`), case ignored (`*prowler*`).
    #[serde(default)]
    pub user_agents: Vec<String>,
}

impl Trusted {
    /// True when no list has an entry.
    pub fn is_empty(&self) -> bool {
        self.ips.is_empty() && self.principals.is_empty() && self.user_agents.is_empty()
    }

    /// Adds the entries of `other` (the tuning file's lists to a baseline config's).
    pub fn extend(&mut self, other: &Trusted) {
        self.ips.extend(other.ips.iter().copied());
        self.principals.extend(other.principals.iter().cloned());
        self.user_agents.extend(other.user_agents.iter().cloned());
    }

    /// Whether the event comes from a trusted address, principal or user agent.
    pub fn trusts(&self, event: &Event) -> bool {
        let view = event.view();
        let principal = Principal::of(&view);
        self.trusts_view(&view, principal.as_ref().map(|p| p.key.as_str()))
    }

    /// [`trusts`](Self::trusts), given the view and the principal already worked out.
    pub(crate) fn trusts_view(&self, view: &View<'_>, principal: Option<&str>) -> bool {
        if self.is_empty() {
            return false;
        }
        if let Some(ip) = view.source_ip_address.and_then(|s| s.trim().parse::<IpAddr>().ok()) {
            if self.ips.iter().any(|c| c.contains(ip)) {
                return true;
            }
        }
        let arn = view.user_identity.arn;
        if self
            .principals
            .iter()
            .any(|p| arn.is_some_and(|a| wildcard(p, a)) || principal.is_some_and(|k| wildcard(p, k)))
        {
            return true;
        }
        if let Some(agent) = view.user_agent.filter(|_| !self.user_agents.is_empty()) {
            let agent = agent.to_lowercase();
            return self.user_agents.iter().any(|p| wildcard(&p.to_lowercase(), &agent));
        }
        false
    }
}

/// A rule turned off everywhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disable {
    /// Rule id pattern (`*`, `?`): a Sigma rule's id, or a baseline anomaly's
    /// ([`AnomalyKind::rule_id`](crate::baseline::AnomalyKind::rule_id), `baseline_*`).
    pub rule: String,
    /// Why; mandatory, shown wherever the rule's silence is reported.
    pub reason: String,
    /// From this time on the entry applies to nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<DateTime<Utc>>,
}

/// A rule turned off for some events: every condition given must match, and at least
/// one must be given (else it would be a [`Disable`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// Rule id pattern (`*`, `?`).
    pub rule: String,
    /// Principal ARN pattern, matched against the caller's ARN and its baseline
    /// principal (the role's ARN for an assumed-role session).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// `sourceIPAddress` address or CIDR block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<Cidr>,
    /// Dotted paths into the record (`requestParameters.bucketName`, `resources.0.ARN`)
    /// and the pattern (`*`, `?`) each value must match. Numbers and booleans are
    /// matched as JSON writes them; an absent field or an object never matches.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Why; mandatory.
    pub reason: String,
    /// From this time on the entry applies to nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<DateTime<Utc>>,
}

impl Suppression {
    /// Whether the entry silences `rule_id` for `event` at `now`.
    pub fn matches(&self, rule_id: &str, event: &Event, now: DateTime<Utc>) -> bool {
        if self.expires.is_some_and(|e| e <= now) || !wildcard(&self.rule, rule_id) {
            return false;
        }
        let view = event.view();
        if let Some(pattern) = &self.principal {
            let own = view.user_identity.arn.is_some_and(|a| wildcard(pattern, a));
            if !own && !Principal::of(&view).is_some_and(|p| wildcard(pattern, &p.key)) {
                return false;
            }
        }
        if let Some(block) = &self.source_ip {
            if !view.source_ip_address.is_some_and(|s| block.contains_str(s)) {
                return false;
            }
        }
        self.fields.iter().all(|(path, pattern)| field(event.raw(), path).is_some_and(|v| wildcard(pattern, &v)))
    }

    fn is_scoped(&self) -> bool {
        self.principal.is_some() || self.source_ip.is_some() || !self.fields.is_empty()
    }
}

/// The value at a dotted path, as text: strings as they are, numbers and booleans as
/// JSON writes them.
fn field(raw: &Value, path: &str) -> Option<String> {
    let mut at = raw;
    for key in path.split('.') {
        at = match at {
            Value::Object(map) => map.get(key)?,
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match at {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A loaded tuning file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tuning {
    /// Rules off everywhere; the first match wins.
    pub disable: Vec<Disable>,
    /// Rules off for some events; the first match wins.
    pub suppress: Vec<Suppression>,
    /// Known-good callers, for the baselines.
    pub trusted: Trusted,
}

/// The file's top level; entries are read one by one to name the one at fault.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    disable: Vec<yaml_serde::Value>,
    #[serde(default)]
    suppress: Vec<yaml_serde::Value>,
    #[serde(default)]
    trusted: Option<yaml_serde::Value>,
}

impl Tuning {
    /// Reads a tuning file. `file` names it in errors. An empty file is an empty tuning.
    ///
    /// ```
    /// use meerkat_detect::tuning::Tuning;
    /// let text = "disable:\n  - rule: guardduty_*\n    reason: GuardDuty is managed by the org account\n";
    /// let tuning = Tuning::from_yaml("tuning.yaml", text).unwrap();
    /// let now = chrono::Utc::now();
    /// assert_eq!(tuning.disabled("guardduty_detector_deleted", now), Some("GuardDuty is managed by the org account"));
    ///
    /// let error = Tuning::from_yaml("tuning.yaml", "disable:\n  - rule: x\n").unwrap_err();
    /// assert_eq!(error.to_string(), "tuning.yaml: disable entry 1: missing field `reason`");
    /// ```
    pub fn from_yaml(file: &str, text: &str) -> Result<Tuning, ConfigError> {
        let error = |entry: Option<String>, reason: String| ConfigError { file: file.to_owned(), entry, reason };
        let value: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| error(None, e.to_string()))?;
        if value.is_null() {
            return Ok(Tuning::default());
        }
        let raw: File = yaml_serde::from_value(value).map_err(|e| error(None, e.to_string()))?;
        let mut tuning = Tuning::default();
        for (i, entry) in raw.disable.into_iter().enumerate() {
            let at = || Some(format!("disable entry {}", i + 1));
            let entry: Disable = yaml_serde::from_value(entry).map_err(|e| error(at(), e.to_string()))?;
            check_common(&entry.rule, &entry.reason).map_err(|reason| error(at(), reason))?;
            tuning.disable.push(entry);
        }
        for (i, entry) in raw.suppress.into_iter().enumerate() {
            let at = || Some(format!("suppress entry {}", i + 1));
            let entry: Suppression = yaml_serde::from_value(entry).map_err(|e| error(at(), e.to_string()))?;
            check_common(&entry.rule, &entry.reason).map_err(|reason| error(at(), reason))?;
            if !entry.is_scoped() {
                let reason = "no principal, source_ip or fields: it would silence the rule everywhere (use `disable`)";
                return Err(error(at(), reason.to_owned()));
            }
            if let Some(path) = entry.fields.keys().find(|p| p.split('.').any(str::is_empty)) {
                return Err(error(at(), format!("field path {path:?} has an empty segment")));
            }
            tuning.suppress.push(entry);
        }
        if let Some(trusted) = raw.trusted.filter(|t| !t.is_null()) {
            tuning.trusted =
                yaml_serde::from_value(trusted).map_err(|e| error(Some("trusted".to_owned()), e.to_string()))?;
        }
        Ok(tuning)
    }

    /// The reason `rule_id` is disabled at `now`, if it is.
    pub fn disabled(&self, rule_id: &str, now: DateTime<Utc>) -> Option<&str> {
        self.disable
            .iter()
            .find(|d| d.expires.is_none_or(|e| e > now) && wildcard(&d.rule, rule_id))
            .map(|d| d.reason.as_str())
    }

    /// The first suppression silencing `rule_id` for `event` at `now`.
    ///
    /// ```
    /// use meerkat_detect::{tuning::Tuning, Event, Origin};
    /// let tuning = Tuning::from_yaml("t.yaml", "suppress:\n  - rule: '*'\n    source_ip: 10.0.0.0/8\n    reason: lab\n").unwrap();
    /// let raw = serde_json::json!({"eventTime": "2024-05-01T10:00:00Z", "eventSource": "iam.amazonaws.com",
    ///     "eventName": "CreateUser", "sourceIPAddress": "10.1.2.3"});
    /// let event = Event::from_value(raw, Origin { path: std::path::Path::new("-").into(), index: 0 }).unwrap();
    /// assert_eq!(tuning.suppressed("any_rule", &event, event.time()).map(|s| s.reason.as_str()), Some("lab"));
    /// ```
    pub fn suppressed(&self, rule_id: &str, event: &Event, now: DateTime<Utc>) -> Option<&Suppression> {
        self.suppress.iter().find(|s| s.matches(rule_id, event, now))
    }

    /// Entries that have expired at `now`, one line each (`suppress entry 2 (rule x) expired …`),
    /// for a warning: they still sit in the file but silence nothing.
    pub fn expired(&self, now: DateTime<Utc>) -> Vec<String> {
        let disable = self.disable.iter().enumerate().map(|(i, d)| ("disable", i, &d.rule, d.expires));
        let suppress = self.suppress.iter().enumerate().map(|(i, s)| ("suppress", i, &s.rule, s.expires));
        disable
            .chain(suppress)
            .filter_map(|(section, i, rule, expires)| {
                let at = expires.filter(|e| *e <= now)?;
                Some(format!("{section} entry {} (rule {rule}) expired {}", i + 1, at.to_rfc3339()))
            })
            .collect()
    }
}

fn check_common(rule: &str, reason: &str) -> Result<(), String> {
    if rule.trim().is_empty() {
        return Err("`rule` is empty (use \"*\" for every rule)".to_owned());
    }
    if reason.trim().is_empty() {
        return Err("`reason` is empty: say why the alert is not wanted".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_parse_contains_display() {
        let block: Cidr = "203.0.113.77/24".parse().unwrap();
        assert_eq!(block.to_string(), "203.0.113.0/24");
        assert!(block.contains_str("203.0.113.1"));
        assert!(block.contains_str("::ffff:203.0.113.9"));
        assert!(!block.contains_str("203.0.114.1"));
        assert!(!block.contains_str("ec2.amazonaws.com"));
        let one: Cidr = "192.0.2.7".parse().unwrap();
        assert!(one.contains_str("192.0.2.7") && !one.contains_str("192.0.2.8"));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains_str("8.8.8.8") && !all.contains_str("2001:db8::1"));
        let v6: Cidr = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains_str("2001:db8:ffff::1") && !v6.contains_str("2001:db9::1"));
        let any6: Cidr = "::/0".parse().unwrap();
        assert!(any6.contains_str("2001:db8::1"));
        for bad in ["", "10.0.0.0/33", "10.0.0.0/x", "nope", "2001:db8::/129"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn dotted_fields() {
        let raw = serde_json::json!({"a": {"b": [{"c": "x"}, 5]}, "t": true});
        assert_eq!(field(&raw, "a.b.0.c").as_deref(), Some("x"));
        assert_eq!(field(&raw, "a.b.1").as_deref(), Some("5"));
        assert_eq!(field(&raw, "t").as_deref(), Some("true"));
        assert_eq!(field(&raw, "a.b"), None);
        assert_eq!(field(&raw, "a.z"), None);
        assert_eq!(field(&raw, "a.b.x"), None);
    }
}
