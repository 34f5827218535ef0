//! What a baseline reports: an [`Anomaly`], its kind and the factors of its score.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::PrincipalKind;

/// The kinds of anomaly. A closed set: code that matches on it lists every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    /// The principal called a sensitive API (`data/sensitive_apis.txt`) for the first time.
    SensitiveApiFirstUse,
    /// The principal called a regional service in a region it never used.
    NewRegion,
    /// A long-lived access key (`AKIA…`) was used from a network its principal was never
    /// seen on.
    NewNetworkForKey,
    /// More calls in the current hour than the principal's learned hourly distribution allows.
    VolumeSpike,
    /// More failed calls in the current hour than the principal's learned distribution
    /// allows, at an error rate well above its usual one.
    ErrorSpike,
    /// Activity in an hour of the day the principal, which keeps regular hours, is not
    /// active in.
    UnusualHour,
    /// One access key used from two distant networks within minutes.
    KeyTwoNetworks,
}

impl AnomalyKind {
    /// Every kind.
    pub const ALL: [AnomalyKind; 7] = [
        AnomalyKind::SensitiveApiFirstUse,
        AnomalyKind::NewRegion,
        AnomalyKind::NewNetworkForKey,
        AnomalyKind::VolumeSpike,
        AnomalyKind::ErrorSpike,
        AnomalyKind::UnusualHour,
        AnomalyKind::KeyTwoNetworks,
    ];

    /// The rule id a finding of this kind carries, and that a
    /// [tuning](crate::tuning) file names (`baseline_*` for all).
    pub fn rule_id(self) -> &'static str {
        match self {
            AnomalyKind::SensitiveApiFirstUse => "baseline_sensitive_api_first_use",
            AnomalyKind::NewRegion => "baseline_new_region",
            AnomalyKind::NewNetworkForKey => "baseline_new_network_for_key",
            AnomalyKind::VolumeSpike => "baseline_volume_spike",
            AnomalyKind::ErrorSpike => "baseline_error_spike",
            AnomalyKind::UnusualHour => "baseline_unusual_hour",
            AnomalyKind::KeyTwoNetworks => "baseline_key_two_networks",
        }
    }

    /// Whether it reports something seen for the first time; those count against the
    /// daily cap ([`BaselineConfig::first_seen_daily_cap`](super::BaselineConfig::first_seen_daily_cap)).
    pub fn is_first_seen(self) -> bool {
        match self {
            AnomalyKind::SensitiveApiFirstUse | AnomalyKind::NewRegion | AnomalyKind::NewNetworkForKey => true,
            AnomalyKind::VolumeSpike
            | AnomalyKind::ErrorSpike
            | AnomalyKind::UnusualHour
            | AnomalyKind::KeyTwoNetworks => false,
        }
    }
}

/// One part of a score: points (negative lowers it) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factor {
    /// Points added (or taken away).
    pub points: i32,
    /// Why, in a few words.
    pub reason: String,
}

/// A departure from a principal's learned behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anomaly {
    /// The principal's key (an ARN; the role's for a session).
    pub principal: String,
    /// The principal's kind.
    pub principal_kind: PrincipalKind,
    /// What kind of departure.
    pub kind: AnomalyKind,
    /// What is new or out of line: the API (`iam:CreateUser`), the region, the network
    /// (`198.51.100.0/24`), the key, the hour (`2024-05-01T14:00Z`).
    pub subject: String,
    /// One line for a human: `first call of iam:CreateAccessKey by arn:… after 12 days
    /// of history; 41 distinct APIs known`.
    pub explanation: String,
    /// 0–100, the sum of the factors, clamped.
    pub score: u8,
    /// What the score is made of, the kind's base first.
    pub factors: Vec<Factor>,
    /// `eventID` of the record that showed it.
    pub event_id: Option<String>,
    /// `eventTime` of that record.
    pub event_time: DateTime<Utc>,
    /// Its `sourceIPAddress`.
    pub source_ip: Option<String>,
    /// MITRE ATT&CK technique ids, where the link is obvious.
    pub attack: Vec<String>,
}

/// Sums factors into a 0–100 score.
pub(crate) fn score(factors: &[Factor]) -> u8 {
    factors.iter().map(|f| i64::from(f.points)).sum::<i64>().clamp(0, 100) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_distinct_and_prefixed() {
        let mut ids: Vec<&str> = AnomalyKind::ALL.iter().map(|k| k.rule_id()).collect();
        assert!(ids.iter().all(|id| id.starts_with("baseline_")));
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), AnomalyKind::ALL.len());
    }

    #[test]
    fn scores_clamp() {
        let f = |points| Factor { points, reason: String::new() };
        assert_eq!(score(&[f(80), f(40)]), 100);
        assert_eq!(score(&[f(10), f(-40)]), 0);
        assert_eq!(score(&[f(50), f(-10)]), 40);
    }
}
