use super::*;

fn spec(text: &str) -> FeedSpec {
    text.parse().unwrap()
}

fn build(feeds: &[(&str, &str)]) -> (IntelSet, IntelReport) {
    let mut builder = Builder::default();
    for (s, text) in feeds {
        builder.add_text(&spec(s), text);
    }
    builder.finish()
}

fn names(set: &IntelSet, ip: &str) -> Vec<String> {
    set.lookup_str(ip).iter().map(|&id| set.feed(id).name.clone()).collect()
}

#[test]
fn spec_syntax() {
    assert_eq!(
        spec("lists/tor.netset"),
        FeedSpec { path: "lists/tor.netset".into(), name: None, category: None, format: ListFormat::Lines }
    );
    let s = spec("tor:tor-exit=lists/tor.txt");
    assert_eq!((s.name.as_deref(), s.category.as_deref()), (Some("tor"), Some("tor-exit")));
    let s = spec(":c2=feed.csv#column=indicator");
    assert_eq!((s.name, s.category.as_deref()), (None, Some("c2")));
    assert_eq!(s.format, ListFormat::Csv { column: "indicator".into() });
    assert_eq!(spec("feed.CSV").format, ListFormat::Csv { column: "ip".into() });
    assert_eq!(spec("x=feed.csv#column=ip").name.as_deref(), Some("x"));
    assert!("x.txt#column=ip".parse::<FeedSpec>().is_err());
    assert!("tor=".parse::<FeedSpec>().is_err());
    assert!("feed.csv#column=".parse::<FeedSpec>().is_err());
}

#[test]
fn plain_list_ipv4_and_ipv6() {
    let text = "# a list\n\n192.0.2.7\n198.51.100.0/24   # a trailing comment\n2001:db8::/32\n::1\n";
    let (set, report) = build(&[("scan:scanner=scan.txt", text)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(set.feeds()[0].indicators, 4);
    assert_eq!(set.feeds()[0].category, "scanner");
    assert_eq!(names(&set, "192.0.2.7"), ["scan"]);
    assert!(names(&set, "192.0.2.8").is_empty());
    assert_eq!(names(&set, "198.51.100.200"), ["scan"]);
    assert_eq!(names(&set, "2001:db8:ffff::1"), ["scan"]);
    assert!(names(&set, "2001:db9::1").is_empty());
    assert_eq!(names(&set, "::1"), ["scan"]);
    assert!(names(&set, "::2").is_empty());
    // An IPv4-mapped IPv6 address is the IPv4 address.
    assert_eq!(names(&set, "::ffff:192.0.2.7"), ["scan"]);
    // Not an address: in no feed.
    assert!(names(&set, "cloudtrail.amazonaws.com").is_empty());
    assert_eq!(report.summary(&set), "scan (scanner) 4 indicator(s)");
}

#[test]
fn firehol_netset_header_and_default_name() {
    let text = "#\n# firehol_level1\n#\n# Category        : attacks\n# Maintainer      : FireHOL\n#\n\
                0.0.0.0/8\n10.0.0.0/8\n";
    let (set, report) = build(&[("lists/firehol_level1.netset", text)]);
    assert!(report.errors.is_empty());
    let feed = &set.feeds()[0];
    assert_eq!((feed.name.as_str(), feed.category.as_str(), feed.indicators), ("firehol_level1", "attacks", 2));
    assert_eq!(names(&set, "10.1.2.3"), ["firehol_level1"]);
    assert!(names(&set, "11.0.0.0").is_empty());
    // A category given on the command line wins over the header's.
    let (set, _) = build(&[(":botnet=lists/firehol_level1.netset", text)]);
    assert_eq!(set.feeds()[0].category, "botnet");
}

#[test]
fn csv_with_a_chosen_column() {
    let text = "first_seen,indicator,note\n2026-11-01,203.0.113.5,\"c2, \"\"x\"\"\"\n\
                2026-11-02,\"2001:db8:1::/48\",\n2026-11-03,not-an-ip,\n2026-11-04\n";
    let (set, report) = build(&[("c2:c2=feeds/c2.csv#column=Indicator", text)]);
    let lines: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("feeds/c2.csv: line 4: \"not-an-ip\""), "{lines:?}");
    assert!(lines[1].starts_with("feeds/c2.csv: line 5: "), "{lines:?}");
    assert_eq!((set.feeds()[0].indicators, set.feeds()[0].skipped), (2, 2));
    assert_eq!(names(&set, "203.0.113.5"), ["c2"]);
    assert_eq!(names(&set, "2001:db8:1:2::9"), ["c2"]);
    // A missing column is one error naming the columns there are; nothing loads.
    let (set, report) = build(&[("feeds/c2.csv", text)]);
    assert_eq!(set.feeds()[0].indicators, 0);
    assert!(report.errors[0].to_string().contains("no column \"ip\""), "{}", report.errors[0]);
}

#[test]
fn bad_lines_are_counted_named_and_skipped() {
    let text = "192.0.2.1\n192.0.2.300\n10.0.0.0/33\n2001:db8::/129\nhello world\n192.0.2.2/\n192.0.2.3\n";
    let (set, report) = build(&[("bad.txt", text)]);
    let lines: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    for (error, line) in lines.iter().zip(2..) {
        assert!(error.starts_with(&format!("bad.txt: line {line}: ")), "{error}");
    }
    assert_eq!(set.feeds()[0].indicators, 2);
    assert_eq!(names(&set, "192.0.2.3"), ["bad"]);
    assert_eq!(report.summary(&set), "bad (unknown) 2 indicator(s), 5 bad line(s) skipped");
}

#[test]
fn overlapping_feeds_all_match() {
    let (set, _) = build(&[
        ("tor:tor-exit=a.txt", "185.220.100.0/22\n185.220.101.34\n"),
        ("c2:c2=b.txt", "185.220.101.0/24\n"),
        ("scan:scanner=c.txt", "185.220.101.34\n0.0.0.0/0\n"),
    ]);
    assert_eq!(names(&set, "185.220.101.34"), ["tor", "c2", "scan"]);
    assert_eq!(names(&set, "185.220.101.35"), ["tor", "c2", "scan"]);
    assert_eq!(names(&set, "185.220.102.1"), ["tor", "scan"]);
    assert_eq!(names(&set, "8.8.8.8"), ["scan"]);
    assert!(names(&set, "2001:db8::1").is_empty());
    // Two feeds of the same name stay apart.
    let (set, _) = build(&[("x.txt", "192.0.2.1\n"), ("x.txt", "192.0.2.1\n")]);
    assert_eq!(names(&set, "192.0.2.1"), ["x", "x-2"]);
}

#[test]
fn edge_addresses() {
    let (set, _) = build(&[("e.txt", "192.0.2.0/24\n255.255.255.255\n0.0.0.0\n::/0\n")]);
    for inside in
        ["192.0.2.0", "192.0.2.255", "255.255.255.255", "0.0.0.0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]
    {
        assert_eq!(names(&set, inside), ["e"], "{inside}");
    }
    for outside in ["192.0.1.255", "192.0.3.0", "255.255.255.254", "0.0.0.1"] {
        assert!(names(&set, outside).is_empty(), "{outside}");
    }
    // Host bits below the prefix are ignored: 192.0.2.77/24 is 192.0.2.0/24.
    let (set, _) = build(&[("h.txt", "198.51.100.77/24\n0.0.0.0/0\n")]);
    assert_eq!(names(&set, "198.51.100.0"), ["h"]);
    assert_eq!(names(&set, "255.255.255.255"), ["h"]);
}

#[test]
fn garbage_never_panics() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let alphabet = b"0123456789abcdef:./,#\"\n \r/-x";
    for _ in 0..300 {
        let text: String = (0..200)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize] as char
            })
            .collect();
        let (set, _) = build(&[("g.txt", &text), ("g.csv#column=a", &text)]);
        let _ = set.lookup_str("1.2.3.4");
        let _ = set.lookup_str("::1");
    }
    let (set, report) = build(&[("nul.txt", "\0\u{feff}\u{1F600}\n/\n::/\n1.2.3.4/-1\n")]);
    assert_eq!((set.feeds()[0].indicators, report.errors.len()), (0, 4));
}

#[test]
fn unreadable_file_is_an_error_and_no_feed() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "192.0.2.1\n").unwrap();
    let specs = [spec(good.to_str().unwrap()), spec(dir.path().join("missing.txt").to_str().unwrap())];
    let (set, report) = IntelSet::load(&specs);
    assert_eq!(set.feeds().len(), 1);
    assert!(report.errors[0].to_string().contains("missing.txt"));
    assert_eq!(names(&set, "192.0.2.1"), ["good"]);
}
