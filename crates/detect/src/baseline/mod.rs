//! Identity baselines: what each principal usually does, learned from its CloudTrail
//! records, and the records that depart from it.
//!
//! A baseline is kept per [`Principal`]: an IAM user, a role (all its sessions share
//! one: the role is their peer group), the root user, a federated identity. From each
//! record it learns the regions, source networks (/24, /48; service callers such as
//! `ec2.amazonaws.com` are not networks), user-agent families (versions stripped),
//! services and APIs used, the UTC hours of activity, calls and failed calls per
//! active hour, and the access keys with the networks each was used from.
//!
//! Once a principal is learned — [`BaselineConfig::learning_days`] since its first
//! record and [`BaselineConfig::min_events`] records — [`Baselines::observe`] returns
//! an [`Anomaly`] for each departure ([`AnomalyKind`]): first use of a sensitive API
//! (`data/sensitive_apis.txt`), a new region, a long-lived key from a new network, a
//! volume or error spike in the current hour, activity at an unusual hour. One check
//! needs no history and runs from the first record: one access key used from two
//! distant networks within [`BaselineConfig::key_travel_minutes`] — distant meaning
//! the same address family (a dual-stack client shows an IPv4 and an IPv6 address
//! within seconds) and not the same /16 (IPv4) or /32 (IPv6), where NAT pools and
//! carriers move one client between /24s; service callers are no network at all.
//!
//! Noise control: anomalies of records from [trusted](crate::tuning::Trusted)
//! addresses, principals or user agents are not reported; first-seen anomalies
//! (sensitive API, region, key network) are capped per principal per UTC day
//! ([`BaselineConfig::first_seen_daily_cap`]). Both are counted in [`Stats`], never
//! dropped silently, and the records are learned all the same.
//!
//! Records must come in `eventTime` order per principal; CloudTrail delivers within
//! minutes out of order, and a record older than the hour being counted is learned
//! but not counted in any hour ([`Stats::late`]). Memory per principal is bounded by
//! [`Caps`]: each set keeps its most recently seen values. At the default caps a
//! principal costs at most about 80 KB (most of it the 512 APIs), typically 5–10 KB.
//!
//! The state ([`State`]) is serialisable; the caller stores it. Restoring it
//! ([`Baselines::from_state`]) and going on gives the anomalies an uninterrupted run
//! gives.

mod anomaly;
mod checks;
mod features;
mod principal;
mod profile;
mod sensitive;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use anomaly::{Anomaly, AnomalyKind, Factor};
pub use principal::{Principal, PrincipalKind};

use crate::tuning::{ConfigError, Trusted};
use crate::Event;
use features::Recent;
use profile::{Facts, Profile, Scratch};
use sensitive::Sensitive;

/// How baselines learn and judge. Every field has a default; a YAML file gives only
/// what it changes ([`BaselineConfig::from_yaml`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BaselineConfig {
    /// Days from a principal's first record before its anomalies are reported. Default 7.
    pub learning_days: u32,
    /// Records a principal must have before its anomalies are reported. Default 50.
    pub min_events: u64,
    /// First-seen anomalies (sensitive API, region, key network) reported per principal
    /// per UTC day; the rest are counted in [`Stats::capped`]. Default 5.
    pub first_seen_daily_cap: u32,
    /// One key from two distant networks within this many minutes is an anomaly. Default 20.
    pub key_travel_minutes: u32,
    /// Calls per hour.
    pub volume: VolumeConfig,
    /// Failed calls per hour.
    pub errors: ErrorsConfig,
    /// Activity at unusual hours.
    pub unusual_hour: UnusualHourConfig,
    /// Memory bounds.
    pub caps: Caps,
    /// More sensitive APIs, one `service:EventName [T1234 …]` each, added to the
    /// built-in list (`s3:PutBucketCors T1530`).
    pub extra_sensitive_apis: Vec<String>,
    /// Known-good callers whose records raise no anomaly (usually the tuning file's,
    /// added with [`Trusted::extend`]).
    pub trusted: Trusted,
}

impl Default for BaselineConfig {
    fn default() -> Self {
        BaselineConfig {
            learning_days: 7,
            min_events: 50,
            first_seen_daily_cap: 5,
            key_travel_minutes: 20,
            volume: VolumeConfig::default(),
            errors: ErrorsConfig::default(),
            unusual_hour: UnusualHourConfig::default(),
            caps: Caps::default(),
            extra_sensitive_apis: Vec::new(),
            trusted: Trusted::default(),
        }
    }
}

impl BaselineConfig {
    /// Reads a configuration; `file` names it in errors. An empty file is the defaults.
    ///
    /// ```
    /// use meerkat_detect::baseline::BaselineConfig;
    /// let config = BaselineConfig::from_yaml("baseline.yaml", "learning_days: 14\nvolume: {floor: 500}\n").unwrap();
    /// assert_eq!((config.learning_days, config.volume.floor, config.min_events), (14, 500, 50));
    /// assert!(BaselineConfig::from_yaml("baseline.yaml", "learning_dayz: 1").is_err());
    /// ```
    pub fn from_yaml(file: &str, text: &str) -> Result<BaselineConfig, ConfigError> {
        let error = |reason: String| ConfigError { file: file.to_owned(), entry: None, reason };
        let value: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| error(e.to_string()))?;
        if value.is_null() {
            return Ok(BaselineConfig::default());
        }
        let config: BaselineConfig = yaml_serde::from_value(value).map_err(|e| error(e.to_string()))?;
        config.check(file)?;
        Ok(config)
    }

    fn check(&self, file: &str) -> Result<Sensitive, ConfigError> {
        Sensitive::with_extra(&self.extra_sensitive_apis).map_err(|reason| ConfigError {
            file: file.to_owned(),
            entry: Some("extra_sensitive_apis".to_owned()),
            reason,
        })
    }
}

/// The volume spike: an hour with more calls than the largest of `floor`,
/// `median + mad_k · MAD` and `p99_factor · p99` of the principal's past active hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VolumeConfig {
    /// Fewer calls in an hour are never a spike, however quiet the principal. Default 100.
    pub floor: u32,
    /// Median absolute deviations (scaled to a standard deviation) above the median. Default 6.
    pub mad_k: f64,
    /// Times the 99th percentile. Default 2.
    pub p99_factor: f64,
    /// Past active hours needed before judging. Default 24.
    pub min_hours: u32,
}

impl Default for VolumeConfig {
    fn default() -> Self {
        VolumeConfig { floor: 100, mad_k: 6.0, p99_factor: 2.0, min_hours: 24 }
    }
}

/// The error spike: an hour with more failed calls than the largest of `floor`,
/// `median + mad_k · MAD` and `p99_factor · p99` of past active hours, at an error
/// rate of at least `min_rate` and `rate_factor` times the principal's usual rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ErrorsConfig {
    /// Fewer failed calls in an hour are never a spike. Default 20.
    pub floor: u32,
    /// As [`VolumeConfig::mad_k`]. Default 6.
    pub mad_k: f64,
    /// As [`VolumeConfig::p99_factor`]. Default 2.
    pub p99_factor: f64,
    /// Past active hours needed before judging. Default 24.
    pub min_hours: u32,
    /// The hour's error rate must be at least this. Default 0.25.
    pub min_rate: f64,
    /// … and at least this many times the principal's usual rate. Default 3.
    pub rate_factor: f64,
}

impl Default for ErrorsConfig {
    fn default() -> Self {
        ErrorsConfig { floor: 20, mad_k: 6.0, p99_factor: 2.0, min_hours: 24, min_rate: 0.25, rate_factor: 3.0 }
    }
}

/// Unusual hours, judged only for principals with a strong hour profile: enough active
/// hours, and hours of the day in which they are never active.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UnusualHourConfig {
    /// Active hours (distinct day-and-hour slots) needed. Default 40.
    pub min_active_hours: u32,
    /// Hours of the day with no activity at all needed (a 24/7 job has none). Default 6.
    pub min_quiet_hours: u32,
    /// The hour, with the hour before and after, holds less than this share of the
    /// active hours. Default 0.01.
    pub max_share: f64,
}

impl Default for UnusualHourConfig {
    fn default() -> Self {
        UnusualHourConfig { min_active_hours: 40, min_quiet_hours: 6, max_share: 0.01 }
    }
}

/// Memory bounds. A full set drops its least recently seen value for a new one (a
/// dropped API or network is "new" again when next seen); [`Stats::evicted`] counts
/// the drops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Caps {
    /// Principals kept; when full, the 1% seen least recently are dropped. Default 20,000.
    pub principals: usize,
    /// APIs (`service:EventName`) per principal. Default 512.
    pub apis: usize,
    /// Services per principal. Default 128.
    pub services: usize,
    /// Regions per principal. Default 32.
    pub regions: usize,
    /// Networks per principal. Default 64.
    pub networks: usize,
    /// User-agent families per principal. Default 32.
    pub user_agents: usize,
    /// Access keys per principal (every session has its own `ASIA…` key). Default 16.
    pub access_keys: usize,
    /// Networks per access key. Default 8.
    pub key_networks: usize,
    /// Past active hours kept for the volume and error limits. Default 336 (two weeks
    /// of a principal active around the clock).
    pub hourly_history: usize,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            principals: 20_000,
            apis: 512,
            services: 128,
            regions: 32,
            networks: 64,
            user_agents: 32,
            access_keys: 16,
            key_networks: 8,
            hourly_history: 336,
        }
    }
}

/// Counts, to report with the anomalies: what was not judged, not reported, or forgotten.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stats {
    /// Records observed.
    pub events: u64,
    /// Records with no principal to baseline: AWS services, other accounts, `Unknown`,
    /// no or odd `userIdentity`.
    pub unattributed: u64,
    /// Records of principals still learning (not judged, except the two-networks check).
    pub learning: u64,
    /// Records older than their principal's current hour: learned, not counted in an hour.
    pub late: u64,
    /// Anomalies reported.
    pub anomalies: u64,
    /// Anomalies not reported because the record is trusted.
    pub suppressed: u64,
    /// First-seen anomalies not reported because the principal's daily cap was reached.
    pub capped: u64,
    /// Values dropped from full sets.
    pub evicted: u64,
    /// Principals dropped because [`Caps::principals`] was reached.
    pub principals_evicted: u64,
    /// Principals kept now.
    pub principals: u64,
}

/// The version of [`State`] this build reads and writes.
const STATE_VERSION: u32 = 1;

/// Everything learned, for the caller to store (any serde format) and give back to
/// [`Baselines::from_state`]. Its inside is private and may change between versions;
/// a state of another version is refused when deserialised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    #[serde(deserialize_with = "state_version")]
    version: u32,
    principals: BTreeMap<String, Profile>,
    /// Regions any principal was seen in.
    regions: Recent<String>,
    stats: Stats,
}

fn state_version<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let version = u32::deserialize(deserializer)?;
    if version != STATE_VERSION {
        return Err(serde::de::Error::custom(format!(
            "baseline state version {version}; this build reads version {STATE_VERSION} (delete it to learn afresh)"
        )));
    }
    Ok(version)
}

impl Default for State {
    fn default() -> Self {
        State {
            version: STATE_VERSION,
            principals: BTreeMap::new(),
            regions: Recent::default(),
            stats: Stats::default(),
        }
    }
}

/// The regions any principal may use, at most (more than there are AWS regions).
const ACCOUNT_REGIONS: usize = 64;

/// Every principal's baseline, and the checks.
#[derive(Debug, Clone)]
pub struct Baselines {
    config: BaselineConfig,
    sensitive: Sensitive,
    state: State,
    scratch: Scratch,
}

impl Baselines {
    /// Empty baselines. The error is an `extra_sensitive_apis` entry that does not read.
    ///
    /// ```
    /// use meerkat_detect::baseline::{BaselineConfig, Baselines};
    /// use meerkat_detect::{Event, Origin};
    /// let mut baselines = Baselines::new(BaselineConfig::default()).unwrap();
    /// let raw = serde_json::json!({"eventTime": "2024-05-01T10:00:00Z", "eventSource": "iam.amazonaws.com",
    ///     "eventName": "ListUsers", "sourceIPAddress": "203.0.113.7",
    ///     "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice", "accessKeyId": "AKIAEXAMPLE"}});
    /// let event = Event::from_value(raw, Origin { path: std::path::Path::new("-").into(), index: 0 }).unwrap();
    /// // Still learning: nothing to report yet.
    /// assert!(baselines.observe(&event).is_empty());
    /// assert_eq!((baselines.stats().principals, baselines.stats().learning), (1, 1));
    /// ```
    pub fn new(config: BaselineConfig) -> Result<Baselines, ConfigError> {
        Baselines::from_state(config, State::default())
    }

    /// Baselines that go on from a saved state.
    ///
    /// ```
    /// use meerkat_detect::baseline::{BaselineConfig, Baselines, State};
    /// let baselines = Baselines::new(BaselineConfig::default()).unwrap();
    /// let saved = serde_json::to_string(baselines.state()).unwrap();
    /// let state: State = serde_json::from_str(&saved).unwrap();
    /// let restored = Baselines::from_state(BaselineConfig::default(), state).unwrap();
    /// assert_eq!(restored.state(), baselines.state());
    /// ```
    pub fn from_state(config: BaselineConfig, state: State) -> Result<Baselines, ConfigError> {
        let sensitive = config.check("baseline configuration")?;
        Ok(Baselines { config, sensitive, state, scratch: Scratch::default() })
    }

    /// The configuration.
    pub fn config(&self) -> &BaselineConfig {
        &self.config
    }

    /// What was learned, to save.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// What was learned, to save, without a copy.
    pub fn into_state(self) -> State {
        self.state
    }

    /// The counts so far (they are part of the state, so they go on after a restore).
    pub fn stats(&self) -> Stats {
        Stats { principals: self.state.principals.len() as u64, ..self.state.stats.clone() }
    }

    /// Judges one record against its principal's baseline, then learns it. Returns the
    /// anomalies to report (none for a trusted record, none past the daily cap).
    pub fn observe(&mut self, event: &Event) -> Vec<Anomaly> {
        self.state.stats.events += 1;
        let view = event.view();
        let Some((key, kind)) = principal::key_of(&view) else {
            self.state.stats.unattributed += 1;
            return Vec::new();
        };
        self.make_room(&key);
        let Baselines { config, sensitive, state, scratch } = self;
        let facts = Facts::of(&view, scratch);
        let State { principals, regions, stats, .. } = state;
        // Looked up by reference first: the key is copied once per principal, not per record.
        if !principals.contains_key(&*key) {
            principals.insert(key.clone().into_owned(), Profile::new(kind, facts.time));
        }
        let Some(profile) = principals.get_mut(&*key) else { return Vec::new() };
        let learned = profile.learned(facts.time, config);
        let clock = profile.clock(facts.time, facts.error.is_some(), config);
        stats.late += u64::from(clock.late);
        stats.learning += u64::from(!learned);
        let mut found = checks::run(&checks::Ctx {
            principal: &key,
            kind: profile.kind,
            profile,
            facts: &facts,
            view: &view,
            config,
            sensitive,
            regions,
            learned,
            clock,
        });
        profile.mark(&found, &facts);
        stats.evicted += profile.learn(&facts, clock, &config.caps);
        if let Some(region) = facts.region {
            stats.evicted += regions.touch(region, facts.time, ACCOUNT_REGIONS);
        }
        if found.is_empty() {
            return found;
        }
        if config.trusted.trusts_view(&view, Some(&key)) {
            stats.suppressed += found.len() as u64;
            return Vec::new();
        }
        let cap = config.first_seen_daily_cap;
        found.retain(|anomaly| {
            let keep = !anomaly.kind.is_first_seen() || profile.take_alert_slot(facts.time, cap);
            stats.capped += u64::from(!keep);
            keep
        });
        stats.anomalies += found.len() as u64;
        found
    }

    /// Before a new principal is added to a full map, drops the 1% seen least recently
    /// (ties by key, so a replay drops the same ones).
    fn make_room(&mut self, key: &str) {
        let principals = &mut self.state.principals;
        let cap = self.config.caps.principals.max(1);
        if principals.len() < cap || principals.contains_key(key) {
            return;
        }
        let mut by_age: Vec<(i64, &String)> = principals.iter().map(|(k, p)| (p.last, k)).collect();
        by_age.sort_unstable();
        let drop: Vec<String> = by_age.iter().take((cap / 100).max(1)).map(|(_, k)| (*k).clone()).collect();
        for key in &drop {
            principals.remove(key);
        }
        self.state.stats.principals_evicted += drop.len() as u64;
    }
}
