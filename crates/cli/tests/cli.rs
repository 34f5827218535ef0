//! `meerkat discover`, `inventory`, `history` and `coverage` as a user runs them.

use aws_sdk_ec2::types::{IpPermission, IpRange, ResourceType, Tag, TagSpecification};
use meerkat_testkit::{Account, Emulator, FailingEndpoint, FailureMode};
use serde_json::Value;

use crate::common::{meerkat, sdk, stdout_json};

async fn ec2(account: &Account, endpoint: &str) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&sdk(account, endpoint).await)
}

#[tokio::test(flavor = "multi_thread")]
async fn discover_inventory_history_end_to_end() {
    let emulator = Emulator::shared();
    let endpoint = emulator.endpoint();
    let account = emulator.new_account();
    let client = ec2(&account, &endpoint).await;
    let sg = client
        .create_security_group()
        .group_name("web")
        .description("web")
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::SecurityGroup)
                .tags(Tag::builder().key("Owner").value("alice").build())
                .build(),
        )
        .send()
        .await
        .unwrap()
        .group_id
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let discover = ["discover", "--endpoint-url", &endpoint, "--regions", "us-east-1", "--types", "AWS::EC2::SecurityGroup,AWS::EC2::VPC", "--max-attempts", "1", "--format", "json"];

    let out = meerkat(&account, &db, &discover);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let summary = stdout_json(&out);
    assert_eq!(summary["account_id"], Value::String(account.id.clone()));
    assert!(summary["not_assessed"].as_array().unwrap().is_empty());

    // JSON configuration items carry the documented fields.
    let out = meerkat(&account, &db, &["inventory", "--type", "AWS::EC2::SecurityGroup", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let items = stdout_json(&out);
    let web = items.as_array().unwrap().iter().find(|r| r["resource_id"] == Value::String(sg.clone())).expect("web group listed");
    for field in ["resource_type", "resource_id", "arn", "account_id", "region", "tags", "configuration", "relationships"] {
        assert!(web.get(field).is_some(), "inventory JSON lacks {field}: {web}");
    }
    assert_eq!(web["tags"]["Owner"], "alice");

    // Tag filter, JSONL and CSV.
    let out = meerkat(&account, &db, &["inventory", "--tag", "Owner=alice", "-f", "jsonl"]);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "only the tagged group: {lines:?}");
    let out = meerkat(&account, &db, &["inventory", "--type", "AWS::EC2::SecurityGroup", "-f", "csv"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.starts_with("resource type,region,resource id,name,last seen,deleted\n"), "{csv}");
    assert!(csv.contains(&sg));

    // A change, then history with a diff naming the new rule.
    client
        .authorize_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(
            IpPermission::builder().ip_protocol("tcp").from_port(22).to_port(22).ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build()).build(),
        )
        .send()
        .await
        .unwrap();
    let out = meerkat(&account, &db, &discover);
    assert_eq!(out.status.code(), Some(0));
    let out = meerkat(&account, &db, &["history", &sg, "--diff", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let history = stdout_json(&out);
    let versions = history.as_array().unwrap();
    assert_eq!(versions.len(), 2);
    let changes = versions[1]["changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["path"].as_str().unwrap().starts_with("/configuration/IpPermissions/0")), "{changes:?}");
    let out = meerkat(&account, &db, &["history", &sg, "--diff"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("+ /configuration/IpPermissions/0"));

    // The same id in no inventory is a clear error.
    let out = meerkat(&account, &db, &["history", "sg-does-not-exist"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no resource with id or ARN"));
}

#[tokio::test(flavor = "multi_thread")]
async fn not_assessed_sets_exit_status_three() {
    let emulator = Emulator::shared();
    let endpoint = emulator.endpoint();
    let account = emulator.new_account();
    let denied = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let service_endpoint = format!("ec2={}", denied.endpoint());
    let out = meerkat(
        &account,
        &db,
        &["discover", "--endpoint-url", &endpoint, "--service-endpoint", &service_endpoint, "--regions", "us-east-1", "--types", "AWS::EC2::VPC,AWS::S3::Bucket", "--max-attempts", "1"],
    );
    assert_eq!(out.status.code(), Some(3), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("NOT ASSESSED") && text.contains("AWS::EC2::VPC") && text.contains("UnauthorizedOperation"), "{text}");

    let out = meerkat(&account, &db, &["coverage", "--not-assessed", "-f", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let rows = stdout_json(&out);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["resource_type"], "AWS::EC2::VPC");
    assert_eq!(rows[0]["assessed"], false);
}

#[test]
fn bad_arguments_are_usage_errors() {
    let account = Account { id: "0".into(), access_key_id: "x".into(), secret_access_key: "x".into(), session_token: "x".into() };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let out = meerkat(&account, &db, &["inventory", "--as-of", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RFC 3339"));
    let out = meerkat(&account, &db, &["discover", "--service-endpoint", "ec2"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected SERVICE=URL"));
}

#[tokio::test(flavor = "multi_thread")]
async fn scan_findings_live_mute_and_gate() {
    const SSH: &str = "ec2_securitygroup_ssh_open_to_internet";
    let emulator = Emulator::shared();
    let endpoint = emulator.endpoint();
    let account = emulator.new_account();
    let client = ec2(&account, &endpoint).await;
    let sg = client.create_security_group().group_name("bastion").description("bastion").send().await.unwrap().group_id.unwrap();
    let open_ssh = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(22)
        .to_port(22)
        .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
        .build();
    client.authorize_security_group_ingress().group_id(&sg).ip_permissions(open_ssh.clone()).send().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let scan = |extra: &[&str]| {
        let mut args = vec!["scan", "--endpoint-url", &endpoint, "--regions", "us-east-1", "--types", "AWS::EC2::SecurityGroup", "--max-attempts", "1", "--checks", "ec2_securitygroup_*"];
        args.extend_from_slice(extra);
        meerkat(&account, &db, &args)
    };
    let row_of = |rows: &Value, check: &str| -> Option<Value> {
        rows.as_array().unwrap().iter().find(|r| r["check_id"] == check && r["resource_id"] == Value::String(sg.clone())).cloned()
    };

    // The open rule fails the SSH check; --fail-on high turns it into exit status 4.
    let out = scan(&["--fail-on", "high", "-f", "json"]);
    assert_eq!(out.status.code(), Some(4), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let report = stdout_json(&out);
    let row = row_of(&report["results"], SSH).expect("the SSH check judged the group");
    assert_eq!(row["status"], "FAIL");
    for field in ["check_id", "status", "severity", "resource_type", "resource_id", "arn", "region", "account_id", "frameworks", "remediation"] {
        assert!(!row[field].is_null(), "result lacks {field}: {row}");
    }
    assert_eq!(row["account_id"], Value::String(account.id.clone()));
    let cis = report["frameworks"].as_array().unwrap().iter().find(|f| f["id"] == "cis-aws-3.0").expect("CIS summary");
    assert!(cis["controls"].as_array().unwrap().iter().any(|c| c["failed"].as_u64() > Some(0)), "a CIS control fails");

    // The finding is open in the store.
    let out = meerkat(&account, &db, &["findings", "--checks", SSH, "-f", "json"]);
    let open = stdout_json(&out);
    assert_eq!(open.as_array().unwrap().len(), 1, "{open}");
    let finding_id = open[0]["id"].as_str().unwrap().to_owned();

    // Muted by a rule with a reason: kept, shown as muted, no longer gates.
    let mutes = dir.path().join("mutes.yaml");
    std::fs::write(&mutes, format!("mutes:\n  - check: {SSH}\n    resource: {sg}\n    reason: bastion host, reviewed\n")).unwrap();
    let out = scan(&["--fail-on", "high", "--mutes", mutes.to_str().unwrap(), "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "a muted failure does not gate: {}", String::from_utf8_lossy(&out.stderr));
    let muted_row = row_of(&stdout_json(&out)["results"], SSH).unwrap();
    assert_eq!(muted_row["muted"], "bastion host, reviewed");
    // Nothing changed in the account: the verdict was carried forward, not run again,
    // and says exactly what the run said.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unchanged since the last scan and carried forward"), "{stderr}");
    assert_eq!((&muted_row["reasons"], &muted_row["evidence"]), (&row["reasons"], &row["evidence"]));
    let out = scan(&["--no-discover", "--force", "--mutes", mutes.to_str().unwrap(), "-f", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(" 0 unchanged"), "--force runs every check: {stderr}");
    let without_time = |mut row: Value| {
        row.as_object_mut().unwrap().remove("last_seen");
        row
    };
    assert_eq!(without_time(row_of(&stdout_json(&out)["results"], SSH).unwrap()), without_time(muted_row));
    let out = meerkat(&account, &db, &["findings", "--status", "muted", "-f", "json"]);
    assert_eq!(stdout_json(&out)[0]["id"], Value::String(finding_id.clone()));

    // Fixed in the cloud: the next scan resolves the finding; its history says so.
    client.revoke_security_group_ingress().group_id(&sg).ip_permissions(open_ssh).send().await.unwrap();
    let out = scan(&["--fail-on", "high", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(row_of(&stdout_json(&out)["results"], SSH).unwrap()["status"], "PASS");
    let out = meerkat(&account, &db, &["findings", "--status", "resolved", "-f", "json"]);
    assert!(stdout_json(&out).as_array().unwrap().iter().any(|f| f["id"] == Value::String(finding_id.clone())));
    let out = meerkat(&account, &db, &["findings", "--history", &finding_id, "-f", "json"]);
    let events = stdout_json(&out);
    let to: Vec<&str> = events.as_array().unwrap().iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(to, ["open", "muted", "resolved"], "{events}");

    // The table names the framework compliance; an unknown framework is a clear error.
    let out = scan(&["--no-discover"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("compliance by section"));
    let out = scan(&["--no-discover", "--framework", "iso-27001"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown framework"));
}
