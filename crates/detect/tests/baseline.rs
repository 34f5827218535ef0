//! Identity baselines over a generated month of CloudTrail: a CI role, a human user
//! with office hours, an SSO admin on the console, a GitHub OIDC identity, the root
//! user once, and AWS services. The generator is deterministic (xorshift, fixed seed).
//! The benign month gives few anomalies; every injected attack is reported; restoring
//! the state mid-month changes nothing; trusted lists and the daily cap hold; odd
//! records never panic.

use std::path::Path;

use chrono::{DateTime, SecondsFormat};
use meerkat_detect::baseline::{Anomaly, AnomalyKind, BaselineConfig, Baselines, PrincipalKind, State};
use meerkat_detect::tuning::Tuning;
use meerkat_detect::{Event, Origin};
use serde_json::{json, Value};

const ACCOUNT: &str = "111122223333";
/// 2024-03-01T00:00:00Z, a Friday.
const START: i64 = 1_709_251_200;
const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
const CI_ROLE: &str = "arn:aws:iam::111122223333:role/ci-deploy";
const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const ALICE_KEY: &str = "AKIAALICE00000000001";
const SSO_ROLE_PATH: &str =
    "aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef";
/// Benign anomalies allowed on the generated month (measured: 4, printed by the test).
/// All are the SSO admin's, whose generator makes a rare sensitive change (p = 0.004 a
/// call after the first week) and looks at another region now and then, as admins
/// do; the steady principals (CI role, Alice, the GitHub identity) must raise none.
const MAX_BENIGN_ANOMALIES: usize = 4;

/// xorshift64: small, deterministic, good enough to vary a test month.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// One record, with what the generator varies.
struct Call<'a> {
    t: i64,
    service: &'a str,
    name: &'a str,
    region: &'a str,
    ip: &'a str,
    agent: &'a str,
    identity: &'a Value,
    error: Option<&'a str>,
}

/// Builds the records; ids are `<tag>-<n>`, benign ones tagged `b`.
struct Month {
    records: Vec<(i64, Value)>,
    next_id: u64,
}

impl Month {
    fn new() -> Month {
        Month { records: Vec::new(), next_id: 0 }
    }

    fn push(&mut self, tag: &str, call: Call<'_>) {
        self.next_id += 1;
        let time = DateTime::from_timestamp(call.t, 0).unwrap().to_rfc3339_opts(SecondsFormat::Secs, true);
        let mut record = json!({
            "eventVersion": "1.09", "eventTime": time, "eventSource": format!("{}.amazonaws.com", call.service),
            "eventName": call.name, "awsRegion": call.region, "sourceIPAddress": call.ip, "userAgent": call.agent,
            "userIdentity": call.identity, "eventID": format!("{tag}-{}", self.next_id),
            "eventType": "AwsApiCall", "recipientAccountId": ACCOUNT,
        });
        if let Some(code) = call.error {
            record["errorCode"] = json!(code);
            record["errorMessage"] = json!("not authorized");
        }
        self.records.push((call.t, record));
    }

    fn events(mut self) -> Vec<Event> {
        self.records.sort_by_key(|(t, _)| *t);
        self.records
            .into_iter()
            .enumerate()
            .map(|(i, (_, raw))| {
                Event::from_value(raw, Origin { path: Path::new("month").into(), index: i as u64 }).unwrap()
            })
            .collect()
    }
}

fn user(name: &str, key: &str) -> Value {
    json!({"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": format!("arn:aws:iam::{ACCOUNT}:user/{name}"),
        "accountId": ACCOUNT, "accessKeyId": key, "userName": name})
}

fn session(role_path: &str, session: &str, key: &str) -> Value {
    let name = role_path.rsplit('/').next().unwrap();
    json!({"type": "AssumedRole", "principalId": format!("AROAEXAMPLE:{session}"),
        "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/{name}/{session}"), "accountId": ACCOUNT, "accessKeyId": key,
        "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE",
            "arn": format!("arn:aws:iam::{ACCOUNT}:role/{role_path}"), "accountId": ACCOUNT, "userName": name}}})
}

fn weekday(day: i64) -> i64 {
    (4 + day) % 7 // 0 = Monday; START is a Friday
}

const CI_APIS: &[(&str, &str)] = &[
    ("sts", "GetCallerIdentity"),
    ("cloudformation", "DescribeStacks"),
    ("cloudformation", "CreateChangeSet"),
    ("cloudformation", "DescribeChangeSet"),
    ("cloudformation", "ExecuteChangeSet"),
    ("cloudformation", "DescribeStackEvents"),
    ("ecr", "GetAuthorizationToken"),
    ("ecr", "BatchCheckLayerAvailability"),
    ("ecr", "InitiateLayerUpload"),
    ("ecr", "CompleteLayerUpload"),
    ("ecr", "PutImage"),
    ("ecs", "DescribeServices"),
    ("ecs", "UpdateService"),
    ("ecs", "RegisterTaskDefinition"),
    ("ecs", "DescribeTaskDefinition"),
    ("ssm", "GetParameters"),
    ("kms", "Decrypt"),
    ("lambda", "GetFunction20150331v2"),
    ("lambda", "UpdateFunctionCode20150331v2"),
    ("secretsmanager", "GetSecretValue"),
];

const ALICE_APIS: &[(&str, &str)] = &[
    ("sts", "GetCallerIdentity"),
    ("ec2", "DescribeInstances"),
    ("ec2", "DescribeSecurityGroups"),
    ("ec2", "DescribeVpcs"),
    ("ec2", "DescribeSubnets"),
    ("ec2", "DescribeVolumes"),
    ("ec2", "DescribeImages"),
    ("s3", "ListBuckets"),
    ("s3", "GetBucketLocation"),
    ("s3", "GetBucketPolicy"),
    ("iam", "ListUsers"),
    ("iam", "ListRoles"),
    ("iam", "GetRole"),
    ("iam", "ListAttachedRolePolicies"),
    ("logs", "DescribeLogGroups"),
    ("logs", "FilterLogEvents"),
    ("monitoring", "GetMetricData"),
    ("lambda", "ListFunctions20150331"),
    ("rds", "DescribeDBInstances"),
    ("ssm", "DescribeParameters"),
    ("cloudformation", "DescribeStacks"),
    ("cloudformation", "ListStacks"),
    ("ecs", "ListClusters"),
    ("ecs", "DescribeServices"),
];

/// Less common calls Alice makes now and then, none sensitive.
const ALICE_RARE: &[(&str, &str)] = &[
    ("ec2", "DescribeNatGateways"),
    ("ec2", "DescribeRouteTables"),
    ("elasticloadbalancing", "DescribeLoadBalancers"),
    ("route53", "ListHostedZones"),
    ("dynamodb", "ListTables"),
    ("sns", "ListTopics"),
    ("sqs", "ListQueues"),
];

const ADMIN_APIS: &[(&str, &str)] = &[
    ("iam", "ListRoles"),
    ("iam", "GetRole"),
    ("iam", "ListPolicies"),
    ("iam", "GetPolicy"),
    ("iam", "ListUsers"),
    ("iam", "GetAccountSummary"),
    ("ec2", "DescribeInstances"),
    ("ec2", "DescribeSecurityGroups"),
    ("s3", "ListBuckets"),
    ("s3", "GetBucketAcl"),
    ("cloudtrail", "DescribeTrails"),
    ("cloudtrail", "LookupEvents"),
    ("guardduty", "ListDetectors"),
    ("organizations", "DescribeOrganization"),
];

/// Admin changes, learned in the first week.
const ADMIN_WRITES: &[(&str, &str)] =
    &[("iam", "CreateRole"), ("iam", "AttachRolePolicy"), ("iam", "PutRolePolicy"), ("s3", "PutBucketPolicy")];

/// Admin changes seldom made: benign, yet a first use of a sensitive API.
const ADMIN_RARE: &[(&str, &str)] =
    &[("iam", "CreateAccessKey"), ("iam", "UpdateAssumeRolePolicy"), ("kms", "PutKeyPolicy")];

fn cli_agent(rng: &mut Rng) -> String {
    format!("aws-cli/2.15.{} Python/3.11.6 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off", rng.below(6))
}

/// The benign month.
fn benign(seed: u64, days: i64) -> Month {
    let mut rng = Rng(seed);
    let mut month = Month::new();
    let browser = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36";
    let github = json!({"type": "WebIdentityUser",
        "principalId": "token.actions.githubusercontent.com:sts.amazonaws.com:repo:acme/app:ref:refs/heads/main",
        "userName": "repo:acme/app:ref:refs/heads/main", "identityProvider": "token.actions.githubusercontent.com"});
    let service = json!({"type": "AWSService", "invokedBy": "config.amazonaws.com"});
    let alice = user("alice", ALICE_KEY);
    let mut run = 0;
    for day in 0..days {
        let midnight = START + day * DAY;
        // CI: a pipeline run in most hours, around the clock, from the self-hosted runners.
        for hour in 0..24 {
            if !rng.chance(0.8) {
                continue;
            }
            run += 1;
            let start = midnight + hour * HOUR + rng.below(50) as i64 * 60;
            let key = format!("ASIACI{run:014}");
            let identity = session("ci-deploy", &format!("run-{run}"), &key);
            let ip = format!("198.51.100.{}", 10 + rng.below(40));
            let runner_ip =
                format!("{}.{}.{}.{}", 20 + rng.below(30), rng.below(256), rng.below(256), 1 + rng.below(254));
            month.push(
                "b",
                Call {
                    t: start - 5,
                    service: "sts",
                    name: "AssumeRoleWithWebIdentity",
                    region: "eu-west-1",
                    ip: &runner_ip,
                    agent: "aws-sdk-js/3.540.0 ua/2.0 os/linux#6.5 lang/js md/nodejs#20.11.1",
                    identity: &github,
                    error: None,
                },
            );
            let agent = cli_agent(&mut rng);
            for i in 0..(15 + rng.below(25)) as i64 {
                let (svc, name) = *rng.pick(CI_APIS);
                let error = rng.chance(0.01).then_some("ThrottlingException");
                month.push(
                    "b",
                    Call {
                        t: start + i * (1 + rng.below(6) as i64),
                        service: svc,
                        name,
                        region: "eu-west-1",
                        ip: &ip,
                        agent: &agent,
                        identity: &identity,
                        error,
                    },
                );
            }
            // CloudFormation calling with the role's session: a service, not a network.
            month.push(
                "b",
                Call {
                    t: start + 120,
                    service: "lambda",
                    name: "UpdateFunctionConfiguration20150331v2",
                    region: "eu-west-1",
                    ip: "cloudformation.amazonaws.com",
                    agent: "cloudformation.amazonaws.com",
                    identity: &identity,
                    error: None,
                },
            );
        }
        // AWS Config's own calls: no principal to baseline.
        for hour in 0..24 {
            month.push(
                "b",
                Call {
                    t: midnight + hour * HOUR + 600,
                    service: "sts",
                    name: "AssumeRole",
                    region: "eu-west-1",
                    ip: "config.amazonaws.com",
                    agent: "config.amazonaws.com",
                    identity: &service,
                    error: None,
                },
            );
        }
        let wd = weekday(day);
        if wd >= 5 {
            continue;
        }
        // Alice: office hours, office on Mon/Wed/Thu, home on Tue/Fri.
        let office = matches!(wd, 0 | 2 | 3);
        let first = if rng.chance(0.3) { 9 } else { 8 };
        let last = if rng.chance(0.05) {
            18
        } else if rng.chance(0.5) {
            17
        } else {
            16
        };
        for hour in first..=last {
            if !rng.chance(0.75) {
                continue;
            }
            let ip = if office {
                format!("203.0.113.{}", 20 + rng.below(10))
            } else {
                format!("192.0.2.{}", 1 + rng.below(5))
            };
            let agent = if rng.chance(0.7) {
                cli_agent(&mut rng)
            } else {
                "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.6 Botocore/1.34.51".to_owned()
            };
            let calls = if rng.chance(0.05) { 80 + rng.below(80) } else { 3 + rng.below(40) };
            for _ in 0..calls {
                let (svc, name) = if rng.chance(0.01) { *rng.pick(ALICE_RARE) } else { *rng.pick(ALICE_APIS) };
                let region = if rng.chance(0.8) { "eu-west-1" } else { "eu-central-1" };
                let error = rng.chance(0.03).then_some("AccessDenied");
                month.push(
                    "b",
                    Call {
                        t: midnight + hour * HOUR + rng.below(3600) as i64,
                        service: svc,
                        name,
                        region,
                        ip: &ip,
                        agent: &agent,
                        identity: &alice,
                        error,
                    },
                );
            }
        }
        // The admin: a console session on about half the working days.
        if rng.chance(0.5) {
            let start = midnight + (9 + rng.below(7) as i64) * HOUR + rng.below(1800) as i64;
            let key = format!("ASIAADMIN{day:011}");
            let identity = session(SSO_ROLE_PATH, "bob@example.com", &key);
            let ip = if rng.chance(0.6) { format!("203.0.113.{}", 40 + rng.below(5)) } else { "198.18.7.9".to_owned() };
            let region = if rng.chance(0.05) {
                *rng.pick(&["us-west-2", "ap-southeast-1"])
            } else if rng.chance(0.1) {
                "eu-central-1"
            } else {
                "eu-west-1"
            };
            month.push(
                "b",
                Call {
                    t: start,
                    service: "signin",
                    name: "ConsoleLogin",
                    region: "us-east-1",
                    ip: &ip,
                    agent: browser,
                    identity: &identity,
                    error: None,
                },
            );
            for i in 0..(10 + rng.below(30)) as i64 {
                let (svc, name) = if day < 7 && rng.chance(0.1) {
                    *rng.pick(ADMIN_WRITES)
                } else if day >= 7 && rng.chance(0.004) {
                    *rng.pick(ADMIN_RARE)
                } else {
                    *rng.pick(ADMIN_APIS)
                };
                let from = if rng.chance(0.1) { "AWS Internal" } else { ip.as_str() };
                month.push(
                    "b",
                    Call {
                        t: start + 60 + i * (20 + rng.below(120) as i64),
                        service: svc,
                        name,
                        region,
                        ip: from,
                        agent: browser,
                        identity: &identity,
                        error: None,
                    },
                );
            }
        }
        // Root, once: a sign-in and a look at billing.
        if day == 4 {
            let root = json!({"type": "Root", "principalId": ACCOUNT, "arn": format!("arn:aws:iam::{ACCOUNT}:root"), "accountId": ACCOUNT});
            for (i, (svc, name)) in
                [("signin", "ConsoleLogin"), ("ce", "GetCostAndUsage"), ("account", "GetContactInformation")]
                    .iter()
                    .enumerate()
            {
                month.push(
                    "b",
                    Call {
                        t: midnight + 14 * HOUR + i as i64 * 60,
                        service: svc,
                        name,
                        region: "us-east-1",
                        ip: "203.0.113.41",
                        agent: browser,
                        identity: &root,
                        error: None,
                    },
                );
            }
        }
    }
    month
}

/// The attacks, each tagged `inject-<name>`, and the kind each must raise.
const INJECTED: &[(&str, AnomalyKind)] = &[
    ("inject-create-user", AnomalyKind::SensitiveApiFirstUse),
    ("inject-new-region", AnomalyKind::NewRegion),
    ("inject-stolen-key", AnomalyKind::NewNetworkForKey),
    ("inject-stolen-key", AnomalyKind::UnusualHour),
    ("inject-error-burst", AnomalyKind::ErrorSpike),
    ("inject-burst", AnomalyKind::VolumeSpike),
    ("inject-travel", AnomalyKind::KeyTwoNetworks),
];

fn inject(month: &mut Month) {
    let cli = "aws-cli/2.15.3 Python/3.11.6 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off";
    // Day 18: the CI role creates an IAM user.
    let ci = session("ci-deploy", "run-x", "ASIACIINJECT00000001");
    month.push(
        "inject-create-user",
        Call {
            t: START + 18 * DAY + 11 * HOUR + 20 * 60,
            service: "iam",
            name: "CreateUser",
            region: "us-east-1",
            ip: "198.51.100.33",
            agent: cli,
            identity: &ci,
            error: None,
        },
    );
    // Day 20 (Thursday): Alice, from the office, starts an instance in a region nobody uses.
    let alice = user("alice", ALICE_KEY);
    month.push(
        "inject-new-region",
        Call {
            t: START + 20 * DAY + 10 * HOUR + 15 * 60,
            service: "ec2",
            name: "RunInstances",
            region: "ap-southeast-3",
            ip: "203.0.113.25",
            agent: cli,
            identity: &alice,
            error: None,
        },
    );
    // Day 22 (Saturday), 02:10: Alice's key, stolen, used from elsewhere.
    let stolen = "aws-cli/1.29.0 Python/3.12.0 Windows/10 botocore/1.31.0";
    let calls = [
        ("sts", "GetCallerIdentity"),
        ("iam", "ListUsers"),
        ("iam", "ListAccessKeys"),
        ("s3", "ListBuckets"),
        ("ec2", "DescribeInstances"),
        ("secretsmanager", "ListSecrets"),
    ];
    for (i, (svc, name)) in calls.iter().enumerate() {
        month.push(
            "inject-stolen-key",
            Call {
                t: START + 22 * DAY + 2 * HOUR + 10 * 60 + i as i64 * 30,
                service: svc,
                name,
                region: "eu-west-1",
                ip: "45.155.205.7",
                agent: stolen,
                identity: &alice,
                error: None,
            },
        );
    }
    // Day 23, 04:00: the CI role probing what it may do, denied.
    let probe = session("ci-deploy", "run-y", "ASIACIINJECT00000002");
    for i in 0..60 {
        let (svc, name) =
            [("iam", "ListUsers"), ("s3", "ListBuckets"), ("ec2", "DescribeInstances"), ("rds", "DescribeDBInstances")]
                [i % 4];
        month.push(
            "inject-error-burst",
            Call {
                t: START + 23 * DAY + 4 * HOUR + i as i64 * 20,
                service: svc,
                name,
                region: "eu-west-1",
                ip: "198.51.100.34",
                agent: cli,
                identity: &probe,
                error: Some("AccessDenied"),
            },
        );
    }
    // Day 25, 13:00: the CI role enumerating everything.
    let burst = session("ci-deploy", "run-z", "ASIACIINJECT00000003");
    for i in 0..1500 {
        month.push(
            "inject-burst",
            Call {
                t: START + 25 * DAY + 13 * HOUR + i * 2,
                service: "ec2",
                name: "DescribeInstances",
                region: "eu-west-1",
                ip: "198.51.100.35",
                agent: cli,
                identity: &burst,
                error: None,
            },
        );
    }
    // Day 27 (Thursday), 10:00 and 10:06: Alice's key from the office, then from far away.
    month.push(
        "inject-travel-start",
        Call {
            t: START + 27 * DAY + 10 * HOUR,
            service: "ec2",
            name: "DescribeInstances",
            region: "eu-west-1",
            ip: "203.0.113.25",
            agent: cli,
            identity: &alice,
            error: None,
        },
    );
    month.push(
        "inject-travel",
        Call {
            t: START + 27 * DAY + 10 * HOUR + 6 * 60,
            service: "s3",
            name: "ListBuckets",
            region: "us-east-1",
            ip: "185.220.101.4",
            agent: cli,
            identity: &alice,
            error: None,
        },
    );
}

const SEED: u64 = 0x5eed_1234_abcd_0042;

fn injected_month() -> Vec<Event> {
    let mut month = benign(SEED, 30);
    inject(&mut month);
    month.events()
}

fn run(baselines: &mut Baselines, events: &[Event]) -> Vec<Anomaly> {
    events.iter().flat_map(|e| baselines.observe(e)).collect()
}

fn show(anomalies: &[Anomaly]) -> String {
    anomalies
        .iter()
        .map(|a| {
            format!("  {:?} score {} {} [{}]", a.kind, a.score, a.explanation, a.event_id.as_deref().unwrap_or("-"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn benign_month_has_few_false_positives() {
    let events = benign(SEED, 30).events();
    let mut baselines = Baselines::new(BaselineConfig::default()).unwrap();
    let anomalies = run(&mut baselines, &events);
    let stats = baselines.stats();
    eprintln!(
        "benign month: {} records, {} principals, {} anomalies (bound {MAX_BENIGN_ANOMALIES}):\n{}\nstats: {stats:?}",
        events.len(),
        stats.principals,
        anomalies.len(),
        show(&anomalies)
    );
    assert!(anomalies.len() <= MAX_BENIGN_ANOMALIES, "{} benign anomalies:\n{}", anomalies.len(), show(&anomalies));
    let steady = anomalies.iter().filter(|a| !a.principal.contains("AWSReservedSSO_AdministratorAccess")).count();
    assert_eq!(steady, 0, "{}", show(&anomalies));
    // CI role, Alice, the admin role, the GitHub identity, root; AWS Config is no principal.
    assert_eq!(stats.principals, 5);
    assert_eq!(stats.unattributed, 30 * 24);
    assert_eq!(stats.capped + stats.suppressed, 0);
}

#[test]
fn injected_anomalies_are_all_reported() {
    let events = injected_month();
    let mut baselines = Baselines::new(BaselineConfig::default()).unwrap();
    let anomalies = run(&mut baselines, &events);
    let mut missing = Vec::new();
    for (tag, kind) in INJECTED {
        let hit = anomalies.iter().any(|a| {
            a.kind == *kind
                && a.event_id.as_deref().is_some_and(|id| id.rsplit_once('-').is_some_and(|(t, _)| t == *tag))
        });
        if !hit {
            missing.push(format!("{tag}: {kind:?}"));
        }
    }
    let benign: Vec<Anomaly> = anomalies
        .iter()
        .filter(|a| !a.event_id.as_deref().is_some_and(|id| id.starts_with("inject-")))
        .cloned()
        .collect();
    eprintln!(
        "injected month: {} of {} injected anomalies found; {} anomalies on benign records\n{}",
        INJECTED.len() - missing.len(),
        INJECTED.len(),
        benign.len(),
        show(&anomalies)
    );
    assert!(missing.is_empty(), "not reported: {missing:?}\n{}", show(&anomalies));

    let create = anomalies
        .iter()
        .find(|a| a.kind == AnomalyKind::SensitiveApiFirstUse && a.subject == "iam:CreateUser")
        .unwrap();
    assert_eq!(create.principal, CI_ROLE);
    assert_eq!(create.principal_kind, PrincipalKind::Role);
    assert!(
        create
            .explanation
            .starts_with(&format!("first call of iam:CreateUser by {CI_ROLE} after 18 days of history; ")),
        "{}",
        create.explanation
    );
    assert!(create.explanation.ends_with("distinct APIs known"), "{}", create.explanation);
    assert_eq!(create.attack, ["T1136.003"]);
    assert_eq!(create.source_ip.as_deref(), Some("198.51.100.33"));
    assert!(create.factors.iter().any(|f| f.reason == "first call to the iam service"), "{:?}", create.factors);

    let stolen =
        anomalies.iter().find(|a| a.kind == AnomalyKind::NewNetworkForKey && a.subject == "45.155.205.0/24").unwrap();
    assert_eq!(stolen.principal, ALICE);
    assert!(stolen.score >= 80, "{stolen:?}");
    assert!(stolen.explanation.contains(ALICE_KEY), "{}", stolen.explanation);

    let region = anomalies.iter().find(|a| a.kind == AnomalyKind::NewRegion && a.principal == ALICE).unwrap();
    assert_eq!(region.subject, "ap-southeast-3");
    assert!(region.factors.iter().any(|f| f.reason.contains("no principal was seen")), "{:?}", region.factors);
    assert_eq!(region.attack, ["T1535"]);

    // A spike is reported once per hour, not once per record past the limit.
    assert_eq!(anomalies.iter().filter(|a| a.kind == AnomalyKind::VolumeSpike && a.principal == CI_ROLE).count(), 1);
    for a in &anomalies {
        assert!(a.score <= 100 && !a.factors.is_empty() && !a.explanation.is_empty(), "{a:?}");
    }
}

#[test]
fn restore_and_continue_equals_uninterrupted() {
    let events = injected_month();
    let mut whole = Baselines::new(BaselineConfig::default()).unwrap();
    let uninterrupted = run(&mut whole, &events);
    assert!(uninterrupted.len() >= INJECTED.len());

    let cuts = [events.len() / 3, events.len() / 2, events.len() * 5 / 6];
    let mut baselines = Baselines::new(BaselineConfig::default()).unwrap();
    let mut resumed = Vec::new();
    let mut from = 0;
    for cut in cuts.into_iter().chain([events.len()]) {
        resumed.extend(run(&mut baselines, &events[from..cut]));
        from = cut;
        let saved = serde_json::to_string(baselines.state()).unwrap();
        let state: State = serde_json::from_str(&saved).unwrap();
        assert_eq!(&state, baselines.state(), "the state survives JSON");
        baselines = Baselines::from_state(BaselineConfig::default(), state).unwrap();
    }
    assert_eq!(resumed, uninterrupted);
    assert_eq!(baselines.stats(), whole.stats());
    assert_eq!(baselines.state(), whole.state());
}

#[test]
fn state_of_another_version_is_refused() {
    let baselines = Baselines::new(BaselineConfig::default()).unwrap();
    let mut saved = serde_json::to_value(baselines.state()).unwrap();
    saved["version"] = json!(99);
    let error = serde_json::from_value::<State>(saved).unwrap_err().to_string();
    assert!(error.contains("baseline state version 99"), "{error}");
}

#[test]
fn trusted_lists_suppress_and_still_learn() {
    let events = injected_month();
    let tuning = Tuning::from_yaml(
        "tuning.yaml",
        "trusted:\n  ips: [45.155.205.0/24, 185.220.101.4]\n  principals: ['arn:aws:iam::*:role/ci-*']\n",
    )
    .unwrap();
    let mut config = BaselineConfig::default();
    config.trusted.extend(&tuning.trusted);
    let mut baselines = Baselines::new(config).unwrap();
    let anomalies = run(&mut baselines, &events);
    for a in &anomalies {
        assert_ne!(a.principal, CI_ROLE, "{a:?}");
        let ip = a.source_ip.as_deref().unwrap_or_default();
        assert!(!ip.starts_with("45.155.205.") && !ip.starts_with("185.220.101."), "{a:?}");
    }
    assert!(baselines.stats().suppressed >= 6, "{:?}", baselines.stats());
    // The New region injection is from an untrusted address: still reported.
    assert!(anomalies.iter().any(|a| a.kind == AnomalyKind::NewRegion));

    // Suppressed, yet learned: with the lists emptied, CreateUser is no longer new.
    let create = events.iter().find(|e| e.id().is_some_and(|id| id.starts_with("inject-create-user"))).unwrap();
    let mut untrusted = Baselines::from_state(BaselineConfig::default(), baselines.into_state()).unwrap();
    assert!(untrusted.observe(create).is_empty());

    // A user-agent pattern (case ignored) covers the stolen key's client.
    let mut config = BaselineConfig::default();
    config.trusted.user_agents = vec!["*WINDOWS/10*".to_owned()];
    let mut baselines = Baselines::new(config).unwrap();
    let anomalies = run(&mut baselines, &events);
    assert!(!anomalies.iter().any(|a| a.source_ip.as_deref() == Some("45.155.205.7")), "{}", show(&anomalies));
    assert!(baselines.stats().suppressed >= 2);
}

/// A record of `name` by user `carol` at `t`.
fn carol(t: i64, service: &str, name: &str, ip: &str) -> Event {
    let raw = json!({"eventTime": DateTime::from_timestamp(t, 0).unwrap().to_rfc3339(), "eventSource": format!("{service}.amazonaws.com"),
        "eventName": name, "awsRegion": "eu-west-1", "sourceIPAddress": ip, "userAgent": "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0",
        "eventID": format!("carol-{t}-{name}"), "userIdentity": user("carol", "AKIACAROL00000000001")});
    Event::from_value(raw, Origin { path: Path::new("carol").into(), index: 0 }).unwrap()
}

fn learned_carol() -> Baselines {
    let mut baselines = Baselines::new(BaselineConfig::default()).unwrap();
    for i in 0..80 {
        let t = START + (i / 10) * DAY + 10 * HOUR + (i % 10) * 60;
        assert!(baselines.observe(&carol(t, "ec2", "DescribeInstances", "203.0.113.9")).is_empty());
    }
    baselines
}

#[test]
fn daily_cap_holds_and_counts_overflow() {
    let mut baselines = learned_carol();
    let sensitive = [
        "CreateUser",
        "CreateAccessKey",
        "AttachUserPolicy",
        "PutUserPolicy",
        "CreateLoginProfile",
        "AddUserToGroup",
        "CreateRole",
        "AttachRolePolicy",
        "PutRolePolicy",
        "UpdateAssumeRolePolicy",
        "CreatePolicyVersion",
        "DeactivateMFADevice",
    ];
    let day9 = START + 9 * DAY + 11 * HOUR;
    let reported: Vec<Anomaly> = sensitive
        .iter()
        .enumerate()
        .flat_map(|(i, name)| baselines.observe(&carol(day9 + i as i64 * 60, "iam", name, "203.0.113.9")))
        .collect();
    assert_eq!(reported.len(), 5, "{}", show(&reported));
    assert!(reported.iter().all(|a| a.kind == AnomalyKind::SensitiveApiFirstUse));
    assert_eq!(baselines.stats().capped, 7);
    // The counter is per UTC day: the next day reports again.
    let next = baselines.observe(&carol(START + 10 * DAY + 9 * HOUR, "cloudtrail", "StopLogging", "203.0.113.9"));
    assert_eq!(next.len(), 1, "{}", show(&next));
    assert_eq!(next[0].attack, ["T1562.008"]);
    // Capped ones were learned: not new any more.
    assert!(baselines
        .observe(&carol(START + 10 * DAY + 9 * HOUR + 60, "iam", "DeactivateMFADevice", "203.0.113.9"))
        .is_empty());
    // The cap counts first-seen kinds only; a key from two networks is always reported.
    let mut baselines = learned_carol();
    let config = BaselineConfig { first_seen_daily_cap: 0, ..BaselineConfig::default() };
    baselines = Baselines::from_state(config, baselines.into_state()).unwrap();
    assert!(baselines
        .observe(&carol(START + 9 * DAY + 10 * HOUR, "ec2", "DescribeInstances", "203.0.113.9"))
        .is_empty());
    let far =
        baselines.observe(&carol(START + 9 * DAY + 10 * HOUR + 5 * 60, "ec2", "DescribeInstances", "45.155.205.7"));
    assert_eq!(far.iter().map(|a| a.kind).collect::<Vec<_>>(), [AnomalyKind::KeyTwoNetworks], "{}", show(&far));
    assert_eq!(baselines.stats().capped, 1);
}

#[test]
fn service_callers_and_nearby_networks_are_not_two_networks() {
    let mut baselines = learned_carol();
    let t = START + 9 * DAY + 10 * HOUR;
    assert!(baselines.observe(&carol(t - 60, "ec2", "DescribeInstances", "203.0.113.9")).is_empty());
    // The same /16, another address family, a service calling for the user: none is travel.
    for (i, ip) in ["203.0.7.9", "2001:db8::1", "ec2.amazonaws.com", "AWS Internal"].iter().enumerate() {
        let found = baselines.observe(&carol(t + i as i64 * 60, "ec2", "DescribeInstances", ip));
        assert!(!found.iter().any(|a| a.kind == AnomalyKind::KeyTwoNetworks), "{ip}: {}", show(&found));
    }
}

#[test]
fn odd_records_never_panic() {
    let mut baselines = learned_carol();
    let t = DateTime::from_timestamp(START + 9 * DAY, 0).unwrap().to_rfc3339();
    let long = "x".repeat(100_000);
    let carol_id = user("carol", "AKIACAROL00000000001");
    let base = |extra: Value| {
        let mut raw = json!({"eventTime": t, "eventSource": "iam.amazonaws.com", "eventName": "ListUsers"});
        if let (Value::Object(raw), Value::Object(extra)) = (&mut raw, extra) {
            raw.extend(extra);
        }
        raw
    };
    let records = vec![
        base(json!({})),
        base(json!({"userIdentity": "root"})),
        base(json!({"userIdentity": null, "sourceIPAddress": 7})),
        base(json!({"userIdentity": {"type": "AssumedRole"}})),
        base(json!({"userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::1:assumed-role/r/s"}})),
        base(json!({"userIdentity": {"type": "Root"}})),
        base(json!({"userIdentity": {"type": "WebIdentityUser"}})),
        base(json!({"userIdentity": {"type": "SAMLUser", "principalId": "idp:alice"}})),
        base(json!({"userIdentity": {"type": "FederatedUser", "arn": "arn:aws:sts::1:federated-user/f"}})),
        base(
            json!({"userIdentity": {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}, "sourceIPAddress": "ec2.amazonaws.com"}),
        ),
        base(json!({"userIdentity": {"type": "IAMUser"}})),
        base(json!({"userIdentity": carol_id})),
        base(json!({"userIdentity": carol_id, "sourceIPAddress": "AWS Internal"})),
        base(json!({"userIdentity": carol_id, "sourceIPAddress": "ec2.amazonaws.com", "awsRegion": "ap-south-2"})),
        base(json!({"userIdentity": carol_id, "sourceIPAddress": "999.1.1.1", "errorCode": 5})),
        base(json!({"userIdentity": carol_id, "sourceIPAddress": "::ffff:198.51.100.1", "userAgent": long})),
        base(json!({"userIdentity": carol_id, "sourceIPAddress": "2001:db8::7", "awsRegion": long, "eventName": long})),
        base(
            json!({"userIdentity": {"type": "IAMUser", "arn": long, "accessKeyId": format!("AKIA{long}")}, "sourceIPAddress": "192.0.2.1"}),
        ),
        base(json!({"eventTime": "1970-01-01T00:00:00Z", "userIdentity": carol_id, "sourceIPAddress": "192.0.2.1"})),
        base(json!({"eventTime": "9999-12-31T23:59:59Z", "userIdentity": carol_id, "sourceIPAddress": "192.0.2.1"})),
        base(json!({"eventTime": "2024-03-10T10:00:00Z", "userIdentity": carol_id, "sourceIPAddress": "192.0.2.1"})),
    ];
    let mut anomalies = Vec::new();
    for (i, raw) in records.into_iter().enumerate() {
        let event = Event::from_value(raw, Origin { path: Path::new("odd").into(), index: i as u64 }).unwrap();
        anomalies.extend(baselines.observe(&event));
    }
    let stats = baselines.stats();
    assert_eq!(stats.unattributed, 8, "{stats:?}");
    assert!(stats.late >= 2, "{stats:?}");
    for a in &anomalies {
        assert!(a.score <= 100 && a.subject.len() <= 200, "{a:?}");
    }
    // Hostile values are cut: the saved state stays small and reads back.
    let saved = serde_json::to_string(baselines.state()).unwrap();
    assert!(saved.len() < 20_000, "{}", saved.len());
    let state: State = serde_json::from_str(&saved).unwrap();
    assert_eq!(&state, baselines.state());
}

#[test]
fn caps_bound_every_set() {
    let mut config = BaselineConfig::default();
    config.caps.apis = 10;
    config.caps.networks = 4;
    config.caps.principals = 3;
    let mut baselines = Baselines::new(config).unwrap();
    for i in 0..200i64 {
        let ip = format!("10.0.{}.1", i.min(49));
        baselines.observe(&carol(START + i * 60, "ec2", &format!("Describe{i}"), &ip));
    }
    let saved = serde_json::to_value(baselines.state()).unwrap();
    let text = saved.to_string();
    assert!(!text.contains("Describe0\"") && text.contains("Describe199"), "least recently seen APIs go first");
    // APIs over 10, the principal's networks over 4, the key's networks over 8.
    assert_eq!(baselines.stats().evicted, (200 - 10) + (50 - 4) + (50 - 8));
    for i in 0..5 {
        let raw = json!({"eventTime": "2024-03-02T00:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "ListBuckets",
            "userIdentity": {"type": "IAMUser", "arn": format!("arn:aws:iam::1:user/u{i}")}});
        baselines.observe(&Event::from_value(raw, Origin { path: Path::new("p").into(), index: i }).unwrap());
    }
    let stats = baselines.stats();
    assert_eq!((stats.principals, stats.principals_evicted), (3, 3));
}

#[test]
fn config_reads_from_yaml() {
    let text = "learning_days: 3\nmin_events: 10\nkey_travel_minutes: 5\nunusual_hour: {min_quiet_hours: 8}\n\
                caps: {apis: 100}\nextra_sensitive_apis: ['s3:PutBucketCors T1530']\ntrusted: {ips: [10.0.0.0/8]}\n";
    let config = BaselineConfig::from_yaml("baseline.yaml", text).unwrap();
    assert_eq!((config.learning_days, config.min_events, config.key_travel_minutes), (3, 10, 5));
    assert_eq!((config.unusual_hour.min_quiet_hours, config.unusual_hour.min_active_hours), (8, 40));
    assert_eq!((config.caps.apis, config.caps.networks), (100, 64));
    assert_eq!(config.trusted.ips[0].to_string(), "10.0.0.0/8");
    assert_eq!(BaselineConfig::from_yaml("b.yaml", "# nothing\n").unwrap(), BaselineConfig::default());
    for (bad, want) in [
        ("caps: {apiz: 1}", "unknown field `apiz`"),
        ("extra_sensitive_apis: [PutBucketCors]", "extra_sensitive_apis: \"PutBucketCors\" is not `service:EventName`"),
        ("trusted: {ips: [nope]}", "not an IP address"),
    ] {
        let error = BaselineConfig::from_yaml("b.yaml", bad).unwrap_err().to_string();
        assert!(error.starts_with("b.yaml: ") && error.contains(want), "{bad}: {error}");
    }
}

/// The default selection — the built-in Sigma pack — must be quiet on ordinary work
/// too: over the benign month (CI deploys, office hours, an admin's occasional changes,
/// some refused calls) its detections and bursts report nothing but the root user's
/// activity, which is reported by design (CIS 4.3, GuardDuty's RootCredentialUsage):
/// every use of root deserves a look.
#[test]
fn builtin_pack_is_quiet_on_the_benign_month() {
    use meerkat_detect::sigma::{LoadOptions, Loader};
    let mut loader = Loader::new(LoadOptions::default());
    loader.add_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/aws/cloudtrail"));
    let (mut rules, report) = loader.finish();
    assert!(report.rejected.is_empty() && report.loaded.len() > 40, "{}", report.summary());
    let events = benign(SEED, 30).events();
    let mut reported: Vec<String> = Vec::new();
    let mut root = 0;
    for event in &events {
        for found in rules.process(event) {
            if found.rule_id.starts_with("iam_root_") && event.view().user_identity.kind == Some("Root") {
                root += 1;
            } else {
                reported.push(format!("{} on {}", found.rule_id, event.id().unwrap_or("?")));
            }
        }
    }
    println!("built-in pack on {} benign records: {root} root reports, {} others", events.len(), reported.len());
    assert!(root > 0, "the month's root sign-in is reported");
    assert!(reported.is_empty(), "false positives: {reported:?}");
}
