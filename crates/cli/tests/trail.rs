//! `meerkat detect cloudtrail` over the continuous sources, in moto: delivery files in an
//! S3 bucket (resumable, correlation windows carried across runs) and EventBridge
//! events in an SQS queue (deleted once committed).

use serde_json::{json, Value};

use crate::common::{meerkat, sdk, stdout_json};
use meerkat_testkit::Emulator;

fn failed_login(id: &str, minute: u32, ip: &str) -> Value {
    json!({
        "eventVersion": "1.09", "eventTime": format!("2026-11-20T10:{minute:02}:00Z"), "eventID": id,
        "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin", "awsRegion": "us-east-1",
        "sourceIPAddress": ip, "userAgent": "Mozilla/5.0", "recipientAccountId": "123456789012",
        "errorMessage": "Failed authentication", "responseElements": {"ConsoleLogin": "Failure"},
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAALICE", "accountId": "123456789012",
                         "arn": "arn:aws:iam::123456789012:user/alice", "userName": "alice"},
    })
}

fn delivery(records: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({ "Records": records })).unwrap()
}

/// The burst finding of a detect run's JSON output, if any.
fn burst(out: &std::process::Output) -> Option<Value> {
    let doc = stdout_json(out);
    doc["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == "iam_console_login_failed_burst").cloned()
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_source_resumes_where_it_stopped_with_its_windows() {
    let emulator = Emulator::shared();
    let endpoint = emulator.endpoint();
    let account = emulator.new_account();
    let config = sdk(&account, &endpoint).await;
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build());
    s3.create_bucket().bucket("org-trail").send().await.unwrap();
    let prefix = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20";
    // Six failed sign-ins from one address in six minutes, three per delivery file: the
    // burst (five in ten minutes) needs the windows of the first file when the second
    // is read in a later run.
    let files = [
        (format!("{prefix}/a_1000.json"), (1..=3).map(|i| failed_login(&format!("f{i}"), i, "203.0.113.9")).collect::<Vec<_>>()),
        (format!("{prefix}/b_1005.json"), (4..=6).map(|i| failed_login(&format!("f{i}"), i, "203.0.113.9")).collect()),
    ];
    for (key, records) in &files {
        s3.put_object().bucket("org-trail").key(key).body(delivery(records.clone()).into()).send().await.unwrap();
    }
    // Neither a digest nor a folder marker is a record file.
    let digest = "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/20/d.json.gz";
    s3.put_object().bucket("org-trail").key(digest).body(b"not records".to_vec().into()).send().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let source = "s3://org-trail/AWSLogs/";
    let run = |db: &std::path::Path, extra: &[&str]| {
        let mut args = vec!["detect", "cloudtrail", source, "--endpoint-url", &endpoint, "--max-attempts", "1", "-f", "json"];
        args.extend_from_slice(extra);
        meerkat(&account, db, &args)
    };

    // One uninterrupted run: the burst fires at the fifth failure.
    let whole = dir.path().join("whole.db");
    let out = run(&whole, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = burst(&out).expect("the burst is found");
    assert_eq!(stdout_json(&out)["summary"]["files"], 2, "the digest is not read");

    // The same trail read one file per run: the first run sees three failures (no
    // alert), the second resumes the windows and reports the same burst.
    let resumed = dir.path().join("resumed.db");
    let out = run(&resumed, &["--limit", "1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 left for the next run"), "{stderr}");
    assert_eq!(burst(&out), None);
    let out = run(&resumed, &["--limit", "1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 read before") && stderr.contains("correlation windows resumed"), "{stderr}");
    let found = burst(&out).expect("the burst spans the two runs");
    for field in ["event_ids", "event_count", "source_ips", "correlation"] {
        assert_eq!(found["evidence"][field], expected["evidence"][field], "{field}");
    }
    assert_eq!(found["id"], expected["id"]);

    // Everything is read: a third run reads nothing and changes nothing.
    let out = run(&resumed, &[]);
    assert_eq!(stdout_json(&out)["summary"]["files"], 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 read before, 0 to read now"));
}

#[tokio::test(flavor = "multi_thread")]
async fn sqs_source_deletes_messages_once_committed() {
    let emulator = Emulator::shared();
    let endpoint = emulator.endpoint();
    let account = emulator.new_account();
    let config = sdk(&account, &endpoint).await;
    let sqs = aws_sdk_sqs::Client::new(&config);
    let url = sqs.create_queue().queue_name("trail-events").send().await.unwrap().queue_url.unwrap();
    let envelope = |record: Value| {
        json!({"version": "0", "id": "e", "detail-type": "AWS API Call via CloudTrail", "source": "aws.signin",
               "account": "123456789012", "time": record["eventTime"], "region": "us-east-1", "detail": record})
        .to_string()
    };
    for i in 1..=6 {
        sqs.send_message().queue_url(&url).message_body(envelope(failed_login(&format!("q{i}"), i, "203.0.113.9"))).send().await.unwrap();
    }
    sqs.send_message().queue_url(&url).message_body("{not json").send().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let out = meerkat(&account, &db, &["detect", "cloudtrail", "sqs://trail-events", "--endpoint-url", &endpoint, "--max-attempts", "1", "-f", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "the malformed message makes the run partial: {stderr}");
    assert!(stderr.contains("7 message(s) read and deleted"), "{stderr}");
    assert!(stderr.contains("sqs://trail-events/"), "the bad message is named: {stderr}");
    let summary = &stdout_json(&out)["summary"];
    let bad = summary["skipped_records"].as_u64().unwrap() + summary["cut_files"].as_u64().unwrap();
    assert_eq!((summary["events"].as_u64(), bad), (Some(6), 1), "{summary}");
    assert!(burst(&out).is_some(), "{}", String::from_utf8_lossy(&out.stdout));

    // Deleted: nothing comes back, even after the visibility timeout would have passed.
    let left = sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessages)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
        .send()
        .await
        .unwrap();
    let count = |name| left.attributes().and_then(|a| a.get(&name)).cloned().unwrap_or_default();
    assert_eq!(count(aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessages), "0");
    assert_eq!(count(aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessagesNotVisible), "0");
}
