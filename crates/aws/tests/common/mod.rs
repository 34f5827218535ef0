//! Shared helpers: an isolated emulated account per test, SDK clients acting in it, and
//! discovery runs against it.

#![allow(dead_code)]

use aws_config::{BehaviorVersion, SdkConfig};
use aws_types::region::Region;
use meerkat_aws::{ApiError, Discovery, Options, Regions, RunStats, ScopeOutcome, StaticCredentials};
use meerkat_model::{Resource, Scope};
use meerkat_store::Store;
use meerkat_testkit::{Account, Emulator};

/// An emulated account of its own.
pub struct TestAccount {
    pub account: Account,
    pub endpoint: String,
}

/// A fresh account on the shared emulator.
pub fn account() -> TestAccount {
    let emulator = Emulator::shared();
    TestAccount { account: emulator.new_account(), endpoint: emulator.endpoint() }
}

/// What one discovery run returned.
#[derive(Debug, Default)]
pub struct Discovered {
    pub resources: Vec<Resource>,
    pub collected: Vec<Scope>,
    pub failed: Vec<(Scope, ApiError)>,
    pub stats: RunStats,
}

impl Discovered {
    /// Resources of one type.
    pub fn of_type(&self, resource_type: &str) -> Vec<&Resource> {
        self.resources.iter().filter(|r| r.resource_type == resource_type).collect()
    }

    /// The resource of `resource_type` with `resource_id`; fails the test listing what exists.
    pub fn get(&self, resource_type: &str, resource_id: &str) -> &Resource {
        self.resources
            .iter()
            .find(|r| r.resource_type == resource_type && r.resource_id == resource_id)
            .unwrap_or_else(|| {
                let ids: Vec<&str> = self.of_type(resource_type).iter().map(|r| r.resource_id.as_str()).collect();
                panic!("no {resource_type} {resource_id:?} discovered; have {ids:?}; failed scopes: {:?}", self.failed)
            })
    }

    /// True when `resource` has an edge of `kind` to `target_id`.
    pub fn has_edge(resource: &Resource, kind: &str, target_type: &str, target_id: &str) -> bool {
        resource.relationships.iter().any(|r| r.kind == kind && r.resource_type == target_type && r.resource_id == target_id)
    }
}

impl TestAccount {
    /// SDK configuration acting in this account, for building the resources a test needs.
    pub async fn sdk(&self, region: &str) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.to_owned()))
            .endpoint_url(&self.endpoint)
            .credentials_provider(aws_credential_types::Credentials::new(
                self.account.access_key_id.clone(),
                self.account.secret_access_key.clone(),
                Some(self.account.session_token.clone()),
                None,
                "meerkat-test",
            ))
            .load()
            .await
    }

    /// An S3 client with path-style addressing, which the emulator needs.
    pub async fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        let sdk = self.sdk(region).await;
        aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&sdk).force_path_style(true).build())
    }

    /// Discovery options for this account: the given regions and resource types (all
    /// types when empty), one attempt per call so emulator gaps fail fast.
    pub fn options(&self, regions: &[&str], types: &[&str]) -> Options {
        Options {
            regions: Regions::List(regions.iter().map(|r| r.to_string()).collect()),
            endpoint_url: Some(self.endpoint.clone()),
            credentials: Some(StaticCredentials {
                access_key_id: self.account.access_key_id.clone(),
                secret_access_key: self.account.secret_access_key.clone(),
                session_token: Some(self.account.session_token.clone()),
            }),
            max_attempts: 1,
            resource_types: types.iter().map(|t| t.to_string()).collect(),
            ..Options::default()
        }
    }

    /// Runs discovery with `options` and gathers the outcomes.
    pub async fn discover_with(&self, options: Options) -> Discovered {
        let discovery = Discovery::connect(options).await.expect("discovery connects to the emulator");
        assert_eq!(discovery.account_id(), self.account.id, "discovery must scan the test's own account");
        let mut out = Discovered::default();
        let stats = discovery
            .run(|outcome| match outcome {
                ScopeOutcome::Collected { scope, resources } => {
                    out.collected.push(scope);
                    out.resources.extend(resources);
                }
                ScopeOutcome::Failed { scope, error } => out.failed.push((scope, error)),
            })
            .await;
        out.stats = stats;
        out
    }

    /// Runs discovery of `types` in `regions`.
    pub async fn discover(&self, regions: &[&str], types: &[&str]) -> Discovered {
        self.discover_with(self.options(regions, types)).await
    }

    /// Runs discovery and commits every scope into `store`, as `meerkat discover` does.
    pub async fn discover_into(&self, store: &mut Store, options: Options) -> Discovered {
        let discovery = Discovery::connect(options).await.expect("discovery connects to the emulator");
        let mut out = Discovered::default();
        let seen_at = chrono::Utc::now();
        let stats = discovery
            .run(|outcome| match outcome {
                ScopeOutcome::Collected { scope, resources } => {
                    store.commit_scope(&scope, &resources, seen_at).expect("scope commits");
                    out.collected.push(scope);
                    out.resources.extend(resources);
                }
                ScopeOutcome::Failed { scope, error } => {
                    store.record_scope_failure(&scope, &error.code, &error.message, seen_at).expect("failure is recorded");
                    out.failed.push((scope, error));
                }
            })
            .await;
        out.stats = stats;
        out
    }
}
