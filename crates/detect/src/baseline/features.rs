//! What a record says about its caller, reduced to what a baseline keeps — the
//! network, the user-agent family, the API, the region — and the bounded map that
//! keeps them.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The network of a source address: its /24 (IPv4) or /48 (IPv6), the blocks a site
/// or a home line is usually given, so that a DHCP lease change is not a new network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Net {
    V4(u32),
    V6(u128),
}

impl Net {
    /// The network of `sourceIPAddress`; `None` for what is not an address: the name
    /// of a service calling on the principal's behalf (`ec2.amazonaws.com`,
    /// `cloudformation.amazonaws.com`) or `AWS Internal`.
    pub(crate) fn of(source: Option<&str>) -> Option<Net> {
        let ip: IpAddr = source?.trim().parse().ok()?;
        Some(match ip.to_canonical() {
            IpAddr::V4(v4) => Net::V4(u32::from(v4) & 0xFFFF_FF00),
            IpAddr::V6(v6) => Net::V6(u128::from(v6) & (u128::MAX << 80)),
        })
    }

    /// Both are the same address family. A dual-stack client shows up under an IPv4
    /// and an IPv6 address within seconds; the two are not compared.
    pub(crate) fn same_family(self, other: Net) -> bool {
        matches!((self, other), (Net::V4(_), Net::V4(_)) | (Net::V6(_), Net::V6(_)))
    }

    /// In the same /16 (IPv4) or /32 (IPv6): one provider's block, where an office's
    /// NAT pool or a mobile carrier moves a client between /24s.
    pub(crate) fn near(self, other: Net) -> bool {
        match (self, other) {
            (Net::V4(a), Net::V4(b)) => a >> 16 == b >> 16,
            (Net::V6(a), Net::V6(b)) => a >> 96 == b >> 96,
            _ => false,
        }
    }
}

impl fmt::Display for Net {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Net::V4(a) => write!(f, "{}/24", Ipv4Addr::from(a)),
            Net::V6(a) => write!(f, "{}/48", Ipv6Addr::from(a)),
        }
    }
}

impl FromStr for Net {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (addr, prefix) = text.split_once('/').ok_or_else(|| format!("{text:?} is not a network"))?;
        let net = Net::of(Some(addr)).ok_or_else(|| format!("{text:?} is not a network"))?;
        match (net, prefix) {
            (Net::V4(_), "24") | (Net::V6(_), "48") => Ok(net),
            _ => Err(format!("{text:?}: networks are /24 (IPv4) or /48 (IPv6)")),
        }
    }
}

impl Serialize for Net {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Net {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

/// When a value was first and last seen (Unix seconds) and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Seen {
    pub(crate) first: i64,
    pub(crate) last: i64,
    pub(crate) count: u32,
}

impl Seen {
    pub(crate) fn new(t: i64) -> Seen {
        Seen { first: t, last: t, count: 1 }
    }

    pub(crate) fn touch(&mut self, t: i64) {
        self.last = self.last.max(t);
        self.first = self.first.min(t);
        self.count = self.count.saturating_add(1);
    }
}

/// Values that carry a last-seen time, for least-recently-seen eviction.
pub(crate) trait Stamped {
    fn last(&self) -> i64;
}

impl Stamped for Seen {
    fn last(&self) -> i64 {
        self.last
    }
}

/// A map of at most `cap` values: inserting into a full map first evicts the value
/// seen least recently (ties: the smallest key, so a replay evicts the same one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[serde(bound(
    serialize = "K: Serialize + Ord, V: Serialize",
    deserialize = "K: Deserialize<'de> + Ord, V: Deserialize<'de>"
))]
pub(crate) struct Recent<K, V = Seen>(BTreeMap<K, V>);

impl<K, V> Default for Recent<K, V> {
    fn default() -> Self {
        Recent(BTreeMap::new())
    }
}

impl<K: Ord + Clone, V: Stamped> Recent<K, V> {
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0.get(key)
    }

    pub(crate) fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0.get_mut(key)
    }

    pub(crate) fn contains<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0.contains_key(key)
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter()
    }

    /// The value under `key`, inserted with `new` when absent (evicting first when
    /// full). Also returns how many values were evicted (0 or 1).
    pub(crate) fn entry<Q>(&mut self, key: &Q, cap: usize, new: impl FnOnce() -> V) -> (&mut V, u64)
    where
        K: Borrow<Q>,
        Q: Ord + ToOwned<Owned = K> + ?Sized,
    {
        let mut evicted = 0;
        if !self.0.contains_key(key) {
            while self.0.len() >= cap.max(1) {
                let Some(oldest) = self.0.iter().min_by_key(|(_, v)| v.last()).map(|(k, _)| k.clone()) else { break };
                self.0.remove::<K>(&oldest);
                evicted += 1;
            }
            self.0.insert(key.to_owned(), new());
        }
        match self.0.get_mut(key) {
            Some(value) => (value, evicted),
            // Inserted just above.
            None => unreachable!("a value inserted into the map is in it"),
        }
    }
}

impl<K: Ord + Clone> Recent<K, Seen> {
    /// Records `key` seen at `t`; returns how many values were evicted.
    pub(crate) fn touch<Q>(&mut self, key: &Q, t: i64, cap: usize) -> u64
    where
        K: Borrow<Q>,
        Q: Ord + ToOwned<Owned = K> + ?Sized,
    {
        let mut fresh = false;
        let (seen, evicted) = self.entry(key, cap, || {
            fresh = true;
            Seen::new(t)
        });
        if !fresh {
            seen.touch(t);
        }
        evicted
    }
}

/// The service of an `eventSource`: `iam.amazonaws.com` → `iam`.
pub(crate) fn service(event_source: &str) -> &str {
    event_source.strip_suffix(".amazonaws.com").unwrap_or(event_source)
}

/// Services (or single APIs) whose records carry `us-east-1` (or the endpoint's region)
/// whatever region the caller works in: their region is neither learned nor judged,
/// or every first IAM call would be a "new region". Sorted (a test checks).
const GLOBAL: &[&str] = &[
    "account",
    "billingconsole",
    "budgets",
    "ce",
    "cloudfront",
    "globalaccelerator",
    "health",
    "iam",
    "organizations",
    "route53",
    "route53domains",
    "s3:ListBuckets",
    "shield",
    "signin",
    "sts",
    "support",
    "trustedadvisor",
    "waf",
];

/// Whether the record's region says where the caller works (see [`GLOBAL`]).
pub(crate) fn regional(service: &str, api: &str) -> bool {
    GLOBAL.binary_search(&service).is_err() && GLOBAL.binary_search(&api).is_err()
}

/// User-agent tokens that say nothing about the client (AWS SDK metadata fields, the
/// partner network prefix). Sorted (a test checks).
const GENERIC: &[&str] =
    &["api", "apn", "app", "cfg", "command", "exe", "exec-env", "hashicorp", "lang", "m", "md", "os", "prompt", "ua"];

/// The longest family kept.
const MAX_FAMILY: usize = 64;

/// A user agent's family: its first three product names, lower-cased, without
/// versions, comments in parentheses or SDK metadata tokens. `aws-cli/2.15.1
/// Python/3.11.6 Linux/6.5.0 exe/x86_64 prompt/off command/s3.ls` and `aws-cli/2.15.2
/// Python/3.11.8 Linux/6.8.0 …` are both `aws-cli python linux`; a browser is
/// `mozilla applewebkit chrome`; `console.amazonaws.com` stays itself. Written into
/// `out` (cleared first), so that the hot path allocates nothing.
pub(crate) fn agent_family_into(agent: &str, out: &mut String) {
    out.clear();
    let mut names = 0;
    let mut depth = 0u32;
    let mut start = None;
    let mut end = 0;
    for (i, c) in agent.char_indices().take(512) {
        end = i + c.len_utf8();
        let separator = c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']');
        if depth == 0 && !separator {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            if add_name(&agent[s..i], out, &mut names) {
                return finish(out);
            }
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if let Some(s) = start {
        add_name(&agent[s..end], out, &mut names);
    }
    finish(out);
}

/// Adds a token's product name to the family unless it says nothing; true when the
/// family has its three names.
fn add_name(token: &str, out: &mut String, names: &mut usize) -> bool {
    let name = token.split('/').next().unwrap_or(token);
    let name = name.trim_matches(|c: char| !c.is_alphanumeric());
    if name.is_empty()
        || name.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        || GENERIC.iter().any(|g| g.eq_ignore_ascii_case(name))
        || out.split(' ').any(|n| n.eq_ignore_ascii_case(name))
    {
        return false;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    for c in name.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    *names += 1;
    *names == 3
}

fn finish(out: &mut String) {
    if out.is_empty() {
        out.push_str("other");
    }
    if out.len() > MAX_FAMILY {
        let mut end = MAX_FAMILY;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        assert!(GLOBAL.windows(2).all(|w| w[0] < w[1]), "GLOBAL is not sorted");
        assert!(GENERIC.windows(2).all(|w| w[0] < w[1]), "GENERIC is not sorted");
    }

    #[test]
    fn networks() {
        assert_eq!(Net::of(Some("203.0.113.77")).unwrap().to_string(), "203.0.113.0/24");
        assert_eq!(Net::of(Some("::ffff:203.0.113.77")).unwrap().to_string(), "203.0.113.0/24");
        assert_eq!(Net::of(Some("2001:db8:1:2::9")).unwrap().to_string(), "2001:db8:1::/48");
        assert_eq!(Net::of(Some("ec2.amazonaws.com")), None);
        assert_eq!(Net::of(Some("AWS Internal")), None);
        assert_eq!(Net::of(None), None);
        for text in ["203.0.113.0/24", "2001:db8:1::/48"] {
            assert_eq!(text.parse::<Net>().unwrap().to_string(), text);
        }
        assert!("203.0.113.0/16".parse::<Net>().is_err());
        let a = Net::of(Some("198.51.100.1")).unwrap();
        assert!(a.near(Net::of(Some("198.51.7.1")).unwrap()));
        assert!(!a.near(Net::of(Some("198.52.100.1")).unwrap()));
        assert!(!a.same_family(Net::of(Some("2001:db8::1")).unwrap()));
    }

    fn agent_family(agent: &str) -> String {
        let mut out = String::from("left over");
        agent_family_into(agent, &mut out);
        out
    }

    #[test]
    fn agent_families() {
        let cli = |v: &str| {
            format!("aws-cli/{v} Python/3.11.6 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off command/s3.ls")
        };
        assert_eq!(agent_family(&cli("2.15.1")), "aws-cli python linux");
        assert_eq!(agent_family(&cli("2.15.1")), agent_family(&cli("2.15.2")));
        assert_eq!(
            agent_family("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"),
            "mozilla applewebkit chrome"
        );
        assert_eq!(
            agent_family(
                "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.0 Botocore/1.34.0"
            ),
            "boto3 botocore"
        );
        assert_eq!(
            agent_family("APN/1.0 HashiCorp/1.0 Terraform/1.5.0 (+https://www.terraform.io) terraform-provider-aws/5.0.0 (+https://registry.terraform.io) aws-sdk-go/1.44.0 (go1.20; linux; amd64)"),
            "terraform terraform-provider-aws aws-sdk-go"
        );
        assert_eq!(agent_family("[S3Console/0.4, aws-internal/3]"), "s3console aws-internal");
        assert_eq!(agent_family("console.amazonaws.com"), "console.amazonaws.com");
        assert_eq!(agent_family("AWS Internal"), "aws internal");
        assert_eq!(agent_family(""), "other");
        assert_eq!(agent_family("1.2.3 (((("), "other");
        assert_eq!(agent_family("Terraform/1.5.0(+https://x) Go"), "terraform go");
        assert_eq!(agent_family("A/1 a/2 B"), "a b");
        assert!(agent_family(&"x".repeat(10_000)).len() <= MAX_FAMILY);
    }

    #[test]
    fn recent_evicts_least_recently_seen() {
        let mut map: Recent<String> = Recent::default();
        assert_eq!(map.touch("a", 1, 2), 0);
        assert_eq!(map.touch("b", 2, 2), 0);
        assert_eq!(map.touch("a", 3, 2), 0);
        assert_eq!(map.touch("c", 4, 2), 1);
        assert!(map.contains("a") && map.contains("c") && !map.contains("b"));
        assert_eq!(map.get("a").unwrap().count, 2);
    }

    #[test]
    fn regional_services() {
        assert!(!regional("iam", "iam:CreateUser"));
        assert!(!regional("s3", "s3:ListBuckets"));
        assert!(regional("s3", "s3:GetObject"));
        assert!(regional("ec2", "ec2:RunInstances"));
    }
}
