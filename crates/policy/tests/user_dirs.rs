//! `Engine::load_dir` on user folders.

use std::path::PathBuf;

use meerkat_model::{Resource, Scope};
use meerkat_policy::{Engine, Error, Inventory, Status};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

#[test]
fn a_user_folder_adds_checks_that_import_its_libraries() {
    let mut engine = Engine::builtin().expect("built-in pack");
    let before = engine.checks().len();
    assert_eq!(engine.load_dir(&data("user_pack")).expect("user pack loads"), 1);
    assert_eq!(engine.checks().len(), before + 1);
    let scope = Scope { account_id: "1".into(), region: "eu-west-1".into(), resource_type: "AWS::S3::Bucket".into() };
    let mut tagged = Resource::new(&scope, "a", serde_json::json!({}), chrono::Utc::now());
    tagged.tags.insert("Owner".into(), "data-team".into());
    let untagged = Resource::new(&scope, "b", serde_json::json!({}), chrono::Utc::now());
    let inventory = Inventory::new(vec![tagged, untagged], Vec::new());
    let index = engine.checks().iter().position(|c| c.id == "s3_bucket_owner_tag").expect("loaded");
    let ev = engine.evaluate(&inventory);
    let got: Vec<Status> = ev.results.iter().filter(|r| r.check == index).map(|r| r.status).collect();
    assert_eq!(got, vec![Status::Pass, Status::Fail]);
    // Loading it again is a duplicate id, named with both files.
    let err = engine.load_dir(&data("user_pack")).unwrap_err();
    assert!(matches!(err, Error::DuplicateCheck { .. }), "{err}");
}

#[test]
fn a_broken_policy_names_its_file_and_line() {
    let mut engine = Engine::new();
    let err = engine.load_dir(&data("broken_pack")).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Rego { line: 13, .. }), "{text}");
    assert!(text.contains("broken_pack/aws/ec2/ec2_broken.rego:13"), "{text}");
}

#[test]
fn a_missing_folder_is_an_io_error() {
    let err = Engine::new().load_dir(&data("no_such_folder")).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
}
