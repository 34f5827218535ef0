//! Threat intel: lists of bad IPv4/IPv6 addresses and networks, each a *feed* with a
//! name and a category (`tor-exit`, `scanner`, `c2`, `botnet`, …), and the lookup of an
//! address in all of them at once. One module for every caller: CloudTrail's
//! `sourceIPAddress` today, flow logs' addresses next.
//!
//! Feeds are named on the command line (or in config) by a [`FeedSpec`]:
//!
//! ```text
//! [NAME][:CATEGORY]=FILE[#column=COLUMN]
//! ```
//!
//! - `FILE` alone: the feed is named after the file's stem (`tor.netset` → `tor`),
//!   its category is the FireHOL header's `# Category : …` line, else `unknown`;
//! - `NAME=`, `NAME:CATEGORY=` or `:CATEGORY=` before it set either or both;
//! - the format follows the extension: `.csv` is CSV with a header row, the indicators in
//!   the column `#column=` names (default `ip`); anything else (`.txt`, `.netset`,
//!   `.ipset`, `.list`, …) is one address or CIDR block per line, `#` comments and blank
//!   lines skipped — plain lists and FireHOL netsets alike.
//!
//! The table ([`IntelSet`]) flattens every feed's ranges into disjoint segments per
//! address family, each with the feeds covering it, sorted: a lookup is one binary
//! search, whatever the number of feeds and however their ranges overlap. Any range
//! containing the address counts (not only the longest prefix).

mod parse;

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::str::FromStr;

use crate::Error;

/// The category of a feed given none.
pub const UNKNOWN_CATEGORY: &str = "unknown";

/// One inclusive address range of one family (IPv4 addresses as `u32` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    v6: bool,
    start: u128,
    end: u128,
}

/// How a list file is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListFormat {
    /// One address or CIDR block per line (plain lists, FireHOL `.netset`/`.ipset`).
    Lines,
    /// CSV with a header row; the indicators in the named column.
    Csv {
        /// The column's name in the header (matched without regard to case).
        column: String,
    },
}

/// Which file to read as a feed, and what to call it: see the [module](self) syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSpec {
    /// The list file.
    pub path: PathBuf,
    /// The feed's name; the file stem when not given.
    pub name: Option<String>,
    /// The feed's category; the FireHOL header's, else [`UNKNOWN_CATEGORY`], when not given.
    pub category: Option<String>,
    /// How the file is written.
    pub format: ListFormat,
}

impl FromStr for FeedSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        // The `#column=` suffix first: its `=` is not the prefix's.
        let (rest, column) = match text.rsplit_once("#column=") {
            Some((rest, column)) if !column.is_empty() => (rest, Some(column.to_owned())),
            Some(_) => return Err(format!("{text:?}: `#column=` needs a column name")),
            None => (text, None),
        };
        let (name, category, path) = match rest.split_once('=') {
            Some((prefix, path)) => {
                let (name, category) = prefix.split_once(':').unwrap_or((prefix, ""));
                let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
                (some(name), some(category), path)
            }
            None => (None, None, rest),
        };
        if path.is_empty() {
            return Err(format!("{text:?}: no file (syntax: [NAME][:CATEGORY]=FILE[#column=COLUMN])"));
        }
        let path = PathBuf::from(path);
        let csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let format = match (csv, column) {
            (true, column) => ListFormat::Csv { column: column.unwrap_or_else(|| "ip".to_owned()) },
            (false, None) => ListFormat::Lines,
            (false, Some(_)) => return Err(format!("{text:?}: `#column=` is for .csv files")),
        };
        Ok(FeedSpec { path, name, category, format })
    }
}

/// A loaded feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// Its name (unique in an [`IntelSet`]: a second feed of the same name gets `-2`, …).
    pub name: String,
    /// Its category.
    pub category: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// Indicators loaded.
    pub indicators: usize,
    /// Lines skipped as bad.
    pub skipped: usize,
}

/// What loading the feeds gave: each feed, and every bad line or unreadable file.
#[derive(Debug, Default)]
pub struct IntelReport {
    /// Every bad line ([`Error::Indicator`]) or unreadable file ([`Error::Io`]).
    pub errors: Vec<Error>,
}

impl IntelReport {
    /// One line: `tor (tor-exit) 1200 indicator(s), scan (scanner) 40 indicator(s), 2 bad line(s) skipped`.
    pub fn summary(&self, set: &IntelSet) -> String {
        let mut parts: Vec<String> =
            set.feeds.iter().map(|f| format!("{} ({}) {} indicator(s)", f.name, f.category, f.indicators)).collect();
        let bad = self.errors.iter().filter(|e| matches!(e, Error::Indicator { .. })).count();
        if bad > 0 {
            parts.push(format!("{bad} bad line(s) skipped"));
        }
        let unreadable = self.errors.len() - bad;
        if unreadable > 0 {
            parts.push(format!("{unreadable} file(s) unreadable"));
        }
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// Index of a feed in [`IntelSet::feeds`].
pub type FeedId = u32;

/// Every feed's indicators, for lookup.
#[derive(Debug, Default, Clone)]
pub struct IntelSet {
    feeds: Vec<Feed>,
    /// Disjoint, sorted `(start, end, index into sets)` per family.
    v4: Vec<(u32, u32, u32)>,
    v6: Vec<(u128, u128, u32)>,
    /// The distinct feed sets segments point to.
    sets: Vec<Vec<FeedId>>,
}

impl IntelSet {
    /// Loads every feed; bad lines and unreadable files go to the report, the rest loads.
    pub fn load(specs: &[FeedSpec]) -> (IntelSet, IntelReport) {
        let mut builder = Builder::default();
        for spec in specs {
            builder.add_file(spec);
        }
        builder.finish()
    }

    /// The feeds, in the order given.
    pub fn feeds(&self) -> &[Feed] {
        &self.feeds
    }

    /// One feed.
    pub fn feed(&self, id: FeedId) -> &Feed {
        &self.feeds[id as usize]
    }

    /// True when no feed has any indicator.
    pub fn is_empty(&self) -> bool {
        self.v4.is_empty() && self.v6.is_empty()
    }

    /// The feeds listing `ip` (in any of their ranges), in feed order; empty when none.
    /// IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`) are looked up as IPv4.
    pub fn lookup(&self, ip: IpAddr) -> &[FeedId] {
        let set = match ip.to_canonical() {
            IpAddr::V4(v4) => find(&self.v4, u32::from(v4)),
            IpAddr::V6(v6) => find(&self.v6, u128::from(v6)),
        };
        set.map_or(&[], |i| &self.sets[i as usize])
    }

    /// [`lookup`](Self::lookup) of text; what is not an address (CloudTrail writes a
    /// service's name, `cloudtrail.amazonaws.com`, for calls AWS makes) is in no feed.
    pub fn lookup_str(&self, text: &str) -> &[FeedId] {
        text.trim().parse().map_or(&[], |ip| self.lookup(ip))
    }
}

fn find<T: Ord + Copy>(segments: &[(T, T, u32)], value: T) -> Option<u32> {
    let after = segments.partition_point(|&(start, _, _)| start <= value);
    let &(_, end, set) = segments.get(after.checked_sub(1)?)?;
    (value <= end).then_some(set)
}

/// Collects feeds, then builds the [`IntelSet`].
#[derive(Debug, Default)]
pub struct Builder {
    feeds: Vec<Feed>,
    ranges: Vec<(Range, FeedId)>,
    report: IntelReport,
}

impl Builder {
    /// Reads one feed's file. An unreadable file is an error in the report and no feed.
    pub fn add_file(&mut self, spec: &FeedSpec) {
        match std::fs::read(&spec.path) {
            Ok(bytes) => self.add_text(spec, &String::from_utf8_lossy(&bytes)),
            Err(source) => self.report.errors.push(Error::Io { path: spec.path.clone(), source }),
        }
    }

    /// Adds one feed from its text (`spec.path` names it in errors and gives the default name).
    pub fn add_text(&mut self, spec: &FeedSpec, text: &str) {
        let mut errors = Vec::new();
        let (ranges, header_category) = match &spec.format {
            ListFormat::Lines => parse::lines(&spec.path, text, &mut errors),
            ListFormat::Csv { column } => (parse::csv(&spec.path, text, column, &mut errors), None),
        };
        let stem = spec.path.file_stem().map(|s| s.to_string_lossy().into_owned()).filter(|s| !s.is_empty());
        let base = spec.name.clone().or(stem).unwrap_or_else(|| "intel".to_owned());
        let mut name = base.clone();
        for n in 2.. {
            if !self.feeds.iter().any(|f| f.name == name) {
                break;
            }
            name = format!("{base}-{n}");
        }
        let id = self.feeds.len() as FeedId;
        self.feeds.push(Feed {
            name,
            category: spec.category.clone().or(header_category).unwrap_or_else(|| UNKNOWN_CATEGORY.to_owned()),
            path: spec.path.clone(),
            indicators: ranges.len(),
            skipped: errors.len(),
        });
        self.ranges.extend(ranges.into_iter().map(|r| (r, id)));
        self.report.errors.extend(errors);
    }

    /// The table, and the report of what loaded.
    pub fn finish(self) -> (IntelSet, IntelReport) {
        let mut set = IntelSet { feeds: self.feeds, ..IntelSet::default() };
        let mut interned: BTreeMap<Vec<FeedId>, u32> = BTreeMap::new();
        for v6 in [false, true] {
            let ranges: Vec<(u128, u128, FeedId)> =
                self.ranges.iter().filter(|(r, _)| r.v6 == v6).map(|(r, id)| (r.start, r.end, *id)).collect();
            let segments = sweep(&ranges, set.feeds.len(), &mut set.sets, &mut interned);
            if v6 {
                set.v6 = segments;
            } else {
                set.v4 = segments.into_iter().map(|(s, e, i)| (s as u32, e as u32, i)).collect();
            }
        }
        (set, self.report)
    }
}

/// Flattens overlapping `(start, end, feed)` ranges into disjoint sorted segments, each
/// with the set of feeds covering it (adjacent segments with the same set merged).
fn sweep(
    ranges: &[(u128, u128, FeedId)],
    feeds: usize,
    sets: &mut Vec<Vec<FeedId>>,
    interned: &mut BTreeMap<Vec<FeedId>, u32>,
) -> Vec<(u128, u128, u32)> {
    // (position, feed, +1 opens at position / -1 closes before position); a range
    // ending at u128::MAX never closes.
    let mut events: Vec<(u128, i32, FeedId)> = Vec::with_capacity(ranges.len() * 2);
    for &(start, end, feed) in ranges {
        events.push((start, 1, feed));
        if let Some(after) = end.checked_add(1) {
            events.push((after, -1, feed));
        }
    }
    events.sort_unstable();
    let mut counts = vec![0u32; feeds];
    let mut out: Vec<(u128, u128, u32)> = Vec::new();
    let mut i = 0;
    let mut open: Option<(u128, u32)> = None;
    while i < events.len() {
        let at = events[i].0;
        while i < events.len() && events[i].0 == at {
            let (_, delta, feed) = events[i];
            let count = &mut counts[feed as usize];
            *count = if delta > 0 { *count + 1 } else { *count - 1 };
            i += 1;
        }
        let active: Vec<FeedId> = (0..feeds as FeedId).filter(|&f| counts[f as usize] > 0).collect();
        let set = if active.is_empty() {
            None
        } else {
            let next = sets.len() as u32;
            let id = *interned.entry(active.clone()).or_insert(next);
            if id == next {
                sets.push(active);
            }
            Some(id)
        };
        if open.map(|(_, s)| s) == set {
            continue;
        }
        if let Some((start, s)) = open.take() {
            out.push((start, at - 1, s));
        }
        open = set.map(|s| (at, s));
    }
    if let Some((start, s)) = open {
        out.push((start, u128::MAX, s));
    }
    out
}

impl fmt::Display for Feed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, {})", self.name, self.category, self.path.display())
    }
}

#[cfg(test)]
mod tests;
