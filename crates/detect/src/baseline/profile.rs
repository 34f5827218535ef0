//! One principal's learned behaviour, and how a record updates it.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::anomaly::{Anomaly, AnomalyKind};
use super::features::{agent_family_into, regional, service, Net, Recent, Seen, Stamped};
use super::{BaselineConfig, Caps, PrincipalKind};
use crate::View;

/// The longest API key (`service:EventName`), region, or access key id kept; longer
/// values (hostile input) are cut so that memory stays bounded.
const MAX_API: usize = 160;
const MAX_SHORT: usize = 64;

/// What the baseline reads from one record.
#[derive(Debug)]
pub(crate) struct Facts<'a> {
    /// `eventTime`, Unix seconds.
    pub(crate) time: i64,
    /// `iam` for `iam.amazonaws.com`.
    pub(crate) service: &'a str,
    /// `iam:CreateUser`.
    pub(crate) api: &'a str,
    /// `awsRegion`, unless the service is global (its records say `us-east-1` whatever
    /// region the caller works in).
    pub(crate) region: Option<&'a str>,
    /// The /24 or /48 of `sourceIPAddress`; `None` for service names.
    pub(crate) net: Option<Net>,
    /// The user-agent family.
    pub(crate) agent: Option<&'a str>,
    /// `userIdentity.accessKeyId`.
    pub(crate) key: Option<&'a str>,
    /// `errorCode`.
    pub(crate) error: Option<&'a str>,
}

/// Buffers [`Facts`] are written into, kept between records so that the hot path
/// allocates nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scratch {
    api: String,
    agent: String,
}

impl<'a> Facts<'a> {
    pub(crate) fn of(view: &View<'a>, scratch: &'a mut Scratch) -> Facts<'a> {
        let nonempty = |s: Option<&'a str>| s.map(str::trim).filter(|s| !s.is_empty());
        let service = clip(service(view.event_source), MAX_SHORT);
        let Scratch { api, agent } = scratch;
        api.clear();
        api.push_str(service);
        api.push(':');
        api.push_str(clip(view.event_name, MAX_API));
        let api = clip(api, MAX_API);
        let agent = match nonempty(view.user_agent) {
            Some(text) => {
                agent_family_into(text, agent);
                Some(agent.as_str())
            }
            None => None,
        };
        Facts {
            time: view.event_time.timestamp(),
            service,
            region: nonempty(view.aws_region).filter(|_| regional(service, api)).map(|r| clip(r, MAX_SHORT)),
            api,
            net: Net::of(view.source_ip_address),
            agent,
            key: nonempty(view.user_identity.access_key_id).map(|k| clip(k, MAX_SHORT)),
            error: nonempty(view.error_code),
        }
    }
}

/// `text` cut to at most `max` bytes, on a character boundary.
fn clip(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether a key is long-lived: `AKIA…` (an IAM user's or root's access key), as
/// opposed to `ASIA…` (temporary: sessions, console, instance profiles).
pub(crate) fn long_lived(key: &str) -> bool {
    key.starts_with("AKIA")
}

/// The hour being counted: its calls and failed calls so far, and the limits learned
/// from the hours before it (fixed when the hour opens, so a burst cannot raise its
/// own bar).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Bucket {
    /// Hours since the Unix epoch.
    pub(crate) hour: i64,
    pub(crate) events: u32,
    pub(crate) errors: u32,
    /// More calls than this is a spike (`u32::MAX` while too little is learned).
    pub(crate) event_limit: u32,
    pub(crate) error_limit: u32,
    /// Median calls and failed calls per active hour, for the score and explanation.
    pub(crate) median: u32,
    pub(crate) error_median: u32,
    pub(crate) volume_fired: bool,
    pub(crate) errors_fired: bool,
}

/// One access key of the principal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Key {
    pub(crate) seen: Seen,
    /// The networks it was used from, when first and last.
    pub(crate) networks: Recent<Net>,
    /// The network of its latest call from an address, and when.
    pub(crate) last_net: Option<(Net, i64)>,
    /// When a two-networks anomaly last fired for it (one per window).
    pub(crate) travel_at: Option<i64>,
}

impl Stamped for Key {
    fn last(&self) -> i64 {
        self.seen.last
    }
}

/// What opening the record's hour did.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    /// The record opened a new hour (its first call in that hour).
    pub(crate) opened: bool,
    /// The record is older than the hour being counted (CloudTrail delivers out of
    /// order within minutes): learned, not counted in any hour.
    pub(crate) late: bool,
}

/// A principal's baseline. Every set is a [`Recent`] map capped by [`Caps`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Profile {
    pub(crate) kind: PrincipalKind,
    pub(crate) first: i64,
    pub(crate) last: i64,
    pub(crate) events: u64,
    pub(crate) errors: u64,
    /// UTC days with activity, and the latest.
    pub(crate) days: u32,
    pub(crate) day: i64,
    pub(crate) regions: Recent<String>,
    pub(crate) networks: Recent<Net>,
    pub(crate) agents: Recent<String>,
    pub(crate) services: Recent<String>,
    pub(crate) apis: Recent<String>,
    /// Active hours (distinct day-and-hour slots with a call) per UTC hour of the day:
    /// one busy hour weighs what a quiet one does.
    pub(crate) hours: [u32; 24],
    pub(crate) bucket: Option<Bucket>,
    /// (calls, failed calls) of past active hours, oldest first.
    pub(crate) history: VecDeque<(u32, u32)>,
    pub(crate) keys: Recent<String, Key>,
    /// First-seen anomalies reported on `alert_day` (UTC days since the epoch).
    pub(crate) alert_day: i64,
    pub(crate) alerts_today: u32,
}

impl Profile {
    pub(crate) fn new(kind: PrincipalKind, t: i64) -> Profile {
        Profile {
            kind,
            first: t,
            last: t,
            events: 0,
            errors: 0,
            days: 0,
            day: i64::MIN,
            regions: Recent::default(),
            networks: Recent::default(),
            agents: Recent::default(),
            services: Recent::default(),
            apis: Recent::default(),
            hours: [0; 24],
            bucket: None,
            history: VecDeque::new(),
            keys: Recent::default(),
            alert_day: i64::MIN,
            alerts_today: 0,
        }
    }

    /// Whether the learning period is over at `t`: `learning_days` since the first
    /// record and `min_events` records learned.
    pub(crate) fn learned(&self, t: i64, config: &BaselineConfig) -> bool {
        t.saturating_sub(self.first) >= i64::from(config.learning_days) * 86_400 && self.events >= config.min_events
    }

    /// Whole days from the first record to `t`.
    pub(crate) fn history_days(&self, t: i64) -> i64 {
        t.saturating_sub(self.first).max(0) / 86_400
    }

    /// Counts the record in its hour, opening a new hour (and closing the last into the
    /// history) when it is the first of its hour.
    pub(crate) fn clock(&mut self, t: i64, failed: bool, config: &BaselineConfig) -> Clock {
        let hour = t.div_euclid(3600);
        match &mut self.bucket {
            Some(bucket) if bucket.hour == hour => {
                bucket.events = bucket.events.saturating_add(1);
                bucket.errors = bucket.errors.saturating_add(u32::from(failed));
                return Clock { opened: false, late: false };
            }
            Some(bucket) if hour < bucket.hour => return Clock { opened: false, late: true },
            _ => {}
        }
        if let Some(old) = self.bucket.take() {
            self.history.push_back((old.events, old.errors));
            while self.history.len() > config.caps.hourly_history {
                self.history.pop_front();
            }
        }
        let volume = &config.volume;
        let (event_limit, median) = if self.history.len() >= volume.min_hours as usize {
            limit(self.history.iter().map(|h| h.0), volume.floor, volume.mad_k, volume.p99_factor)
        } else {
            (u32::MAX, 0)
        };
        let errors = &config.errors;
        let (error_limit, error_median) = if self.history.len() >= errors.min_hours as usize {
            limit(self.history.iter().map(|h| h.1), errors.floor, errors.mad_k, errors.p99_factor)
        } else {
            (u32::MAX, 0)
        };
        self.bucket = Some(Bucket {
            hour,
            events: 1,
            errors: u32::from(failed),
            event_limit,
            error_limit,
            median,
            error_median,
            volume_fired: false,
            errors_fired: false,
        });
        Clock { opened: true, late: false }
    }

    /// Learns the record; returns how many values the caps evicted.
    pub(crate) fn learn(&mut self, facts: &Facts<'_>, clock: Clock, caps: &Caps) -> u64 {
        let t = facts.time;
        self.first = self.first.min(t);
        self.last = self.last.max(t);
        self.events += 1;
        self.errors += u64::from(facts.error.is_some());
        let day = t.div_euclid(86_400);
        if day > self.day {
            self.days += 1;
            self.day = day;
        }
        if clock.opened {
            let slot = &mut self.hours[hour_of_day(t)];
            *slot = slot.saturating_add(1);
        }
        let mut evicted = 0;
        if let Some(region) = facts.region {
            evicted += self.regions.touch(region, t, caps.regions);
        }
        if let Some(net) = facts.net {
            evicted += self.networks.touch(&net, t, caps.networks);
        }
        if let Some(agent) = facts.agent {
            evicted += self.agents.touch(agent, t, caps.user_agents);
        }
        evicted += self.services.touch(facts.service, t, caps.services);
        evicted += self.apis.touch(facts.api, t, caps.apis);
        if let Some(id) = facts.key {
            let mut fresh = false;
            let (key, e) = self.keys.entry(id, caps.access_keys, || {
                fresh = true;
                Key { seen: Seen::new(t), networks: Recent::default(), last_net: None, travel_at: None }
            });
            evicted += e;
            if !fresh {
                key.seen.touch(t);
            }
            if let Some(net) = facts.net {
                evicted += key.networks.touch(&net, t, caps.key_networks);
                if key.last_net.is_none_or(|(_, at)| t >= at) {
                    key.last_net = Some((net, t));
                }
            }
        }
        evicted
    }

    /// Remembers what fired, so that one hour or one key window reports once.
    pub(crate) fn mark(&mut self, found: &[Anomaly], facts: &Facts<'_>) {
        for anomaly in found {
            match anomaly.kind {
                AnomalyKind::VolumeSpike => {
                    if let Some(bucket) = &mut self.bucket {
                        bucket.volume_fired = true;
                    }
                }
                AnomalyKind::ErrorSpike => {
                    if let Some(bucket) = &mut self.bucket {
                        bucket.errors_fired = true;
                    }
                }
                AnomalyKind::KeyTwoNetworks => {
                    if let Some(key) = facts.key.and_then(|id| self.keys.get_mut(id)) {
                        key.travel_at = Some(facts.time);
                    }
                }
                AnomalyKind::SensitiveApiFirstUse
                | AnomalyKind::NewRegion
                | AnomalyKind::NewNetworkForKey
                | AnomalyKind::UnusualHour => {}
            }
        }
    }

    /// Takes one of the day's first-seen slots; false when `cap` are taken already.
    pub(crate) fn take_alert_slot(&mut self, t: i64, cap: u32) -> bool {
        let day = t.div_euclid(86_400);
        if day > self.alert_day {
            self.alert_day = day;
            self.alerts_today = 0;
        }
        if self.alerts_today >= cap {
            return false;
        }
        self.alerts_today += 1;
        true
    }
}

/// The UTC hour of the day of a Unix time.
pub(crate) fn hour_of_day(t: i64) -> usize {
    t.div_euclid(3600).rem_euclid(24) as usize
}

/// The limit above which an hour's count is a spike, and the median: the largest of
/// `floor`, `median + k · MAD` (MAD scaled by 1.4826 to estimate a standard deviation,
/// robust to the busy hours themselves) and `factor ·` the 99th percentile (so that a
/// principal with a long tail of busy hours is judged against its tail).
pub(crate) fn limit(samples: impl Iterator<Item = u32>, floor: u32, k: f64, factor: f64) -> (u32, u32) {
    let mut sorted: Vec<u32> = samples.collect();
    if sorted.is_empty() {
        return (u32::MAX, 0);
    }
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let mut deviations: Vec<u32> = sorted.iter().map(|x| x.abs_diff(median)).collect();
    deviations.sort_unstable();
    let mad = f64::from(deviations[deviations.len() / 2]) * 1.4826;
    let at = ((sorted.len() as f64 * 0.99).ceil() as usize).clamp(1, sorted.len()) - 1;
    let p99 = f64::from(sorted[at]);
    let bar = (f64::from(median) + k * mad).max(factor * p99).ceil().max(f64::from(floor));
    (bar.min(f64::from(u32::MAX)) as u32, median)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_robust_and_floored() {
        // Steady 40 ± 4 per hour: the floor decides.
        let steady = (0..200).map(|i| 36 + (i % 9));
        assert_eq!(limit(steady, 100, 6.0, 2.0).0, 100);
        // A long tail: 2 × p99 decides.
        let tail = (0..200).map(|i| if i % 50 == 0 { 300 } else { 20 });
        assert_eq!(limit(tail, 100, 6.0, 2.0).0, 600);
        // Spread: median + k · MAD decides.
        let spread = (0..200).map(|i| 100 + (i % 100) * 4);
        let (bar, median) = limit(spread, 10, 6.0, 1.0);
        assert_eq!(median, 300);
        assert!(bar > 1000, "{bar}");
        assert_eq!(limit(std::iter::empty(), 1, 1.0, 1.0).0, u32::MAX);
    }

    #[test]
    fn clip_keeps_char_boundaries() {
        assert_eq!(clip("abc", 2), "ab");
        assert_eq!(clip("éé", 3), "é");
        assert_eq!(clip("é", 10), "é");
    }
}
