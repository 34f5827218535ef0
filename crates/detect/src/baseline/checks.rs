//! The anomaly checks: each reads the record's [`Facts`] against the baseline as it
//! was before the record, and says what is out of line, why, and how much.

use chrono::{TimeZone, Utc};

use super::anomaly::{score, Anomaly, AnomalyKind, Factor};
use super::features::Recent;
use super::profile::{hour_of_day, long_lived, Clock, Facts, Profile};
use super::sensitive::Sensitive;
use super::{BaselineConfig, PrincipalKind};
use crate::View;

/// Everything a check reads.
pub(crate) struct Ctx<'a> {
    pub(crate) principal: &'a str,
    pub(crate) kind: PrincipalKind,
    pub(crate) profile: &'a Profile,
    pub(crate) facts: &'a Facts<'a>,
    pub(crate) view: &'a View<'a>,
    pub(crate) config: &'a BaselineConfig,
    pub(crate) sensitive: &'a Sensitive,
    /// Regions any principal was seen in.
    pub(crate) regions: &'a Recent<String>,
    pub(crate) learned: bool,
    pub(crate) clock: Clock,
}

/// Runs every check. Only the two-networks check needs no history; the others wait
/// for the learning period.
pub(crate) fn run(ctx: &Ctx<'_>) -> Vec<Anomaly> {
    let mut out = Vec::new();
    if ctx.learned {
        sensitive_first_use(ctx, &mut out);
        new_region(ctx, &mut out);
        new_network_for_key(ctx, &mut out);
        volume_spike(ctx, &mut out);
        error_spike(ctx, &mut out);
        unusual_hour(ctx, &mut out);
    }
    key_two_networks(ctx, &mut out);
    out
}

fn factor(points: i32, reason: impl Into<String>) -> Factor {
    Factor { points, reason: reason.into() }
}

fn anomaly(
    ctx: &Ctx<'_>,
    kind: AnomalyKind,
    subject: String,
    explanation: String,
    factors: Vec<Factor>,
    attack: &[&str],
) -> Anomaly {
    Anomaly {
        principal: ctx.principal.to_owned(),
        principal_kind: ctx.kind,
        kind,
        subject,
        explanation,
        score: score(&factors),
        factors,
        event_id: ctx.view.event_id.map(str::to_owned),
        event_time: ctx.view.event_time,
        source_ip: ctx.view.source_ip_address.map(str::to_owned),
        attack: attack.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// Factors shared by the first-seen checks: what else about the call is new.
fn novelty(ctx: &Ctx<'_>, factors: &mut Vec<Factor>) {
    let (profile, facts) = (ctx.profile, ctx.facts);
    if let Some(net) = facts.net.filter(|n| !profile.networks.contains(n)) {
        factors.push(factor(10, format!("from {net}, a network new to the principal")));
    }
    if let Some(agent) = facts.agent.filter(|a| !profile.agents.contains(*a)) {
        factors.push(factor(10, format!("with a user agent new to the principal ({agent})")));
    }
}

fn failed(ctx: &Ctx<'_>, factors: &mut Vec<Factor>) {
    if let Some(code) = ctx.facts.error {
        factors.push(factor(-10, format!("the call failed ({code})")));
    }
}

fn sensitive_first_use(ctx: &Ctx<'_>, out: &mut Vec<Anomaly>) {
    let (profile, facts) = (ctx.profile, ctx.facts);
    if profile.apis.contains(facts.api) {
        return;
    }
    let Some(attack) = ctx.sensitive.lookup(facts.api) else { return };
    let mut factors = vec![factor(50, "first use of a sensitive API")];
    if !profile.services.contains(facts.service) {
        factors.push(factor(15, format!("first call to the {} service", facts.service)));
    }
    novelty(ctx, &mut factors);
    failed(ctx, &mut factors);
    let explanation = format!(
        "first call of {} by {} after {} days of history; {} distinct APIs known",
        facts.api,
        ctx.principal,
        profile.history_days(facts.time),
        profile.apis.len()
    );
    let attack: Vec<&str> = attack.iter().map(String::as_str).collect();
    out.push(anomaly(ctx, AnomalyKind::SensitiveApiFirstUse, facts.api.to_owned(), explanation, factors, &attack));
}

fn new_region(ctx: &Ctx<'_>, out: &mut Vec<Anomaly>) {
    let (profile, facts) = (ctx.profile, ctx.facts);
    let Some(region) = facts.region.filter(|r| !profile.regions.contains(*r)) else { return };
    let mut factors = vec![factor(40, "first call in a region")];
    if !ctx.regions.contains(region) {
        factors.push(factor(25, format!("no principal was seen in {region} before")));
    }
    let name = facts.api.split_once(':').map_or("", |(_, n)| n);
    if ["Describe", "List", "Get", "Head"].iter().any(|p| name.starts_with(p)) {
        factors.push(factor(-10, "a read-only call"));
    }
    novelty(ctx, &mut factors);
    failed(ctx, &mut factors);
    let mut known: Vec<&str> = profile.regions.iter().map(|(r, _)| r.as_str()).collect();
    let more = known.len().saturating_sub(5);
    known.truncate(5);
    let known = match (known.is_empty(), more) {
        (true, _) => "no region known (only global services so far)".to_owned(),
        (false, 0) => format!("regions known: {}", known.join(", ")),
        (false, more) => format!("regions known: {} and {more} more", known.join(", ")),
    };
    let explanation = format!(
        "first call in region {region} ({}) by {} after {} days of history; {known}",
        facts.api,
        ctx.principal,
        profile.history_days(facts.time)
    );
    out.push(anomaly(ctx, AnomalyKind::NewRegion, region.to_owned(), explanation, factors, &["T1535"]));
}

fn new_network_for_key(ctx: &Ctx<'_>, out: &mut Vec<Anomaly>) {
    let (profile, facts) = (ctx.profile, ctx.facts);
    let Some(id) = facts.key.filter(|k| long_lived(k)) else { return };
    let Some(net) = facts.net.filter(|n| !profile.networks.contains(n)) else { return };
    let mut factors = vec![factor(50, "a long-lived access key used from a new network")];
    match profile.keys.get(id) {
        Some(key) => {
            let days = (facts.time - key.seen.first).max(0) / 86_400;
            if days >= 7 {
                let networks = key.networks.len();
                factors.push(factor(10, format!("the key was used for {days} days from {networks} network(s) only")));
            }
        }
        None => factors.push(factor(10, "a key never seen before")),
    }
    if let Some(agent) = facts.agent.filter(|a| !profile.agents.contains(*a)) {
        factors.push(factor(10, format!("with a user agent new to the principal ({agent})")));
    }
    if facts.api == "sts:GetCallerIdentity" {
        factors.push(factor(10, "GetCallerIdentity, the usual first call with a found key"));
    }
    let explanation = format!(
        "long-lived key {id} of {} used from {net}, a network not seen for this principal in {} days of history; {} networks known",
        ctx.principal,
        profile.history_days(facts.time),
        profile.networks.len()
    );
    out.push(anomaly(ctx, AnomalyKind::NewNetworkForKey, net.to_string(), explanation, factors, &["T1078.004"]));
}

/// Points for how far past the usual hour (its median, at least 1) a count is: 20 per
/// doubling, at most 40. The limit was crossed already; this says by how much the
/// hour is out of line when it is reported.
fn excess(count: u32, median: u32) -> i32 {
    let ratio = f64::from(count) / f64::from(median.max(1));
    (20.0 * ratio.log2()).round().clamp(0.0, 40.0) as i32
}

fn times(count: u32, median: u32) -> String {
    format!("{count} is {:.1}× the median hour ({median})", f64::from(count) / f64::from(median.max(1)))
}

fn hour_label(hour: i64) -> String {
    Utc.timestamp_opt(hour * 3600, 0)
        .single()
        .map_or_else(|| hour.to_string(), |t| t.format("%Y-%m-%dT%H:00Z").to_string())
}

fn volume_spike(ctx: &Ctx<'_>, out: &mut Vec<Anomaly>) {
    if ctx.clock.late {
        return;
    }
    let Some(bucket) = &ctx.profile.bucket else { return };
    if bucket.volume_fired || bucket.events <= bucket.event_limit {
        return;
    }
    let factors = vec![
        factor(35, "call volume above the learned hourly limit"),
        factor(excess(bucket.events, bucket.median), times(bucket.events, bucket.median)),
    ];
    let label = hour_label(bucket.hour);
    let explanation = format!(
        "{} calls in the hour from {label} by {}, above the learned limit of {} (median {} per active hour over {} hours)",
        bucket.events,
        ctx.principal,
        bucket.event_limit,
        bucket.median,
        ctx.profile.history.len()
    );
    out.push(anomaly(ctx, AnomalyKind::VolumeSpike, label, explanation, factors, &[]));
}

fn error_spike(ctx: &Ctx<'_>, out: &mut Vec<Anomaly>) {
    if ctx.clock.late || ctx.facts.error.is_none() {
        return;
    }
    let Some(bucket) = &ctx.profile.bucket else { return };
    if bucket.errors_fired || bucket.errors <= bucket.error_limit {
        return;
    }
    let (profile, config) = (ctx.profile, &ctx.config.errors);
    let usual = profile.errors as f64 / profile.events.max(1) as f64;
    let rate = f64::from(bucket.errors) / f64::from(bucket.events.max(1));
    if rate < config.min_rate.max(config.rate_factor * usual) {
        return;
    }
    let mut factors = vec![
        factor(40, "failed calls above the learned hourly limit"),
        factor(excess(bucket.errors, bucket.error_median), times(bucket.errors, bucket.error_median)),
    ];
    if let Some(code) = ctx.facts.error.filter(|c| c.contains("AccessDenied") || c.contains("Unauthorized")) {
        factors.push(factor(10, format!("{code}: typical of probing what stolen credentials may do")));
    }
    let label = hour_label(bucket.hour);
    let explanation = format!(
        "{} failed calls of {} in the hour from {label} by {} ({:.0}% against a usual {:.1}%), above the learned limit of {}",
        bucket.errors,
        bucket.events,
        ctx.principal,
        rate * 100.0,
        usual * 100.0,
        bucket.error_limit
    );
    out.push(anomaly(ctx, AnomalyKind::ErrorSpike, label, explanation, factors, &[]));
}

fn unusual_hour(ctx: &Ctx<'_>, out: &mut Vec<Anomaly>) {
    if !ctx.clock.opened {
        return;
    }
    let (hours, config) = (&ctx.profile.hours, &ctx.config.unusual_hour);
    let total: u32 = hours.iter().sum();
    let quiet = hours.iter().filter(|&&c| c == 0).count();
    if total < config.min_active_hours || quiet < config.min_quiet_hours as usize {
        return;
    }
    let h = hour_of_day(ctx.facts.time);
    let near = hours[(h + 23) % 24] + hours[h] + hours[(h + 1) % 24];
    if f64::from(near) >= config.max_share * f64::from(total) {
        return;
    }
    let mut factors = vec![factor(25, "activity outside the principal's regular hours")];
    if hours[h] == 0 {
        factors.push(factor(10, "never active at this hour before"));
    }
    let explanation = format!(
        "activity at {h:02}:00 UTC by {}: {near} of {total} active hours in {} days of history were within an hour of it (usual hours: {} UTC)",
        ctx.principal,
        ctx.profile.history_days(ctx.facts.time),
        usual_hours(hours, total)
    );
    let label = hour_label(ctx.facts.time.div_euclid(3600));
    out.push(anomaly(ctx, AnomalyKind::UnusualHour, label, explanation, factors, &[]));
}

/// The hours holding at least 2% of the active hours, as ranges: `08–17`.
fn usual_hours(hours: &[u32; 24], total: u32) -> String {
    let busy: Vec<bool> = hours.iter().map(|&c| c > 0 && f64::from(c) * 50.0 >= f64::from(total)).collect();
    let mut ranges = Vec::new();
    let mut h = 0;
    while h < 24 {
        if !busy[h] {
            h += 1;
            continue;
        }
        let start = h;
        while h + 1 < 24 && busy[h + 1] {
            h += 1;
        }
        ranges.push(if start == h { format!("{start:02}") } else { format!("{start:02}–{h:02}") });
        h += 1;
    }
    if ranges.is_empty() {
        "none".to_owned()
    } else {
        ranges.join(", ")
    }
}

fn key_two_networks(ctx: &Ctx<'_>, out: &mut Vec<Anomaly>) {
    let (profile, facts) = (ctx.profile, ctx.facts);
    let (Some(id), Some(net)) = (facts.key, facts.net) else { return };
    let Some(key) = profile.keys.get(id) else { return };
    let Some((before, at)) = key.last_net else { return };
    if before == net || !before.same_family(net) || before.near(net) {
        return;
    }
    let window = i64::from(ctx.config.key_travel_minutes) * 60;
    let gap = (facts.time - at).abs();
    if gap > window || key.travel_at.is_some_and(|t| (facts.time - t).abs() <= window) {
        return;
    }
    let mut factors = vec![factor(60, "one access key used from two distant networks within minutes")];
    if long_lived(id) {
        factors.push(factor(15, "a long-lived key"));
    }
    if !profile.networks.contains(&net) {
        factors.push(factor(15, format!("{net} is new to the principal")));
    } else if key.networks.contains(&net) {
        factors.push(factor(-20, "the key was used from both networks before"));
    }
    let explanation =
        format!("key {id} of {} used from {before} and {net} {} minute(s) apart", ctx.principal, gap / 60);
    out.push(anomaly(ctx, AnomalyKind::KeyTwoNetworks, id.to_owned(), explanation, factors, &["T1078.004"]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_hours_as_ranges() {
        let mut hours = [0u32; 24];
        for slot in hours.iter_mut().take(18).skip(8) {
            *slot = 20;
        }
        hours[22] = 5;
        hours[3] = 1;
        assert_eq!(usual_hours(&hours, hours.iter().sum()), "08–17, 22");
        assert_eq!(usual_hours(&[0; 24], 0), "none");
    }

    #[test]
    fn excess_points() {
        assert_eq!(excess(100, 100), 0);
        assert_eq!(excess(200, 100), 20);
        assert_eq!(excess(100_000, 100), 40);
        assert_eq!(excess(5, 0), 40);
    }
}
