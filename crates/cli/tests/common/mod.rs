//! What the end-to-end tests share: running the `meerkat` binary as a user would, in an
//! emulated account, and SDK configuration acting in that account.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use aws_config::{BehaviorVersion, SdkConfig};
use meerkat_testkit::Account;
use serde_json::Value;

/// Runs `meerkat --db DB ARGS…` with the account's credentials and no ambient AWS settings.
pub fn meerkat(account: &Account, db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meerkat"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("AWS_ACCESS_KEY_ID", &account.access_key_id)
        .env("AWS_SECRET_ACCESS_KEY", &account.secret_access_key)
        .env("AWS_SESSION_TOKEN", &account.session_token)
        .env("AWS_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .output()
        .expect("meerkat runs")
}

/// The command's standard output as JSON; fails the test showing both streams otherwise.
pub fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}\nstderr: {}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    })
}

/// SDK configuration acting in `account` on the emulator at `endpoint`, in us-east-1.
pub async fn sdk(account: &Account, endpoint: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(aws_credential_types::Credentials::new(
            account.access_key_id.clone(),
            account.secret_access_key.clone(),
            Some(account.session_token.clone()),
            None,
            "meerkat-cli-test",
        ))
        .load()
        .await
}
