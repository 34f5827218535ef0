//! Posture evaluation throughput of the built-in pack over a generated inventory.
//!
//! `cargo run --release -p meerkat-policy --example bench -- [RESOURCES] [ROUNDS]`
//! (defaults 10000 and 5). Prints resource-checks per second on one thread and on all
//! cores, and the share of time spent building check inputs (facts + conversion).

use std::time::Instant;

use chrono::Utc;
use meerkat_model::{Resource, Scope, GLOBAL_REGION};
use meerkat_policy::{Engine, Inventory, Options, ScopeStatus};
use serde_json::json;

const ACCOUNT: &str = "111111111111";
const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "ap-south-1", "sa-east-1"];

fn resource(t: &str, region: &str, id: String, configuration: serde_json::Value) -> Resource {
    let scope = Scope { account_id: ACCOUNT.into(), region: region.into(), resource_type: t.into() };
    Resource::new(&scope, id, configuration, Utc::now())
}

/// A mix shaped like a real account: many security groups, instances, volumes and
/// buckets, fewer users, policies and databases; every other one insecure.
fn inventory(n: usize) -> Inventory {
    let mut out: Vec<Resource> = (0..n).map(generated).collect();
    let (extra, scopes) = extras();
    out.extend(extra);
    Inventory::new(out, scopes)
}

/// Resource number `i` of the generated account (the same every time).
fn generated(i: usize) -> Resource {
    {
        let region = REGIONS[i % REGIONS.len()];
        let bad = i % 2 == 0;
        let r = match i % 10 {
            0 | 1 => {
                let mut r = resource("AWS::S3::Bucket", region, format!("bucket-{i}"), json!({"Name": format!("bucket-{i}")}));
                let principal = if bad { json!("*") } else { json!({"AWS": "arn:aws:iam::222222222222:root"}) };
                r.supplementary.insert("BucketPolicy".into(), json!({"Version": "2012-10-17", "Statement": [
                    {"Sid": "Read", "Effect": "Allow", "Principal": principal, "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [format!("arn:aws:s3:::bucket-{i}"), format!("arn:aws:s3:::bucket-{i}/*")]},
                    {"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}));
                r.supplementary.insert("PublicAccessBlockConfiguration".into(), if bad { json!(null) } else { json!({"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}) });
                r.supplementary.insert("ServerSideEncryptionConfiguration".into(), if bad { json!(null) } else { json!({"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]}) });
                r.supplementary.insert("BucketVersioningConfiguration".into(), json!({"Status": if bad { "Off" } else { "Enabled" }, "MFADelete": "Disabled"}));
                r.supplementary.insert("BucketAcl".into(), json!({"Owner": {"ID": "abc"}, "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "abc"}, "Permission": "FULL_CONTROL"}]}));
                r
            }
            2 | 3 => resource("AWS::EC2::SecurityGroup", region, format!("sg-{i}"), json!({"GroupId": format!("sg-{i}"), "IpPermissions": [
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": if bad { "0.0.0.0/0" } else { "10.0.0.0/8" }}], "Ipv6Ranges": []},
                {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": format!("sg-{i}")}]}], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]})),
            4 | 5 => resource("AWS::EC2::Instance", region, format!("i-{i}"), json!({"InstanceId": format!("i-{i}"), "InstanceType": "t3.micro", "State": {"Name": "running"},
                "MetadataOptions": {"HttpTokens": if bad { "optional" } else { "required" }, "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 1},
                "SecurityGroups": [{"GroupId": "sg-2", "GroupName": "web"}], "NetworkInterfaces": [{"NetworkInterfaceId": format!("eni-{i}"), "PrivateIpAddress": "10.0.0.5"}]})),
            6 | 7 => resource("AWS::EC2::Volume", region, format!("vol-{i}"), json!({"VolumeId": format!("vol-{i}"), "Size": 8, "VolumeType": "gp3", "Encrypted": !bad, "State": "in-use"})),
            8 => {
                let mut r = resource("AWS::IAM::User", GLOBAL_REGION, format!("user-{i}"), json!({"UserName": format!("user-{i}")}));
                r.supplementary.insert("LoginProfile".into(), json!({"UserName": format!("user-{i}")}));
                r.supplementary.insert("MFADevices".into(), if bad { json!([]) } else { json!([{"SerialNumber": "arn:aws:iam::111111111111:mfa/x"}]) });
                r.supplementary.insert("AccessKeys".into(), json!([]));
                r
            }
            _ if i % 20 == 9 => {
                let mut r = resource("AWS::IAM::Policy", GLOBAL_REGION, format!("arn:aws:iam::{ACCOUNT}:policy/p{i}"), json!({"AttachmentCount": 1}));
                r.supplementary.insert("PolicyVersion".into(), json!({"VersionId": "v1", "Document": {"Statement": [
                    {"Effect": "Allow", "Action": if bad { json!("*") } else { json!(["s3:GetObject", "s3:PutObject"]) }, "Resource": "*"}]}}));
                r
            }
            _ => resource("AWS::RDS::DBInstance", region, format!("db-{i}"), json!({"DBInstanceIdentifier": format!("db-{i}"), "Engine": "postgres", "PubliclyAccessible": bad, "StorageEncrypted": true})),
        };
        r.seal()
    }
}

/// The account-level resources and the scope statuses of the generated account.
fn extras() -> (Vec<Resource>, Vec<ScopeStatus>) {
    let mut out = Vec::new();
    out.push(resource("AWS::S3::AccountPublicAccessBlock", GLOBAL_REGION, ACCOUNT.into(), json!({"Configured": false})).seal());
    out.push(resource("AWS::IAM::AccountPasswordPolicy", GLOBAL_REGION, ACCOUNT.into(), json!({"Configured": true, "MinimumPasswordLength": 8})).seal());
    let mut scopes = Vec::new();
    for region in REGIONS {
        for t in ["AWS::GuardDuty::Detector", "AWS::EC2::SecurityGroup", "AWS::EC2::Instance", "AWS::EC2::Volume", "AWS::RDS::DBInstance"] {
            scopes.push(ScopeStatus { scope: Scope { account_id: ACCOUNT.into(), region: (*region).into(), resource_type: t.into() }, assessed: *region != "sa-east-1" || t != "AWS::GuardDuty::Detector", reason: None });
        }
    }
    out.push(resource("AWS::GuardDuty::Detector", "us-east-1", "d1".into(), json!({"Status": "ENABLED"})).seal());
    (out, scopes)
}

/// CPU seconds this process has used (user + system), from `/proc/self/stat`; the
/// machine is shared, so wall time alone would measure the neighbours too.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // CLK_TCK is 100 on Linux distributions that Meerkat targets.
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory of this process so far, in MiB (`VmHWM`).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
    kb.unwrap_or(0.0) / 1024.0
}

/// As a scan over a store would run: a first pass shows every resource to the
/// inventory builder (facts context, pseudo-resources), a second evaluates batches of
/// 5,000 generated again, each batch's results counted and dropped. Memory holds one
/// batch and the context, never the whole inventory.
fn stream(engine: &Engine, n: usize) {
    const BATCH: usize = 5_000;
    let cores = std::thread::available_parallelism().map(|c| c.get()).unwrap_or(1);
    let t = Instant::now();
    let (extra, scopes) = extras();
    let mut builder = Inventory::builder(scopes);
    for i in 0..n {
        builder.observe(&generated(i));
    }
    extra.iter().for_each(|r| builder.observe(r));
    let inventory = builder.finish();
    println!("pass 1 (observe {n} resources): {:.1} s; peak RSS {:.0} MiB", t.elapsed().as_secs_f64(), peak_rss_mib());
    let options = Options { threads: cores, ..Default::default() };
    let (mut results, mut fails, mut evaluating, mut generating) = (0usize, 0usize, 0.0f64, 0.0f64);
    let cpu = cpu_seconds();
    let mut start = 0;
    while start < n {
        let t = Instant::now();
        let mut batch: Vec<Resource> = (start..(start + BATCH).min(n)).map(generated).collect();
        if start + BATCH >= n {
            batch.extend(extra.iter().cloned());
        }
        generating += t.elapsed().as_secs_f64();
        let ev = engine.evaluate_resources(&inventory, &batch, &options);
        evaluating += ev.elapsed.as_secs_f64();
        results += ev.results.len();
        fails += ev.results.iter().filter(|r| r.status == meerkat_policy::Status::Fail).count();
        start += BATCH;
    }
    let ev = engine.evaluate(&inventory);
    results += ev.results.len();
    evaluating += ev.elapsed.as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    println!(
        "pass 2, {cores} threads, batches of {BATCH}: {results} results ({fails} FAIL); evaluation {:.1} s wall = {:.0} resource-checks/s (generation {:.1} s besides); {:.0} resource-checks per CPU-second (generation included); peak RSS {:.0} MiB",
        evaluating,
        results as f64 / evaluating,
        generating,
        results as f64 / cpu.max(0.01),
        peak_rss_mib()
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let t = Instant::now();
    let engine = match Engine::builtin() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("the built-in pack does not load: {e}");
            std::process::exit(1);
        }
    };
    println!("compiled {} checks in {:.0} ms", engine.checks().len(), t.elapsed().as_secs_f64() * 1e3);
    if std::env::var_os("BENCH_STREAM").is_some() {
        stream(&engine, n);
        return;
    }
    let t = Instant::now();
    let inv = inventory(n);
    println!("generated {} resources (+{} synthesised) in {:.0} ms", n, inv.synthesized().len(), t.elapsed().as_secs_f64() * 1e3);
    println!("peak RSS after generation: {:.0} MiB", peak_rss_mib());
    let cores = std::thread::available_parallelism().map(|c| c.get()).unwrap_or(1);

    // As `meerkat scan` runs: batches of 5,000 resources on all cores, each batch's
    // results handed on and dropped, keeping only what a rescan needs (fingerprints).
    let t = Instant::now();
    let cpu = cpu_seconds();
    let (mut results, mut fails) = (0usize, 0usize);
    let mut previous = meerkat_policy::Fingerprints::new();
    let streamed = engine.evaluate_batches(&inv, &Options { threads: cores, ..Default::default() }, 5_000, |ev| {
        results += ev.results.len();
        for r in ev.results {
            fails += usize::from(r.status == meerkat_policy::Status::Fail);
            if r.status != meerkat_policy::Status::NotAssessed {
                let subject = meerkat_model::Subject::Resource(inv.resources()[r.resource].key()).key();
                previous.entry(subject).or_default().insert(engine.checks()[r.check].id.clone(), r.fingerprint);
            }
        }
        Ok::<_, ()>(())
    });
    assert!(streamed.is_ok());
    let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    println!(
        "streamed, {cores} threads, batches of 5,000: {results} results ({fails} FAIL) in {:.2} s wall = {:.0} resource-checks/s; {:.0} per CPU-second; peak RSS {:.0} MiB",
        wall,
        results as f64 / wall,
        results as f64 / cpu.max(0.01),
        peak_rss_mib()
    );
    let t = Instant::now();
    let mut carried = 0usize;
    let rescan = engine.evaluate_batches(&inv, &Options { threads: cores, previous: Some(&previous), ..Default::default() }, 5_000, |ev| {
        carried += ev.unchanged.len();
        Ok::<_, ()>(())
    });
    assert!(rescan.is_ok());
    let wall = t.elapsed().as_secs_f64();
    println!(
        "rescan with nothing changed: {carried} of {results} pairs carried forward in {:.2} s wall ({:.0} pairs/s); peak RSS {:.0} MiB",
        wall,
        results as f64 / wall,
        peak_rss_mib()
    );
    if std::env::var_os("BENCH_STREAM_ONLY").is_some() {
        return;
    }

    for threads in [1, cores] {
        let mut best = f64::MAX;
        let mut executed = 0;
        let mut results = 0;
        let cpu = cpu_seconds();
        for _ in 0..rounds {
            let ev = engine.evaluate_with(&inv, &Options { threads, ..Default::default() });
            best = best.min(ev.elapsed.as_secs_f64());
            executed = ev.executed;
            results = ev.results.len();
            assert!(ev.errors.is_empty(), "{:?}", ev.errors.first());
        }
        let cpu = cpu_seconds() - cpu;
        println!(
            "threads {threads}: {results} results ({executed} run in the VM); wall {:.1} ms (best of {rounds}) = {:.0} resource-checks/s; CPU {:.2} s for {rounds} rounds = {:.0} resource-checks per CPU-second",
            best * 1e3,
            results as f64 / best,
            cpu,
            (results * rounds) as f64 / cpu.max(0.01)
        );
    }
    let cpu = cpu_seconds();
    let mut built = 0;
    for _ in 0..rounds {
        built += meerkat_policy::bench::build_inputs(&inv);
    }
    let cpu = cpu_seconds() - cpu;
    println!("inputs alone (facts + conversion): {:.1} µs per resource (CPU)", cpu * 1e6 / built.max(1) as f64);
    let cpu = cpu_seconds();
    let mut derived = 0;
    for _ in 0..rounds {
        derived += meerkat_policy::bench::derive_facts(&inv);
    }
    let cpu = cpu_seconds() - cpu;
    println!("facts alone: {:.1} µs per resource (CPU)", cpu * 1e6 / derived.max(1) as f64);
    // What the input costs on its own: an evaluation with no check selected does
    // nothing, so build one check's worth: run only the cheapest check per resource type.
    let one = Options { threads: 1, checks: Some(["ec2_ebs_volume_encrypted".to_owned()].into()), ..Default::default() };
    let ev = engine.evaluate_with(&inv, &one);
    println!("one trivial check on {} volumes: {:.1} µs per resource-check (input built per resource)", ev.executed, ev.elapsed.as_secs_f64() * 1e6 / ev.executed.max(1) as f64);
}
