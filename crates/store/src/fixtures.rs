//! Builders shared by the unit tests.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;
use tempfile::TempDir;

use meerkat_model::{Resource, ResourceKey, Scope};

use crate::{ResourceQuery, Store};

pub(crate) const ACCOUNT: &str = "111111111111";
pub(crate) const SG: &str = "AWS::EC2::SecurityGroup";
pub(crate) const BUCKET: &str = "AWS::S3::Bucket";

/// `minutes` after a fixed start, so that tests never depend on the clock.
pub(crate) fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("a valid fixed date") + Duration::minutes(minutes)
}

pub(crate) fn scope(region: &str, resource_type: &str) -> Scope {
    Scope { account_id: ACCOUNT.into(), region: region.into(), resource_type: resource_type.into() }
}

/// A sealed security group of eu-west-1 with one ingress port.
pub(crate) fn sg(id: &str, port: u16) -> Resource {
    let mut r = Resource::new(&scope("eu-west-1", SG), id, json!({"GroupId": id, "Port": port}), t(-1000));
    r.arn = Some(format!("arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group/{id}"));
    r.seal()
}

/// A sealed security group with tags.
pub(crate) fn tagged(id: &str, tags: &[(&str, &str)]) -> Resource {
    let mut r = sg(id, 22);
    r.tags = tags.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    r.seal()
}

/// A sealed bucket living in `region`, as the global S3 listing returns it.
pub(crate) fn bucket(name: &str, region: &str) -> Resource {
    let mut r = Resource::new(&scope(region, BUCKET), name, json!({"Name": name}), t(-1000));
    r.arn = Some(format!("arn:aws:s3:::{name}"));
    r.seal()
}

pub(crate) fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(&dir.path().join("meerkat.db")).expect("a fresh store opens");
    (dir, store)
}

pub(crate) fn key(id: &str) -> ResourceKey {
    sg(id, 0).key()
}

/// Ids of the current resources.
pub(crate) fn ids(store: &Store, query: &ResourceQuery) -> Vec<String> {
    store.resources(query).expect("query").into_iter().map(|r| r.resource_id).collect()
}

/// The current resource `id` (deleted ones included).
pub(crate) fn get(store: &Store, id: &str) -> Option<Resource> {
    let all = store.resources(&ResourceQuery { include_deleted: true, ..Default::default() }).expect("query");
    all.into_iter().find(|r| r.resource_id == id)
}
