//! Throughput figures for the CloudTrail pipeline: parse alone, parse + stateless
//! evaluation, parse + evaluation with correlation state, against the SigmaHQ AWS
//! corpus and the built-in pack.
//!
//! ```text
//! bench [EVENTS] [RULE_DIR]…                  quick in-process figures, one thread
//! bench read PATH…                            only read (to watch memory on a large file)
//! bench write DIR EVENTS [PARTS]              write a corpus for other tools to read too
//! bench run MODE THREADS PATH [RULE_DIR]…     measure one MODE over a written corpus
//! ```
//! The quick mode generates EVENTS (default 200,000) realistic records into delivery
//! files of 1,000 records in a temporary folder, then reads them back.
//!
//! `write` puts the same generated records twice under DIR: `jsonl/part-NN.jsonl`
//! (PARTS files of consecutive records, default 8, so that one to eight workers get
//! equal shares in time order) and `delivery/NNNNNNN.json` (CloudTrail delivery files
//! of 1,000 records).
//!
//! `run` measures one MODE over PATH (a file, or a folder's files in name order),
//! split into THREADS contiguous shares of files, one worker thread each with its own
//! rule set (and so its own correlation windows: a share is like one account's trail):
//!
//! - `value`: the bare parse, `serde_json` into a `Value` per JSON line (a whole
//!   `Value` per delivery file), nothing else;
//! - `parse`: Meerkat's reader (`source::read`: record splitter, `Value`, checks);
//! - `evaluate`: reader + `RuleSet::evaluate` (stateless);
//! - `process`: reader + `RuleSet::process` (detections and correlations);
//! - `eval-only`, `process-only`: the rules alone, on batches of 10,000 events parsed
//!   beforehand outside the timed part;
//! - `baseline`: reader + identity baselines (`baseline::Baselines::observe`), with no
//!   learning days so that the checks run as for learned principals;
//! - `full`: reader + `RuleSet::process` + baselines: what `meerkat detect` does per record;
//! - prototypes of a cheaper parse (JSON Lines only), outside Meerkat's reader and rule
//!   loader: `lex` (serde_json's scan alone, `IgnoredAny`: the floor for any serde_json
//!   parse), `lean` (a borrowed tree, objects as vectors of pairs: see `mod lean`),
//!   `engine-json` and `engine-lean` (a bare rsigma `Engine` with the detection rules
//!   as rsigma-parser reads them — no placeholders, no rewritten aggregations, no
//!   correlations — over `Value` + `JsonEvent`, or over the lean tree).
//!
//! It prints a line `RESULT mode=… threads=… events=… matches=… wall=… cpu=…`, `cpu`
//! being the CPU seconds of the worker threads in the measured part (rule loading
//! excluded; it is printed as `load=`). With `BENCH_COUNTS=FILE`, matches per rule title
//! are written to FILE (tab-separated) to compare with other engines.
//!
//! Rules: RULE_DIRs, or by default the SigmaHQ AWS corpus (`shared/corpus/sigma-aws`)
//! and the built-in pack (`rules/aws/cloudtrail`). Rates are per CPU second because
//! the machine may be shared.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use meerkat_detect::baseline::{BaselineConfig, Baselines};
use meerkat_detect::sigma::{LoadOptions, Loader, RuleSet};
use meerkat_detect::source::{read, Source};
use meerkat_detect::Event;
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

/// Rare calls, one record in 500: the writes detections look for, so that rules fire
/// and engines can be compared on what they found, not only on speed.
const RARE: &[(&str, &str)] = &[
    ("cloudtrail.amazonaws.com", "StopLogging"),
    ("cloudtrail.amazonaws.com", "UpdateTrail"),
    ("cloudtrail.amazonaws.com", "DeleteTrail"),
    ("guardduty.amazonaws.com", "DeleteDetector"),
    ("iam.amazonaws.com", "AttachUserPolicy"),
    ("iam.amazonaws.com", "CreateLoginProfile"),
    ("iam.amazonaws.com", "CreateUser"),
    ("iam.amazonaws.com", "PutUserPolicy"),
    ("ec2.amazonaws.com", "GetPasswordData"),
    ("ec2.amazonaws.com", "DeleteFlowLogs"),
    ("ec2.amazonaws.com", "ModifyInstanceAttribute"),
    ("s3.amazonaws.com", "PutBucketPolicy"),
    ("kms.amazonaws.com", "ScheduleKeyDeletion"),
    ("config.amazonaws.com", "StopConfigurationRecorder"),
    ("secretsmanager.amazonaws.com", "GetSecretValue"),
    ("sts.amazonaws.com", "GetSessionToken"),
];

fn record(rng: &mut Rng, i: u64) -> Value {
    let (source, name) = if rng.next().is_multiple_of(500) {
        RARE[(rng.next() % RARE.len() as u64) as usize]
    } else {
        CALLS[(rng.next() % CALLS.len() as u64) as usize]
    };
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
    let read_only = ["Describe", "Get", "List", "Lookup"].iter().any(|p| name.starts_with(p));
    let secs = 1_714_557_600 + i / 50;
    let time =
        chrono::DateTime::from_timestamp(secs as i64, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut record = json!({
        "eventVersion": "1.09", "userIdentity": identity, "eventTime": time, "eventSource": source, "eventName": name,
        "awsRegion": rng.pick(&["us-east-1", "eu-west-1", "us-west-2"]),
        "sourceIPAddress": format!("203.0.113.{}", rng.next() % 255),
        "userAgent": rng.pick(&["aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.ubuntu.22", "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1 lang/python#3.12", "console.amazonaws.com", "aws-sdk-go-v2/1.25.3 os/linux lang/go#1.22"]),
        "requestParameters": {"maxResults": 100, "filterSet": {"items": [{"name": "instance-state-name", "valueSet": {"items": [{"value": "running"}]}}]}},
        "responseElements": null,
        "requestID": format!("{:08x}-1234-5678-9abc-def012345678", rng.next() as u32),
        "eventID": format!("{:016x}-{i}", rng.next()),
        "readOnly": read_only, "eventType": "AwsApiCall", "managementEvent": true,
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
    match args.peek().map(String::as_str) {
        Some("write") => return write_corpus(args.skip(1).collect()),
        Some("run") => return run(args.skip(1).collect()),
        _ => {}
    }
    let events: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(200_000);
    let rule_dirs = rule_dirs(args.map(PathBuf::from).collect());
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
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(lines_dir.path().join("all.jsonl")).expect("create"));
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

    let (mut rules, summary) = load_rules(&rule_dirs);
    println!("rules: {summary}");

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
    println!(
        "parse + evaluate:           {:>9.0} events/s ({matches} matches, {evaluate:.2} s)",
        count as f64 / evaluate
    );

    let mut matches = 0usize;
    let process = timed(|| {
        read(&source, &mut |item| {
            if let Ok(event) = item {
                matches += rules.process(&event).len();
            }
        });
    });
    println!(
        "parse + evaluate + correlate: {:>7.0} events/s ({matches} matches, {process:.2} s)",
        count as f64 / process
    );
    // Evaluation alone, on records parsed beforehand (memory grows with EVENTS here).
    let mut parsed = Vec::new();
    read(&source, &mut |item| parsed.extend(item.ok()));
    let mut matches = 0usize;
    let t = timed(|| matches = parsed.iter().map(|event| rules.evaluate(event).len()).sum());
    println!("evaluate alone (pre-parsed):  {:>7.0} events/s ({matches} matches, {t:.2} s)", parsed.len() as f64 / t);
}

/// The given rule folders, or the SigmaHQ AWS corpus and the built-in pack.
fn rule_dirs(given: Vec<PathBuf>) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    vec![root.join("../shared/corpus/sigma-aws"), root.join("rules/aws/cloudtrail")]
}

fn load_rules(dirs: &[PathBuf]) -> (RuleSet, String) {
    let mut loader = Loader::new(LoadOptions {
        placeholders: [
            ("Legitimate_Countries".to_string(), vec!["NL".to_string()]),
            ("Legitimate_IP_Ranges".to_string(), vec!["198.51.100.*".to_string()]),
        ]
        .into(),
        ..LoadOptions::default()
    });
    for dir in dirs {
        loader.add_path(dir);
    }
    let (rules, report) = loader.finish();
    (rules, report.summary())
}

/// `write DIR EVENTS [PARTS]`.
fn write_corpus(args: Vec<String>) {
    let [dir, events, rest @ ..] = args.as_slice() else {
        panic!("usage: bench write DIR EVENTS [PARTS]");
    };
    let dir = PathBuf::from(dir);
    let events: u64 = events.parse().expect("EVENTS is a number");
    let parts: u64 = rest.first().map_or(8, |p| p.parse().expect("PARTS is a number"));
    let (jsonl, delivery) = (dir.join("jsonl"), dir.join("delivery"));
    std::fs::create_dir_all(&jsonl).expect("create jsonl/");
    std::fs::create_dir_all(&delivery).expect("create delivery/");
    let per_part = events.div_ceil(parts);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut lines_bytes, mut delivery_bytes) = (0u64, 0u64);
    let mut part: Option<std::io::BufWriter<std::fs::File>> = None;
    let mut i = 0;
    while i < events {
        let n = (events - i).min(1000);
        let records: Vec<Value> = (i..i + n).map(|k| record(&mut rng, k)).collect();
        let mut file = Vec::with_capacity(1200 * n as usize);
        file.extend_from_slice(b"{\"Records\":[");
        for (k, record) in records.iter().enumerate() {
            if i + k as u64 == 0 || (i + k as u64) % per_part == 0 {
                if let Some(mut done) = part.take() {
                    done.flush().expect("write");
                }
                let name = jsonl.join(format!("part-{:02}.jsonl", (i + k as u64) / per_part));
                part = Some(std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(name).expect("create")));
            }
            let line = serde_json::to_vec(record).expect("serialise");
            let out = part.as_mut().expect("a part is open");
            out.write_all(&line).and_then(|()| out.write_all(b"\n")).expect("write");
            lines_bytes += line.len() as u64 + 1;
            if k > 0 {
                file.push(b',');
            }
            file.extend_from_slice(&line);
        }
        file.extend_from_slice(b"]}");
        delivery_bytes += file.len() as u64;
        std::fs::write(delivery.join(format!("{:07}.json", i / 1000)), &file).expect("write");
        i += n;
    }
    if let Some(mut done) = part.take() {
        done.flush().expect("write");
    }
    println!(
        "{events} events: {} ({lines_bytes} bytes, {:.0} bytes/event) and {} ({delivery_bytes} bytes, {} files)",
        jsonl.display(),
        lines_bytes as f64 / events as f64,
        delivery.display(),
        events.div_ceil(1000)
    );
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Value,
    Parse,
    Evaluate,
    Process,
    EvalOnly,
    ProcessOnly,
    Baseline,
    Full,
    Lex,
    Lean,
    EngineJson,
    EngineLean,
}

#[derive(Default)]
struct Tally {
    events: u64,
    matches: u64,
    cpu: f64,
    load: f64,
    rules: String,
    per_rule: HashMap<String, u64>,
}

/// `run MODE THREADS PATH [RULE_DIR]…`.
fn run(args: Vec<String>) {
    let [mode, threads, path, dirs @ ..] = args.as_slice() else {
        panic!("usage: bench run value|parse|evaluate|process|eval-only|process-only THREADS PATH [RULE_DIR]…");
    };
    let mode = match mode.as_str() {
        "value" => Mode::Value,
        "parse" => Mode::Parse,
        "evaluate" => Mode::Evaluate,
        "process" => Mode::Process,
        "eval-only" => Mode::EvalOnly,
        "process-only" => Mode::ProcessOnly,
        "baseline" => Mode::Baseline,
        "full" => Mode::Full,
        "lex" => Mode::Lex,
        "lean" => Mode::Lean,
        "engine-json" => Mode::EngineJson,
        "engine-lean" => Mode::EngineLean,
        other => panic!("unknown mode {other}"),
    };
    let threads: usize = threads.parse().expect("THREADS is a number");
    let rule_dirs = rule_dirs(dirs.iter().map(PathBuf::from).collect());
    let mut files = Vec::new();
    list_files(Path::new(path), &mut files);
    let share = files.len().div_ceil(threads).max(1);
    let wall = Instant::now();
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(share)
            .map(|chunk| {
                let rule_dirs = &rule_dirs;
                scope.spawn(move || worker(mode, chunk, rule_dirs))
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("worker")).collect()
    });
    let wall = wall.elapsed().as_secs_f64();
    let mut total = Tally::default();
    for tally in tallies {
        total.events += tally.events;
        total.matches += tally.matches;
        total.cpu += tally.cpu;
        total.load = total.load.max(tally.load);
        total.rules = tally.rules;
        for (rule, n) in tally.per_rule {
            *total.per_rule.entry(rule).or_default() += n;
        }
    }
    let wall = wall - total.load;
    if let Ok(out) = std::env::var("BENCH_COUNTS") {
        let mut rows: Vec<_> = total.per_rule.iter().collect();
        rows.sort();
        let text: String = rows.iter().map(|(rule, n)| format!("{rule}\t{n}\n")).collect();
        std::fs::write(out, text).expect("write counts");
    }
    let mode_name = args[0].as_str();
    if !total.rules.is_empty() {
        println!("rules: {}", total.rules);
    }
    println!(
        "{mode_name} on {threads} thread(s): {} events, {} matches; {:.0} events/s wall, {:.0} events per CPU-second",
        total.events,
        total.matches,
        total.events as f64 / wall,
        total.events as f64 / total.cpu
    );
    println!(
        "RESULT mode={mode_name} threads={threads} events={} matches={} wall={wall:.3} cpu={:.3} load={:.3}",
        total.events, total.matches, total.cpu, total.load
    );
}

fn list_files(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(path).expect("list").map(|e| e.expect("entry").path()).collect();
        entries.sort();
        for entry in entries {
            list_files(&entry, files);
        }
    } else {
        files.push(path.to_path_buf());
    }
}

/// One worker: loads its own rules (timed apart), then does `mode` over `files`.
fn worker(mode: Mode, files: &[PathBuf], rule_dirs: &[PathBuf]) -> Tally {
    let mut tally = Tally::default();
    let mut rules = None;
    // Learned from the first record on (no learning days), so that the checks run as
    // they do once an account's principals are learned; 50 records still come first.
    let mut baselines = Baselines::new(BaselineConfig { learning_days: 0, ..BaselineConfig::default() })
        .expect("default baseline configuration");
    let mut engine = None;
    if matches!(mode, Mode::EngineJson | Mode::EngineLean) {
        tally.load = timed(|| {
            let (loaded, summary) = lean::engine(rule_dirs);
            engine = Some(loaded);
            tally.rules = summary;
        });
    } else if !matches!(mode, Mode::Value | Mode::Parse | Mode::Baseline | Mode::Lex | Mode::Lean) {
        tally.load = timed(|| {
            let (loaded, summary) = load_rules(rule_dirs);
            rules = Some(loaded);
            tally.rules = summary;
        });
    }
    for file in files {
        let source = Source::Path(file.clone());
        match mode {
            Mode::Value => tally.cpu += timed(|| tally.events += bare_parse(file)),
            Mode::Parse => {
                tally.cpu += timed(|| {
                    read(&source, &mut |item| tally.events += u64::from(item.is_ok()));
                })
            }
            Mode::Evaluate | Mode::Process => {
                let rules = rules.as_mut().expect("rules");
                tally.cpu += timed(|| {
                    read(&source, &mut |item| {
                        if let Ok(event) = item {
                            tally.events += 1;
                            let matches =
                                if mode == Mode::Evaluate { rules.evaluate(&event) } else { rules.process(&event) };
                            tally.matches += count(&mut tally.per_rule, matches);
                        }
                    });
                });
            }
            Mode::Lex | Mode::Lean | Mode::EngineJson | Mode::EngineLean => {
                let engine = engine.as_ref();
                tally.cpu += timed(|| {
                    for_each_line(file, &mut |line| {
                        tally.events += 1;
                        let results = match mode {
                            Mode::Lex => {
                                serde_json::from_slice::<serde::de::IgnoredAny>(line).expect("parse");
                                return;
                            }
                            Mode::Lean => {
                                std::hint::black_box(serde_json::from_slice::<lean::Lean<'_>>(line).expect("parse"));
                                return;
                            }
                            Mode::EngineJson => {
                                let value: Value = serde_json::from_slice(line).expect("parse");
                                engine.expect("engine").evaluate(&rsigma_eval::JsonEvent::borrow(&value))
                            }
                            _ => {
                                let value: lean::Lean<'_> = serde_json::from_slice(line).expect("parse");
                                engine.expect("engine").evaluate(&value)
                            }
                        };
                        tally.matches += results.len() as u64;
                        for result in results {
                            match tally.per_rule.get_mut(&result.header.rule_title) {
                                Some(seen) => *seen += 1,
                                None => {
                                    tally.per_rule.insert(result.header.rule_title, 1);
                                }
                            }
                        }
                    });
                });
            }
            Mode::Baseline | Mode::Full => {
                let mut anomalies = 0u64;
                let mut kinds: HashMap<&'static str, u64> = HashMap::new();
                tally.cpu += timed(|| {
                    read(&source, &mut |item| {
                        if let Ok(event) = item {
                            tally.events += 1;
                            if mode == Mode::Full {
                                let matches = rules.as_mut().expect("rules").process(&event);
                                tally.matches += count(&mut tally.per_rule, matches);
                            }
                            for anomaly in baselines.observe(&event) {
                                anomalies += 1;
                                *kinds.entry(anomaly.kind.rule_id()).or_default() += 1;
                            }
                        }
                    });
                });
                tally.matches += anomalies;
                for (kind, n) in kinds {
                    *tally.per_rule.entry(kind.to_string()).or_default() += n;
                }
            }
            Mode::EvalOnly | Mode::ProcessOnly => {
                let rules = rules.as_mut().expect("rules");
                let mut batch: Vec<Event> = Vec::with_capacity(10_000);
                let mut flush = |batch: &mut Vec<Event>, tally: &mut Tally| {
                    tally.cpu += timed(|| {
                        for event in batch.iter() {
                            let matches =
                                if mode == Mode::EvalOnly { rules.evaluate(event) } else { rules.process(event) };
                            tally.matches += count(&mut tally.per_rule, matches);
                        }
                    });
                    tally.events += batch.len() as u64;
                    batch.clear();
                };
                read(&source, &mut |item| {
                    if let Ok(event) = item {
                        batch.push(event);
                        if batch.len() == 10_000 {
                            flush(&mut batch, &mut tally);
                        }
                    }
                });
                flush(&mut batch, &mut tally);
            }
        }
    }
    tally
}

/// Calls `line_sink` with each non-blank line of a JSON Lines file.
fn for_each_line(file: &Path, line_sink: &mut dyn FnMut(&[u8])) {
    let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(file).expect("open"));
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).expect("read") == 0 {
            return;
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            line_sink(&line);
        }
    }
}

/// Counts matches by rule title (the title moves into the map; no copy) and drops them.
fn count(per_rule: &mut HashMap<String, u64>, matches: Vec<meerkat_detect::sigma::Match>) -> u64 {
    let n = matches.len() as u64;
    for m in matches {
        match per_rule.get_mut(&m.title) {
            Some(seen) => *seen += 1,
            None => {
                per_rule.insert(m.title, 1);
            }
        }
    }
    n
}

/// `serde_json` into `Value` and nothing else: per line for JSON Lines, the whole
/// document for a delivery file. Returns the records seen.
fn bare_parse(file: &Path) -> u64 {
    if file.extension().is_some_and(|e| e == "jsonl") {
        let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(file).expect("open"));
        let (mut line, mut n) = (Vec::new(), 0);
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).expect("read") == 0 {
                return n;
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let value: Value = serde_json::from_slice(&line).expect("parse");
            n += u64::from(value.is_object());
        }
    }
    let doc: Value = serde_json::from_slice(&std::fs::read(file).expect("read")).expect("parse");
    doc["Records"].as_array().map_or(0, |r| r.len() as u64)
}

/// A cheaper event than `serde_json::Value` for the engine: strings borrowed from the
/// input line unless they hold escapes, objects as vectors of (key, value) pairs in
/// document order — no key hashing, no map allocation. Field lookups scan the pairs,
/// which at CloudTrail's 20-odd top-level keys is as fast as a hash. A prototype for
/// the benchmark, not Meerkat's event type.
mod lean {
    use std::borrow::Cow;
    use std::path::{Path, PathBuf};

    use rsigma_eval::event::{Event as SigmaEvent, EventValue};
    use rsigma_eval::Engine;
    use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};

    pub enum Lean<'a> {
        Null,
        Bool(bool),
        Int(i64),
        Float(f64),
        Str(Cow<'a, str>),
        Array(Vec<Lean<'a>>),
        Object(Vec<(Cow<'a, str>, Lean<'a>)>),
    }

    impl<'de> Deserialize<'de> for Lean<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(LeanVisitor)
        }
    }

    struct LeanVisitor;

    impl<'de> Visitor<'de> for LeanVisitor {
        type Value = Lean<'de>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(Lean::Null)
        }
        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(Lean::Null)
        }
        fn visit_bool<E: Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Lean::Bool(v))
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Lean::Int(v))
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(i64::try_from(v).map_or(Lean::Float(v as f64), Lean::Int))
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Lean::Float(v))
        }
        fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Lean::Str(Cow::Borrowed(v)))
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Lean::Str(Cow::Owned(v.to_owned())))
        }
        fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Lean::Str(Cow::Owned(v)))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Lean::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut pairs = Vec::new();
            while let Some((key, value)) = map.next_entry::<Lean<'de>, Lean<'de>>()? {
                let Lean::Str(key) = key else { return Err(A::Error::custom("object key is not a string")) };
                pairs.push((key, value));
            }
            Ok(Lean::Object(pairs))
        }
    }

    impl<'a> Lean<'a> {
        fn get(&self, key: &str) -> Option<&Lean<'a>> {
            match self {
                Lean::Object(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }

        fn value(&self) -> EventValue<'_> {
            match self {
                Lean::Null => EventValue::Null,
                Lean::Bool(b) => EventValue::Bool(*b),
                Lean::Int(i) => EventValue::Int(*i),
                Lean::Float(f) => EventValue::Float(*f),
                Lean::Str(s) => EventValue::Str(Cow::Borrowed(s)),
                Lean::Array(items) => EventValue::Array(items.iter().map(Lean::value).collect()),
                Lean::Object(pairs) => {
                    EventValue::Map(pairs.iter().map(|(k, v)| (Cow::Borrowed(k.as_ref()), v.value())).collect())
                }
            }
        }

        /// The values at `path` below this one; an array on the way is walked element by
        /// element, as `JsonEvent` does.
        fn collect<'s>(&'s self, path: &[&str], out: &mut Vec<EventValue<'s>>) {
            let Some((first, rest)) = path.split_first() else {
                out.push(self.value());
                return;
            };
            match self {
                Lean::Object(_) => {
                    if let Some(child) = self.get(first) {
                        child.collect(rest, out);
                    }
                }
                Lean::Array(items) => items.iter().for_each(|item| item.collect(path, out)),
                _ => {}
            }
        }

        fn strings(&self, visit: &mut dyn FnMut(&str)) {
            match self {
                Lean::Str(s) => visit(s),
                Lean::Array(items) => items.iter().for_each(|item| item.strings(visit)),
                Lean::Object(pairs) => pairs.iter().for_each(|(_, v)| v.strings(visit)),
                _ => {}
            }
        }
    }

    impl SigmaEvent for Lean<'_> {
        fn get_field(&self, path: &str) -> Option<EventValue<'_>> {
            if let Some(value) = self.get(path) {
                return Some(value.value());
            }
            if !path.contains('.') {
                return None;
            }
            let mut segments = [""; 16];
            let mut n = 0;
            for segment in path.split('.') {
                *segments.get_mut(n)? = segment;
                n += 1;
            }
            // Most probes miss at the root: check it before walking.
            self.get(segments[0])?;
            let mut found = Vec::new();
            self.collect(&segments[..n], &mut found);
            match found.len() {
                0 => None,
                1 => found.pop(),
                _ => Some(EventValue::Array(found)),
            }
        }

        fn any_string_value(&self, pred: &dyn Fn(&str) -> bool) -> bool {
            let mut any = false;
            self.strings(&mut |s| any = any || pred(s));
            any
        }

        fn all_string_values(&self) -> Vec<Cow<'_, str>> {
            let mut all = Vec::new();
            self.strings(&mut |s| all.push(Cow::Owned(s.to_owned())));
            all
        }

        fn visit_string_values(&self, visit: &mut dyn FnMut(&str)) {
            self.strings(visit);
        }

        fn to_json(&self) -> serde_json::Value {
            self.value().to_json()
        }

        fn top_level_keys(&self) -> Option<Vec<Cow<'_, str>>> {
            match self {
                Lean::Object(pairs) => Some(pairs.iter().map(|(k, _)| Cow::Borrowed(k.as_ref())).collect()),
                _ => None,
            }
        }

        fn visit_top_level_keys(&self, visit: &mut dyn FnMut(&str)) -> bool {
            match self {
                Lean::Object(pairs) => {
                    pairs.iter().for_each(|(k, _)| visit(k));
                    true
                }
                _ => false,
            }
        }
    }

    /// A bare rsigma engine with every detection rule rsigma-parser reads from the
    /// `*.yml` files under `dirs`.
    pub fn engine(dirs: &[PathBuf]) -> (Engine, String) {
        fn walk(path: &Path, files: &mut Vec<PathBuf>) {
            if path.is_dir() {
                for entry in std::fs::read_dir(path).expect("list").flatten() {
                    walk(&entry.path(), files);
                }
            } else if path.extension().is_some_and(|e| e == "yml") {
                files.push(path.to_path_buf());
            }
        }
        let mut files = Vec::new();
        dirs.iter().for_each(|dir| walk(dir, &mut files));
        files.sort();
        let mut engine = Engine::new();
        let (mut added, mut failed) = (0, 0);
        for file in &files {
            let Ok(collection) = rsigma_parser::parse_sigma_file(file) else {
                failed += 1;
                continue;
            };
            for rule in &collection.rules {
                match engine.add_rule(rule) {
                    Ok(()) => added += 1,
                    Err(_) => failed += 1,
                }
            }
        }
        (engine, format!("bare rsigma Engine: {} files, {added} detection rules, {failed} failed", files.len()))
    }
}
