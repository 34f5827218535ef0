//! Quick throughput figures for the CloudTrail pipeline, single-threaded:
//! parse alone, parse + stateless evaluation, parse + evaluation with correlation
//! state, against every loadable rule of the SigmaHQ AWS corpus.
//!
//! ```text
//! cargo run --release -p meerkat-detect --example bench -- [EVENTS] [RULE_DIR]…
//! cargo run --release -p meerkat-detect --example bench -- read PATH…
//! ```
//! Generates EVENTS (default 200,000) realistic records into delivery files of
//! 1,000 records in a temporary folder, then reads them back. Rates are per CPU
//! second of the one thread doing the work.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use meerkat_detect::sigma::{LoadOptions, Loader};
use meerkat_detect::source::{read, Source};
use serde_json::{json, Value};

/// CPU time of this thread, in seconds: the machine is shared, so wall time would
/// measure the neighbours. Linux's schedstat gives it in nanoseconds; elsewhere
/// wall time stands in.
fn cpu_seconds(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

/// Runs `work` and returns its CPU seconds.
fn timed(work: impl FnOnce()) -> f64 {
    let wall = Instant::now();
    let before = cpu_seconds(wall);
    work();
    cpu_seconds(wall) - before
}

// Allocation is about a third of the parse profile with the system allocator
// (measured: mimalloc makes parsing ~20% faster); the `meerkat` binary should make
// the same choice. Remove these two lines to measure the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// (eventSource, eventName) weighted roughly like a real account: mostly reads.
const CALLS: &[(&str, &str)] = &[
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeVolumes"),
    ("s3.amazonaws.com", "GetObject"),
    ("s3.amazonaws.com", "PutObject"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("s3.amazonaws.com", "GetBucketPolicy"),
    ("sts.amazonaws.com", "AssumeRole"),
    ("sts.amazonaws.com", "GetCallerIdentity"),
    ("iam.amazonaws.com", "ListUsers"),
    ("iam.amazonaws.com", "GetRole"),
    ("iam.amazonaws.com", "ListAttachedRolePolicies"),
    ("kms.amazonaws.com", "Decrypt"),
    ("kms.amazonaws.com", "GenerateDataKey"),
    ("lambda.amazonaws.com", "ListFunctions20150331"),
    ("logs.amazonaws.com", "CreateLogStream"),
    ("logs.amazonaws.com", "PutLogEvents"),
    ("signin.amazonaws.com", "ConsoleLogin"),
    ("iam.amazonaws.com", "CreateAccessKey"),
    ("cloudtrail.amazonaws.com", "DescribeTrails"),
    ("guardduty.amazonaws.com", "ListDetectors"),
    ("secretsmanager.amazonaws.com", "GetSecretValue"),
    ("ssm.amazonaws.com", "GetParameter"),
    ("rds.amazonaws.com", "DescribeDBInstances"),
];

fn record(rng: &mut Rng, i: u64) -> Value {
    let (source, name) = CALLS[(rng.next() % CALLS.len() as u64) as usize];
    let role = !rng.next().is_multiple_of(3);
    let user = rng.pick(&["alice", "bob", "carol", "deploy", "ci"]);
    let identity = if role {
        json!({"type": "AssumedRole", "principalId": "AROAEXAMPLE:session", "arn": format!("arn:aws:sts::111122223333:assumed-role/{user}-role/session-{}", rng.next() % 50),
               "accountId": "111122223333", "accessKeyId": "ASIAEXAMPLEKEY12345",
               "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE", "arn": format!("arn:aws:iam::111122223333:role/{user}-role"), "accountId": "111122223333", "userName": format!("{user}-role")},
                                  "attributes": {"creationDate": "2024-05-01T09:00:00Z", "mfaAuthenticated": "false"}}})
    } else {
        json!({"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": format!("arn:aws:iam::111122223333:user/{user}"), "accountId": "111122223333",
               "accessKeyId": "AKIAEXAMPLEKEY12345", "userName": user})
    };
    let error = rng.next().is_multiple_of(20);
    let secs = 1_714_557_600 + i / 50;
    let time = chrono::DateTime::from_timestamp(secs as i64, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut record = json!({
        "eventVersion": "1.09", "userIdentity": identity, "eventTime": time, "eventSource": source, "eventName": name,
        "awsRegion": rng.pick(&["us-east-1", "eu-west-1", "us-west-2"]),
        "sourceIPAddress": format!("203.0.113.{}", rng.next() % 255),
        "userAgent": rng.pick(&["aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.ubuntu.22", "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1 lang/python#3.12", "console.amazonaws.com", "aws-sdk-go-v2/1.25.3 os/linux lang/go#1.22"]),
        "requestParameters": {"maxResults": 100, "filterSet": {"items": [{"name": "instance-state-name", "valueSet": {"items": [{"value": "running"}]}}]}},
        "responseElements": null,
        "requestID": format!("{:08x}-1234-5678-9abc-def012345678", rng.next() as u32),
        "eventID": format!("{:016x}-{i}", rng.next()),
        "readOnly": true, "eventType": "AwsApiCall", "managementEvent": true,
        "recipientAccountId": "111122223333", "eventCategory": "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": format!("{}", source)}
    });
    if error {
        record["errorCode"] = json!("AccessDenied");
        record["errorMessage"] = json!("User is not authorized to perform this operation");
    }
    if name == "ConsoleLogin" {
        record["responseElements"] = json!({"ConsoleLogin": if error { "Failure" } else { "Success" }});
        record["additionalEventData"] = json!({"MFAUsed": "Yes", "LoginTo": "https://console.aws.amazon.com/"});
    }
    record
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    // `bench read PATH…`: only read (to watch memory on a large file).
    if args.peek().is_some_and(|a| a == "read") {
        for path in args.skip(1) {
            let mut errors = 0;
            let stats = read(&Source::parse(&path), &mut |item| errors += usize::from(item.is_err()));
            println!("{path}: {stats:?}, {errors} reported");
        }
        return;
    }
    let events: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(200_000);
    let mut rule_dirs: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if rule_dirs.is_empty() {
        rule_dirs.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/sigma-aws")));
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut bytes = 0usize;
    let mut i = 0;
    while i < events {
        let n = (events - i).min(1000);
        let records: Vec<Value> = (i..i + n).map(|k| record(&mut rng, k)).collect();
        let text = serde_json::to_vec(&json!({ "Records": records })).expect("serialise");
        bytes += text.len();
        let mut file = std::fs::File::create(dir.path().join(format!("{:06}.json", i / 1000))).expect("create");
        file.write_all(&text).expect("write");
        i += n;
    }
    // The same records as JSON Lines, to compare the two readers.
    let lines_dir = tempfile::tempdir().expect("temporary folder");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(lines_dir.path().join("all.jsonl")).expect("create"));
        for file in std::fs::read_dir(dir.path()).expect("list").flatten() {
            let doc: Value = serde_json::from_slice(&std::fs::read(file.path()).expect("read")).expect("parse");
            for record in doc["Records"].as_array().into_iter().flatten() {
                serde_json::to_writer(&mut out, record).expect("write");
                out.write_all(b"\n").expect("write");
            }
        }
    }
    println!("{events} events, {:.0} bytes/event, {} files", bytes as f64 / events as f64, events.div_ceil(1000));
    let source = Source::Path(dir.path().to_path_buf());

    let mut loader = Loader::new(LoadOptions {
        placeholders: [("Legitimate_Countries".to_string(), vec!["NL".to_string()]), ("Legitimate_IP_Ranges".to_string(), vec!["198.51.100.*".to_string()])].into(),
        ..LoadOptions::default()
    });
    for rule_dir in &rule_dirs {
        loader.add_path(rule_dir);
    }
    let (mut rules, report) = loader.finish();
    println!("rules: {}", report.summary());

    // Warm the page cache.
    read(&source, &mut |_| {});

    let mut count = 0u64;
    let parse = timed(|| {
        read(&source, &mut |item| count += u64::from(item.is_ok()));
    });
    println!("parse only:                 {:>9.0} events/s ({count} events, {parse:.2} s)", count as f64 / parse);
    let mut lines = 0u64;
    let t = timed(|| {
        read(&Source::Path(lines_dir.path().to_path_buf()), &mut |item| lines += u64::from(item.is_ok()));
    });
    println!("parse only, JSON Lines:     {:>9.0} events/s ({lines} events, {t:.2} s)", lines as f64 / t);
    let mut n = 0u64;
    let t = timed(|| {
        for file in std::fs::read_dir(dir.path()).expect("list").flatten() {
            let doc: Value = serde_json::from_slice(&std::fs::read(file.path()).expect("read")).expect("parse");
            n += doc["Records"].as_array().map_or(0, |r| r.len() as u64);
        }
    });
    println!("whole file as one Value:    {:>9.0} events/s ({n} events, {t:.2} s)", n as f64 / t);

    let mut matches = 0usize;
    let evaluate = timed(|| {
        read(&source, &mut |item| {
            if let Ok(event) = item {
                matches += rules.evaluate(&event).len();
            }
        });
    });
    println!("parse + evaluate:           {:>9.0} events/s ({matches} matches, {evaluate:.2} s)", count as f64 / evaluate);

    let mut matches = 0usize;
    let process = timed(|| {
        read(&source, &mut |item| {
            if let Ok(event) = item {
                matches += rules.process(&event).len();
            }
        });
    });
    println!("parse + evaluate + correlate: {:>7.0} events/s ({matches} matches, {process:.2} s)", count as f64 / process);
    // Evaluation alone, on records parsed beforehand (memory grows with EVENTS here).
    let mut parsed = Vec::new();
    read(&source, &mut |item| parsed.extend(item.ok()));
    let mut matches = 0usize;
    let t = timed(|| matches = parsed.iter().map(|event| rules.evaluate(event).len()).sum());
    println!("evaluate alone (pre-parsed):  {:>7.0} events/s ({matches} matches, {t:.2} s)", parsed.len() as f64 / t);
}
