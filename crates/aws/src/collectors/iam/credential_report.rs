//! `AWS::IAM::CredentialReport`: the account's IAM credential report, one row per user
//! plus the `<root_account>` row, each keyed by the CSV header (`user`, `arn`,
//! `password_enabled`, `mfa_active`, `access_key_1_active`, …) with the values as AWS
//! writes them (`true`, `N/A`, `no_information`, dates). One resource per account, keyed
//! by account id; the parsed rows are in `configuration.Content`.
//!
//! The report is generated asynchronously and AWS makes a new one at most every four
//! hours ([Getting credential reports](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html)),
//! so the collector asks for one, waits a few seconds at most, and fails the scope with
//! `ReportInProgress` rather than report an account without users.

use std::time::Duration;

use aws_sdk_iam::types::ReportStateType;

use crate::collectors::prelude::*;
use crate::error::ErrorKind;

/// The credential report collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::CredentialReport",
    service: "iam",
    global: true,
    iam_actions: &["iam:GenerateCredentialReport", "iam:GetCredentialReport"],
    refresh_events: &[
        "ChangePassword",
        "CreateAccessKey",
        "CreateLoginProfile",
        "CreateUser",
        "DeactivateMFADevice",
        "DeleteAccessKey",
        "DeleteLoginProfile",
        "DeleteSigningCertificate",
        "DeleteUser",
        "EnableMFADevice",
        "UpdateAccessKey",
        "UpdateLoginProfile",
        "UpdateSigningCertificate",
        "UploadSigningCertificate",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

/// Waits between asking whether the report is ready: 3.75 s in all.
const BACKOFF: &[Duration] =
    &[Duration::from_millis(250), Duration::from_millis(500), Duration::from_millis(1000), Duration::from_millis(2000)];

/// Columns that change with use, not with configuration.
const VOLATILE_COLUMNS: &[&str] = &[
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "password_last_used",
];

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let mut waits = BACKOFF.iter();
    loop {
        let state = iam
            .generate_credential_report()
            .send()
            .await
            .map_err(api_err!("iam", "GenerateCredentialReport", &home))?;
        if state.state() == Some(&ReportStateType::Complete) {
            break;
        }
        match waits.next() {
            Some(wait) => tokio::time::sleep(*wait).await,
            None => {
                return Err(ApiError {
                    service: "iam".into(),
                    operation: "GenerateCredentialReport".into(),
                    region: home.clone(),
                    code: "ReportInProgress".into(),
                    message: format!(
                        "the credential report was still being generated after {:?} (state {}); scan again in a minute",
                        BACKOFF.iter().sum::<Duration>(),
                        state.state().map(ReportStateType::as_str).unwrap_or("unknown"),
                    ),
                    http_status: None,
                    kind: ErrorKind::Unavailable,
                })
            }
        }
    }
    let out = iam.get_credential_report().send().await.map_err(api_err!("iam", "GetCredentialReport", &home))?;
    let content = out.content().map(|b| b.as_ref()).unwrap_or_default();
    let (rows, errors) = parse(content);
    let configuration = obj! {
        "GeneratedTime" => t(out.generated_time()),
        "ReportFormat" => s(out.report_format()),
        "Content" => Value::Array(rows),
    };
    let mut r = Resource::new(scope, ctx.account_id(), configuration, ctx.now());
    r.name = Some(format!("IAM credential report of {}", ctx.account_id()));
    if !errors.is_empty() {
        r.not_assessed.insert("Content".into(), errors.join("; "));
    }
    r.volatile = std::iter::once("configuration.GeneratedTime".to_owned())
        .chain(VOLATILE_COLUMNS.iter().map(|c| format!("configuration.Content[].{c}")))
        .collect();
    Ok(vec![r.seal()])
}

/// The CSV's rows as objects keyed by the header; rows that do not parse are left out
/// and described, with their line number, in the second list.
fn parse(csv_text: &[u8]) -> (Vec<Value>, Vec<String>) {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(csv_text);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return (Vec::new(), vec![format!("header: {e}")]),
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in reader.records().enumerate() {
        match record {
            Ok(record) => {
                let row: Map<String, Value> = headers
                    .iter()
                    .zip(record.iter())
                    .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
                    .collect();
                rows.push(Value::Object(row));
            }
            // Line 1 is the header.
            Err(e) => errors.push(format!("line {}: {e}", index + 2)),
        }
    }
    (rows, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_keyed_by_header_and_bad_rows_reported() {
        let text = "user,arn,mfa_active\n<root_account>,arn:aws:iam::1:root,true\nalice,arn:aws:iam::1:user/alice\nbob,arn:aws:iam::1:user/bob,false\n";
        let (rows, errors) = parse(text.as_bytes());
        assert_eq!(
            rows,
            vec![
                json!({"user": "<root_account>", "arn": "arn:aws:iam::1:root", "mfa_active": "true"}),
                json!({"user": "bob", "arn": "arn:aws:iam::1:user/bob", "mfa_active": "false"}),
            ]
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("line 3:"), "{errors:?}");
    }

    #[test]
    fn empty_report_has_no_rows() {
        assert_eq!(parse(b""), (Vec::new(), Vec::new()));
    }

    #[test]
    fn volatile_columns_are_sorted() {
        let mut sorted = VOLATILE_COLUMNS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, VOLATILE_COLUMNS);
    }
}
