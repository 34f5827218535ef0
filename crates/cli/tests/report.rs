//! Report formats: each format of a fixed report equals its golden file byte for byte
//! (`MEERKAT_BLESS=1 cargo test -p meerkat-cli report` rewrites them), and each is checked
//! for what its consumer requires: OCSF required attributes, ASFF required fields and
//! limits, SARIF rule ids, no external asset and no live markup in the HTML.
//!
//! `meerkat` is a binary, so the renderers are compiled into this test from their source.

#[path = "../src/report/mod.rs"]
mod report_src;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use meerkat_model::{CheckStatus, Severity};
use report_src::{ControlSummary, FrameworkSummary, Remediation, Report, ResultRow};
use serde_json::{json, Value};

const HOSTILE: &str = "<script>alert(1)</script>";

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().expect("a valid fixed time")
}

fn frameworks(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
    pairs.iter().map(|(f, controls)| (f.to_string(), controls.iter().map(|c| c.to_string()).collect())).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// A row with the common fields filled; each case overrides what it is about.
fn row(check_id: &str, status: CheckStatus, severity: Severity, resource_type: &str, resource_id: &str) -> ResultRow {
    ResultRow {
        check_id: check_id.into(),
        title: format!("Title of {check_id}"),
        description: format!("What {check_id} looks for and why it matters."),
        status,
        muted: None,
        severity,
        resource_type: resource_type.into(),
        resource_id: resource_id.into(),
        arn: None,
        region: "us-east-1".into(),
        account_id: "111122223333".into(),
        tags: BTreeMap::new(),
        frameworks: BTreeMap::new(),
        remediation: Remediation::default(),
        references: Vec::new(),
        reasons: Vec::new(),
        evidence: Vec::new(),
        finding_id: format!("{:0>32}", check_id.len()),
        first_seen: None,
        last_seen: at(2024, 6, 1, 12, 0),
    }
}

fn control(id: &str, title: &str, section: &str, checks: &[&str], verdicts: [usize; 4]) -> ControlSummary {
    let [passed, failed, muted, not_assessed] = verdicts;
    ControlSummary {
        id: id.into(),
        title: title.into(),
        section: section.into(),
        assessment: if checks.is_empty() { "manual" } else { "automated" }.into(),
        checks: strings(checks),
        passed,
        failed,
        muted,
        not_assessed,
    }
}

/// The fixed report: a failure of each severity (one muted, one first seen in this run,
/// one on a global resource with no ARN), a not-assessed row, a pass, and hostile text
/// in a resource id, a tag, evidence, a reason and a reference.
fn fixture() -> Report {
    let now = at(2024, 6, 1, 12, 0);
    let mut results = Vec::new();

    let mut r = row(
        "s3_bucket_public_read_policy",
        CheckStatus::Fail,
        Severity::Critical,
        "AWS::S3::Bucket",
        "prod-customer-data",
    );
    r.title = "S3 bucket policy allows public read".into();
    r.description = "A bucket policy that grants s3:GetObject to everyone exposes every object in the bucket.".into();
    r.arn = Some("arn:aws:s3:::prod-customer-data".into());
    r.tags = tags(&[("env", "prod"), ("owner", "data-team")]);
    r.frameworks =
        frameworks(&[("cis-aws-3.0", &["2.1.4"]), ("nist-800-53-r5", &["AC-3"]), ("pci-dss-4.0", &["1.4.1"])]);
    r.remediation = Remediation {
        console: "Open the bucket in the S3 console, Permissions, and remove the statements that allow Principal \"*\".".into(),
        cli: "aws s3api delete-bucket-policy --bucket prod-customer-data".into(),
        terraform: "resource \"aws_s3_bucket_public_access_block\" \"this\" {\n  bucket = \"prod-customer-data\"\n  block_public_policy = true\n}".into(),
    };
    r.references =
        strings(&["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"]);
    r.reasons = strings(&["the bucket policy allows s3:GetObject to Principal \"*\""]);
    r.evidence = vec![
        json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::prod-customer-data/*"}]}),
    ];
    r.finding_id = "6c1f0a9e2b7d4c3e8f5a1b2c3d4e5f60".into();
    r.first_seen = Some(at(2024, 5, 20, 8, 30));
    results.push(r);

    let mut r = row(
        "ec2_securitygroup_ssh_open_to_internet",
        CheckStatus::Fail,
        Severity::High,
        "AWS::EC2::SecurityGroup",
        HOSTILE,
    );
    r.title = "Security group allows SSH from the internet".into();
    r.region = "eu-west-1".into();
    r.arn = Some(format!("arn:aws:ec2:eu-west-1:111122223333:security-group/{HOSTILE}"));
    r.tags = tags(&[("Name", "\"><img src=x onerror=alert(2)>")]);
    r.frameworks = frameworks(&[("cis-aws-3.0", &["5.2"]), ("nist-800-53-r5", &["SC-7"])]);
    r.remediation = Remediation {
        console: "Remove the inbound rule for port 22 from 0.0.0.0/0.".into(),
        cli: "aws ec2 revoke-security-group-ingress --group-id sg-0abc --protocol tcp --port 22 --cidr 0.0.0.0/0 # ```"
            .into(),
        terraform: String::new(),
    };
    r.references =
        strings(&["javascript:alert(1)", "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html"]);
    r.reasons = strings(&["=HYPERLINK(\"http://evil.example/\",\"click\") port 22 is open to 0.0.0.0/0"]);
    r.evidence = vec![
        json!({"IpPermissions": [{"FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": format!("</pre>{HOSTILE}")}]}]}),
    ];
    r.finding_id = "a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8".into();
    r.first_seen = Some(now);
    results.push(r);

    let mut r =
        row("s3_bucket_versioning_enabled", CheckStatus::Fail, Severity::Medium, "AWS::S3::Bucket", "prod-access-logs");
    r.title = "S3 bucket versioning is not enabled".into();
    r.arn = Some("arn:aws:s3:::prod-access-logs".into());
    r.muted = Some("Access-log bucket: versioning not needed (SEC-142)".into());
    r.frameworks = frameworks(&[("nist-800-53-r5", &["CP-9"])]);
    r.remediation.cli =
        "aws s3api put-bucket-versioning --bucket prod-access-logs --versioning-configuration Status=Enabled".into();
    r.reasons = strings(&["versioning is Suspended"]);
    r.evidence = vec![json!({"Status": "Suspended"})];
    r.finding_id = "0b1c2d3e4f5061728394a5b6c7d8e9f0".into();
    r.first_seen = Some(at(2024, 4, 2, 9, 15));
    results.push(r);

    let mut r = row(
        "iam_password_policy_minimum_length_14",
        CheckStatus::Fail,
        Severity::Low,
        "AWS::IAM::AccountPasswordPolicy",
        "111122223333",
    );
    r.title = "IAM password policy requires fewer than 14 characters".into();
    r.region = "global".into();
    r.frameworks = frameworks(&[("cis-aws-3.0", &["1.8"])]);
    r.remediation.console = "IAM console, Account settings, Password policy: set the minimum length to 14.".into();
    r.reasons = strings(&["MinimumPasswordLength is 8"]);
    r.evidence = vec![json!({"MinimumPasswordLength": 8})];
    r.finding_id = "5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b".into();
    r.first_seen = Some(at(2024, 5, 1, 0, 0));
    results.push(r);

    let mut r = row(
        "ec2_instance_detailed_monitoring_enabled",
        CheckStatus::Fail,
        Severity::Informational,
        "AWS::EC2::Instance",
        "i-0123456789abcdef0",
    );
    r.title = "EC2 instance detailed monitoring is off".into();
    r.arn = Some("arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0".into());
    r.tags = tags(&[("Team", ""), ("env", "dev")]);
    r.reasons = strings(&["Monitoring.State is disabled"]);
    r.finding_id = "f0e1d2c3b4a5968778695a4b3c2d1e0f".into();
    r.first_seen = Some(at(2024, 5, 30, 23, 59));
    results.push(r);

    let mut r = row(
        "kms_cmk_rotation_enabled",
        CheckStatus::NotAssessed,
        Severity::High,
        "AWS::KMS::Key",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    r.title = "KMS key rotation is enabled".into();
    r.region = "eu-west-1".into();
    r.arn = Some("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab".into());
    r.frameworks = frameworks(&[("cis-aws-3.0", &["3.6"])]);
    r.reasons = strings(&["AccessDenied: kms:GetKeyRotationStatus"]);
    r.finding_id = "1a2b3c4d5e6f708192a3b4c5d6e7f809".into();
    results.push(r);

    let mut r = row(
        "cloudtrail_multi_region_enabled",
        CheckStatus::Pass,
        Severity::Medium,
        "AWS::CloudTrail::Trail",
        "org-trail",
    );
    r.title = "CloudTrail is enabled in all regions".into();
    r.arn = Some("arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail".into());
    r.frameworks = frameworks(&[("cis-aws-3.0", &["3.1"]), ("nist-800-53-r5", &["AU-2"])]);
    r.finding_id = "9f8e7d6c5b4a39281706f5e4d3c2b1a0".into();
    results.push(r);

    let cis = "cis-aws-3.0";
    let iam = "1 Identity and Access Management";
    Report {
        generated_at: now,
        tool_version: "0.1.0".into(),
        accounts: strings(&["111122223333"]),
        regions: strings(&["us-east-1", "eu-west-1"]),
        results,
        frameworks: vec![
            FrameworkSummary {
                id: cis.into(),
                name: "CIS Amazon Web Services Foundations Benchmark".into(),
                version: "3.0.0".into(),
                url: "https://www.cisecurity.org/benchmark/amazon_web_services".into(),
                controls: vec![
                    control("1.1", "Maintain current contact details", iam, &[], [0; 4]),
                    control(
                        "1.8",
                        "Ensure IAM password policy requires minimum length of 14 or greater",
                        iam,
                        &["iam_password_policy_minimum_length_14"],
                        [0, 1, 0, 0],
                    ),
                    control(
                        "2.1.4",
                        "Ensure that S3 Buckets are configured with 'Block public access'",
                        "2 Storage",
                        &["s3_bucket_public_read_policy"],
                        [3, 1, 0, 0],
                    ),
                    control(
                        "3.1",
                        "Ensure CloudTrail is enabled in all regions",
                        "3 Logging",
                        &["cloudtrail_multi_region_enabled"],
                        [1, 0, 0, 0],
                    ),
                    control(
                        "3.6",
                        "Ensure rotation for customer-created symmetric CMKs is enabled",
                        "3 Logging",
                        &["kms_cmk_rotation_enabled"],
                        [0, 0, 0, 1],
                    ),
                    control(
                        "5.2",
                        "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
                        "5 Networking",
                        &["ec2_securitygroup_ssh_open_to_internet"],
                        [2, 1, 0, 0],
                    ),
                    control(
                        "5.6",
                        "Ensure that EC2 Metadata Service only allows IMDSv2",
                        "5 Networking",
                        &["ec2_instance_imdsv2_required"],
                        [0; 4],
                    ),
                ],
            },
            FrameworkSummary {
                id: "nist-800-53-r5".into(),
                name: "NIST SP 800-53".into(),
                version: "Revision 5".into(),
                url: "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final".into(),
                controls: vec![
                    control(
                        "AC-3",
                        "Access Enforcement",
                        "AC Access Control",
                        &["s3_bucket_public_read_policy"],
                        [3, 1, 0, 0],
                    ),
                    control(
                        "AU-2",
                        "Event Logging",
                        "AU Audit and Accountability",
                        &["cloudtrail_multi_region_enabled"],
                        [1, 0, 0, 0],
                    ),
                    control(
                        "CP-9",
                        "System Backup",
                        "CP Contingency Planning",
                        &["s3_bucket_versioning_enabled"],
                        [2, 0, 1, 0],
                    ),
                    control(
                        "SC-7",
                        "Boundary Protection",
                        "SC System and Communications Protection",
                        &["ec2_securitygroup_ssh_open_to_internet"],
                        [2, 1, 0, 0],
                    ),
                ],
            },
        ],
    }
}

/// A format's `render`.
type Render = fn(&Report, &mut dyn std::io::Write) -> std::io::Result<()>;

fn rendered(render: Render, report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    render(report, &mut out).expect("rendering into memory cannot fail");
    out
}

/// Every format and its golden file.
fn formats() -> Vec<(&'static str, Render)> {
    vec![
        ("report.ocsf.jsonl", report_src::ocsf::render),
        ("report.asff.json", report_src::asff::render),
        ("report.sarif", report_src::sarif::render),
        ("report.csv", report_src::csv::render),
        ("report.html", report_src::html::render),
    ]
}

#[test]
fn formats_match_their_golden_files() {
    let report = fixture();
    let bless = std::env::var_os("MEERKAT_BLESS").is_some_and(|v| v == "1");
    let golden_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let actual_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("golden");
    let mut failures = Vec::new();
    for (name, render) in formats() {
        let actual = rendered(render, &report);
        let golden = golden_dir.join(name);
        if bless {
            std::fs::create_dir_all(&golden_dir).expect("create tests/golden");
            std::fs::write(&golden, &actual).expect("write golden file");
            continue;
        }
        let Ok(expected) = std::fs::read(&golden) else {
            failures.push(format!("{name}: no golden file {}", golden.display()));
            continue;
        };
        if expected != actual {
            std::fs::create_dir_all(&actual_dir).expect("create the directory of actual outputs");
            let actual_path = actual_dir.join(name);
            std::fs::write(&actual_path, &actual).expect("write actual output");
            let line = String::from_utf8_lossy(&expected)
                .lines()
                .zip(String::from_utf8_lossy(&actual).lines())
                .position(|(e, a)| e != a)
                .map_or_else(|| "lengths differ".to_string(), |n| format!("first difference on line {}", n + 1));
            failures.push(format!("{name}: {line}\n    diff -u {} {}", golden.display(), actual_path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "output differs from golden files (rerun with MEERKAT_BLESS=1 to accept):\n  {}",
        failures.join("\n  ")
    );
}

// --- OCSF -----------------------------------------------------------------------------

/// One OCSF object: its attributes, the required ones, and which attributes hold objects.
struct OcsfObject {
    name: &'static str,
    attributes: &'static [&'static str],
    required: &'static [&'static str],
    objects: &'static [(&'static str, &'static str)],
}

/// OCSF 1.3.0 (github.com/ocsf/ocsf-schema, tag 1.3.0). The class is Compliance Finding
/// as compiled from events/base_event.json (with includes/classification.json and
/// includes/occurrence.json), events/findings/finding.json and
/// events/findings/compliance_finding.json; `cloud` is required by profiles/cloud.json when
/// an event lists that profile. Objects are objects/<name>.json with what they extend
/// (product and account extend _entity, resource_details extends _resource).
const OCSF_1_3_0: &[OcsfObject] = &[
    OcsfObject {
        name: "compliance_finding",
        attributes: &[
            "activity_id",
            "activity_name",
            "actor",
            "api",
            "category_name",
            "category_uid",
            "class_name",
            "class_uid",
            "cloud",
            "comment",
            "compliance",
            "confidence",
            "confidence_id",
            "confidence_score",
            "count",
            "device",
            "duration",
            "end_time",
            "enrichments",
            "finding_info",
            "message",
            "metadata",
            "observables",
            "osint",
            "raw_data",
            "remediation",
            "resource",
            "resources",
            "severity",
            "severity_id",
            "start_time",
            "status",
            "status_code",
            "status_detail",
            "status_id",
            "time",
            "timezone_offset",
            "type_name",
            "type_uid",
            "unmapped",
        ],
        required: &[
            "activity_id",
            "category_uid",
            "class_uid",
            "compliance",
            "finding_info",
            "metadata",
            "severity_id",
            "time",
            "type_uid",
        ],
        objects: &[
            ("metadata", "metadata"),
            ("finding_info", "finding_info"),
            ("compliance", "compliance"),
            ("remediation", "remediation"),
            ("resources", "resource_details"),
            ("cloud", "cloud"),
        ],
    },
    OcsfObject {
        name: "metadata",
        attributes: &[
            "correlation_uid",
            "data_classification",
            "event_code",
            "extension",
            "extensions",
            "labels",
            "log_level",
            "log_name",
            "log_provider",
            "log_version",
            "logged_time",
            "loggers",
            "modified_time",
            "original_time",
            "processed_time",
            "product",
            "profiles",
            "sequence",
            "tenant_uid",
            "uid",
            "version",
        ],
        required: &["product", "version"],
        objects: &[("product", "product")],
    },
    OcsfObject {
        name: "product",
        attributes: &[
            "cpe_name",
            "data_classification",
            "feature",
            "lang",
            "name",
            "path",
            "uid",
            "url_string",
            "vendor_name",
            "version",
        ],
        required: &["vendor_name"],
        objects: &[],
    },
    OcsfObject {
        name: "finding_info",
        attributes: &[
            "analytic",
            "attacks",
            "created_time",
            "data_sources",
            "desc",
            "first_seen_time",
            "kill_chain",
            "last_seen_time",
            "modified_time",
            "product_uid",
            "related_analytics",
            "related_events",
            "src_url",
            "title",
            "types",
            "uid",
        ],
        required: &["title", "uid"],
        objects: &[("analytic", "analytic")],
    },
    OcsfObject {
        name: "analytic",
        attributes: &["category", "desc", "name", "related_analytics", "type", "type_id", "uid", "version"],
        required: &["type_id"],
        objects: &[],
    },
    OcsfObject {
        name: "compliance",
        attributes: &[
            "compliance_references",
            "compliance_standards",
            "control",
            "requirements",
            "standards",
            "status",
            "status_code",
            "status_detail",
            "status_id",
        ],
        required: &["standards"],
        objects: &[],
    },
    OcsfObject {
        name: "remediation",
        attributes: &["desc", "kb_article_list", "kb_articles", "references"],
        required: &["desc"],
        objects: &[],
    },
    OcsfObject {
        name: "resource_details",
        attributes: &[
            "agent_list",
            "cloud_partition",
            "criticality",
            "data",
            "data_classification",
            "group",
            "labels",
            "name",
            "namespace",
            "owner",
            "region",
            "type",
            "uid",
            "version",
        ],
        required: &[],
        objects: &[],
    },
    OcsfObject {
        name: "cloud",
        attributes: &["account", "org", "project_uid", "provider", "region", "zone"],
        required: &["provider"],
        objects: &[("account", "account")],
    },
    OcsfObject {
        name: "account",
        attributes: &["labels", "name", "type", "type_id", "uid"],
        required: &[],
        objects: &[],
    },
];

fn ocsf_object(name: &str) -> &'static OcsfObject {
    OCSF_1_3_0
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no OCSF object {name} in the test's schema data"))
}

/// Appends to `errors` every missing required attribute and every attribute the schema
/// does not define, walking into the objects it knows.
fn check_ocsf(value: &Value, object: &OcsfObject, path: &str, extra_required: &[&str], errors: &mut Vec<String>) {
    let Some(map) = value.as_object() else {
        errors.push(format!("{path}: not an object"));
        return;
    };
    for required in object.required.iter().chain(extra_required) {
        match map.get(*required) {
            None | Some(Value::Null) => {
                errors.push(format!("{path}.{required}: required by {} but missing", object.name))
            }
            Some(Value::String(s)) if s.is_empty() => errors.push(format!("{path}.{required}: required but empty")),
            Some(_) => {}
        }
    }
    for (key, child) in map {
        if !object.attributes.contains(&key.as_str()) {
            errors.push(format!("{path}.{key}: not an attribute of {} in OCSF 1.3.0", object.name));
            continue;
        }
        if let Some((_, name)) = object.objects.iter().find(|(attribute, _)| attribute == key) {
            let nested = ocsf_object(name);
            match child {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .for_each(|(i, item)| check_ocsf(item, nested, &format!("{path}.{key}[{i}]"), &[], errors)),
                other => check_ocsf(other, nested, &format!("{path}.{key}"), &[], errors),
            }
        }
    }
}

#[test]
fn ocsf_events_carry_the_required_attributes_of_compliance_finding_1_3_0() {
    let report = fixture();
    let text = String::from_utf8(rendered(report_src::ocsf::render, &report)).expect("UTF-8");
    let events: Vec<Value> =
        text.lines().map(|line| serde_json::from_str(line).expect("each line is one JSON object")).collect();
    assert_eq!(events.len(), report.results.len(), "one event per row");

    let mut errors = Vec::new();
    for (i, (event, row)) in events.iter().zip(&report.results).enumerate() {
        let profiles: Vec<&str> = event["metadata"]["profiles"]
            .as_array()
            .map(|p| p.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let extra: &[&str] = if profiles.contains(&"cloud") { &["cloud"] } else { &[] };
        check_ocsf(event, ocsf_object("compliance_finding"), &format!("event {i}"), extra, &mut errors);

        assert_eq!(event["metadata"]["version"], "1.3.0");
        assert_eq!(event["class_uid"], 2003);
        assert_eq!(event["category_uid"], 2);
        let activity = event["activity_id"].as_u64().expect("activity_id is an integer");
        assert!((1..=3).contains(&activity), "activity_id {activity} is Create, Update or Close");
        assert_eq!(event["type_uid"].as_u64(), Some(2003 * 100 + activity));
        let severity_id = match row.severity {
            Severity::Informational => 1,
            Severity::Low => 2,
            Severity::Medium => 3,
            Severity::High => 4,
            Severity::Critical => 5,
        };
        assert_eq!(event["severity_id"], severity_id, "event {i}");
        assert!(event["time"].is_i64(), "time is timestamp_t (ms)");
        let status_id = event["status_id"].as_u64().expect("status_id");
        assert!([1, 2, 3, 4, 99].contains(&status_id));
        let compliance_status = event["compliance"]["status_id"].as_u64().expect("compliance.status_id");
        let expected = match row.status {
            CheckStatus::Pass => 1,
            CheckStatus::NotAssessed => 2,
            CheckStatus::Fail => 3,
        };
        assert_eq!(compliance_status, expected, "event {i}: never a pass for what was not assessed");
        assert!(event["compliance"]["standards"].is_array(), "standards is a string array");
        assert_eq!(event["finding_info"]["uid"], row.finding_id.as_str());
        assert_eq!(event["resources"][0]["uid"], row.arn.as_deref().unwrap_or(&row.resource_id));
        assert_eq!(event["cloud"]["account"]["uid"], row.account_id.as_str());
        if row.muted.is_some() {
            assert_eq!(event["status"], "Suppressed");
        }
    }
    assert!(errors.is_empty(), "OCSF 1.3.0 violations:\n  {}", errors.join("\n  "));
}

// --- ASFF -----------------------------------------------------------------------------

fn blank_strings(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s.trim().is_empty() => out.push(path.to_string()),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| blank_strings(v, &format!("{path}[{i}]"), out))
        }
        Value::Object(map) => map.iter().for_each(|(k, v)| blank_strings(v, &format!("{path}.{k}"), out)),
        _ => {}
    }
}

fn check_asff(findings: &[Value]) {
    // Required by the Security Hub API model (AwsSecurityFinding) and its docs (Types, Severity).
    const REQUIRED: &[&str] = &[
        "SchemaVersion",
        "Id",
        "ProductArn",
        "GeneratorId",
        "AwsAccountId",
        "Types",
        "CreatedAt",
        "UpdatedAt",
        "Severity",
        "Title",
        "Description",
        "Resources",
    ];
    let chars = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    for (i, finding) in findings.iter().enumerate() {
        for field in REQUIRED {
            assert!(finding.get(*field).is_some_and(|v| !v.is_null()), "finding {i}: {field} missing");
        }
        let mut blanks = Vec::new();
        blank_strings(finding, &format!("finding {i}"), &mut blanks);
        assert!(blanks.is_empty(), "ASFF strings must not be blank: {blanks:?}");
        assert_eq!(finding["SchemaVersion"], "2018-10-08");
        assert!(chars(&finding["Title"]) <= 256, "finding {i}: Title over 256");
        assert!(chars(&finding["Description"]) <= 1024, "finding {i}: Description over 1024");
        assert!(chars(&finding["Id"]) <= 512 && chars(&finding["GeneratorId"]) <= 512);
        assert!(chars(&finding["Remediation"]["Recommendation"]["Text"]) <= 512);
        assert!(chars(&finding["Note"]["Text"]) <= 512);
        assert!(finding["Types"].as_array().is_some_and(|t| !t.is_empty() && t.len() <= 50));
        for t in finding["Types"].as_array().into_iter().flatten() {
            assert!(t
                .as_str()
                .is_some_and(|t| t.starts_with("Software and Configuration Checks/") && t.split('/').count() >= 2));
        }
        assert!(finding["Compliance"]["RelatedRequirements"].as_array().is_none_or(|r| r.len() <= 32));
        let account = finding["AwsAccountId"].as_str().expect("AwsAccountId");
        let arn = finding["ProductArn"].as_str().expect("ProductArn");
        let parts: Vec<&str> = arn.split(':').collect();
        assert_eq!(parts.len(), 6, "{arn}");
        assert!(
            parts[0] == "arn"
                && parts[2] == "securityhub"
                && !parts[3].is_empty()
                && parts[3] != "global"
                && parts[4] == account
        );
        assert_eq!(parts[5], format!("product/{account}/default"));
        for field in ["CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt"] {
            let text = finding[field].as_str().unwrap_or_else(|| panic!("finding {i}: {field}"));
            DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("finding {i}: {field} {text}: {e}"));
        }
        assert!(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"]
            .contains(&finding["Severity"]["Label"].as_str().unwrap_or("")));
        assert!(["PASSED", "FAILED", "WARNING", "NOT_AVAILABLE"]
            .contains(&finding["Compliance"]["Status"].as_str().unwrap_or("")));
        assert!(["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"]
            .contains(&finding["Workflow"]["Status"].as_str().unwrap_or("")));
        assert!(["ACTIVE", "ARCHIVED"].contains(&finding["RecordState"].as_str().unwrap_or("")));
        let resources = finding["Resources"].as_array().expect("Resources");
        assert!(!resources.is_empty() && resources.len() <= 32);
        for resource in resources {
            assert!(resource["Type"].is_string() && resource["Id"].is_string());
            assert!(chars(&resource["Region"]) <= 16);
            assert!(["aws", "aws-cn", "aws-us-gov", "aws-us-iso", "aws-us-iso-b"]
                .contains(&resource["Partition"].as_str().unwrap_or("")));
        }
    }
}

#[test]
fn asff_findings_have_the_required_fields_within_limits() {
    let report = fixture();
    let findings: Vec<Value> =
        serde_json::from_slice(&rendered(report_src::asff::render, &report)).expect("one JSON array");
    assert_eq!(findings.len(), report.results.len());
    check_asff(&findings);

    let by_check = |id: &str| findings.iter().find(|f| f["GeneratorId"] == id).expect("a finding per check");
    let muted = by_check("s3_bucket_versioning_enabled");
    assert_eq!(muted["Workflow"]["Status"], "SUPPRESSED");
    assert!(muted["Note"]["Text"].as_str().unwrap().contains("SEC-142"));
    assert_eq!(by_check("kms_cmk_rotation_enabled")["Compliance"]["Status"], "NOT_AVAILABLE");
    assert_eq!(by_check("cloudtrail_multi_region_enabled")["Workflow"]["Status"], "RESOLVED");
    let global = by_check("iam_password_policy_minimum_length_14");
    assert_eq!(global["Resources"][0]["Type"], "Other", "no ASFF type for the password policy");
    assert!(global["Resources"][0].get("Region").is_none(), "a global resource has no region");
    assert_eq!(global["ProductArn"], "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default");
    assert_eq!(by_check("ec2_securitygroup_ssh_open_to_internet")["Resources"][0]["Type"], "AwsEc2SecurityGroup");
    let critical = by_check("s3_bucket_public_read_policy");
    assert_eq!(
        critical["Compliance"]["RelatedRequirements"],
        json!([
            "CIS Amazon Web Services Foundations Benchmark v3.0.0/2.1.4",
            "NIST SP 800-53 Revision 5/AC-3",
            "pci-dss-4.0/1.4.1",
        ])
    );
    // A tag with an empty value cannot be sent (NonEmptyString); the other is kept.
    assert_eq!(by_check("ec2_instance_detailed_monitoring_enabled")["Resources"][0]["Tags"], json!({"env": "dev"}));
}

#[test]
fn asff_cuts_long_text_to_the_api_limits() {
    let mut report = fixture();
    for row in &mut report.results {
        row.title = "T".repeat(300);
        row.description = "é".repeat(3000);
        row.remediation.console = "c".repeat(600);
        row.muted = row.muted.take().map(|_| "m".repeat(600));
        row.frameworks.insert("many".into(), (0..40).map(|i| i.to_string()).collect());
    }
    let findings: Vec<Value> =
        serde_json::from_slice(&rendered(report_src::asff::render, &report)).expect("one JSON array");
    check_asff(&findings);
    assert!(findings.iter().all(|f| f["Title"].as_str().unwrap().ends_with('…')));
}

// --- SARIF ----------------------------------------------------------------------------

#[test]
fn sarif_log_has_one_run_unique_rules_and_a_result_per_failure() {
    let report = fixture();
    let log: Value = serde_json::from_slice(&rendered(report_src::sarif::render, &report)).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif-2.1.0")));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "Meerkat");
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().expect("rule id")).collect();
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len(), "rule ids are unique: {ids:?}");
    let checks: BTreeSet<&str> = report.results.iter().map(|r| r.check_id.as_str()).collect();
    assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>(), checks, "a rule per check");
    for rule in rules {
        let score: f64 = rule["properties"]["security-severity"]
            .as_str()
            .expect("security-severity is a string")
            .parse()
            .expect("a number");
        assert!((0.0..=10.0).contains(&score));
        assert!(rule["shortDescription"]["text"].is_string() && rule["help"]["markdown"].is_string());
    }

    let results = run["results"].as_array().expect("results");
    let failures: Vec<&ResultRow> = report.results.iter().filter(|r| r.status == CheckStatus::Fail).collect();
    assert_eq!(results.len(), failures.len(), "one result per failing row");
    for (result, row) in results.iter().zip(&failures) {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(result["ruleId"], ids[index]);
        assert_eq!(result["ruleId"], row.check_id.as_str());
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap_or("")));
        assert_eq!(
            result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            row.arn.as_deref().unwrap_or(&row.resource_id)
        );
        assert_eq!(result["partialFingerprints"][report_src::sarif::FINGERPRINT], row.finding_id.as_str());
        match &row.muted {
            Some(reason) => {
                assert_eq!(result["suppressions"][0]["kind"], "external");
                assert_eq!(result["suppressions"][0]["justification"], reason.as_str());
            }
            None => assert!(result.get("suppressions").is_none()),
        }
    }
    let notifications = run["invocations"][0]["toolExecutionNotifications"].as_array().expect("notifications");
    assert_eq!(
        notifications.len(),
        report.results.iter().filter(|r| r.status == CheckStatus::NotAssessed).count(),
        "not assessed stays visible"
    );
}

// --- HTML -----------------------------------------------------------------------------

#[test]
fn html_is_self_contained_and_escapes_hostile_text() {
    let report = fixture();
    let html = String::from_utf8(rendered(report_src::html::render, &report)).expect("UTF-8");
    let lower = html.to_ascii_lowercase();

    assert!(!html.contains("<script>alert"), "hostile markup must be escaped");
    assert!(!lower.contains("<img"), "the hostile tag value must be escaped");
    assert_eq!(lower.matches("<script").count(), 1, "only the report's own script");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the hostile resource id is shown, escaped");
    assert!(html.contains("&lt;/pre&gt;&lt;script&gt;"), "the hostile evidence is shown, escaped");
    // No asset from anywhere. The style and the script load nothing...
    let inner = |open: &str, close: &str| {
        let start = lower.find(open).unwrap_or_else(|| panic!("{open} present")) + open.len();
        let end = start + lower[start..].find(close).unwrap_or_else(|| panic!("{close} present"));
        (start, end)
    };
    let (style_start, style_end) = inner("<style>", "</style>");
    let (script_start, script_end) = inner("<script>", "</script>");
    for pattern in ["url(", "@import", "http"] {
        assert!(!lower[style_start..style_end].contains(pattern), "the style must not contain {pattern:?}");
    }
    for pattern in ["http", "fetch(", "xmlhttprequest", "import(", "innerhtml", "src"] {
        assert!(!lower[script_start..script_end].contains(pattern), "the script must not contain {pattern:?}");
    }
    // ...and outside them, where all text is escaped, every `<` opens a real tag: none
    // loads anything, and every href is an anchor to `#section` or an http(s) page.
    let markup = format!("{}{}{}", &lower[..style_start], &lower[style_end..script_start], &lower[script_end..]);
    for tag in markup.split('<').skip(1).map(|t| t.split('>').next().unwrap_or(t)) {
        let name = tag.split([' ', '\n']).next().unwrap_or(tag);
        assert!(
            !["img", "link", "iframe", "object", "embed", "frame", "audio", "video", "source", "base"].contains(&name),
            "asset tag <{tag}>"
        );
        // Attribute names only: values are quoted, and a quote inside one is `&quot;`.
        let names: String = tag.split('"').step_by(2).collect();
        assert!(!names.contains(" src=") && !names.contains(" on"), "attribute that loads or runs something: <{tag}>");
        if let Some(at) = tag.find("href=\"") {
            assert_eq!(name, "a", "href outside an anchor: <{tag}>");
            let target = &tag[at + 6..];
            assert!(
                target.starts_with('#') || target.starts_with("https://") || target.starts_with("http://"),
                "href to something else than a page: <{tag}>"
            );
        }
    }
    assert!(html.contains("Content-Security-Policy"), "a CSP forbids every fetch");
    // Filters have a control for each dimension and each finding carries the data they read.
    for name in ["name=\"severity\"", "name=\"status\"", "name=\"type\"", "name=\"q\""] {
        assert!(html.contains(name), "filter {name}");
    }
    assert_eq!(html.matches("class=\"finding ").count(), report.results.len());
}

#[test]
fn html_escape_handles_a_hostile_string() {
    let escaped = report_src::html::escape("<script>alert(1)</script>\"'&");
    assert_eq!(escaped, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
}

// --- CSV ------------------------------------------------------------------------------

#[test]
fn csv_has_one_line_per_result_and_defuses_formulas() {
    let report = fixture();
    let bytes = rendered(report_src::csv::render, &report);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
    assert_eq!(header, report_src::csv::HEADER);
    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("records");
    assert_eq!(records.len(), report.results.len());
    let column = |name: &str| header.iter().position(|h| h == name).expect("column");
    let first = &records[0];
    assert_eq!(&first[column("frameworks")], "cis-aws-3.0:2.1.4;nist-800-53-r5:AC-3;pci-dss-4.0:1.4.1");
    assert_eq!(&first[column("status")], "FAIL");
    assert_eq!(&first[column("severity")], "critical");
    assert_eq!(&records[2][column("muted")], "Access-log bucket: versioning not needed (SEC-142)");
    assert!(records[1][column("reasons")].starts_with("'="), "a formula is defused");
    assert_eq!(&records[5][column("status")], "NOT_ASSESSED");
}
