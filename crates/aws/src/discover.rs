//! Discovery: connect, plan the scopes, run the collectors concurrently within limits.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;
use aws_types::region::Region;
use chrono::Utc;
use futures::stream::{self, StreamExt};
use meerkat_model::{Resource, Scope, GLOBAL_REGION};

use crate::collectors::{self, Collector};
use crate::context::{CallCounter, ScanContext};
use crate::error::{ApiError, Error};

/// Which regions to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    /// Every region enabled for the account (`ec2:DescribeRegions`).
    All,
    /// These regions.
    List(Vec<String>),
}

/// Static credentials, for tests and emulators; real use goes through the default
/// credential chain and profiles.
#[derive(Clone)]
pub struct StaticCredentials {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
    /// Session token of temporary credentials.
    pub session_token: Option<String>,
}

impl std::fmt::Debug for StaticCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        f.debug_struct("StaticCredentials").field("access_key_id", &self.access_key_id).finish_non_exhaustive()
    }
}

/// How to discover.
#[derive(Debug, Clone)]
pub struct Options {
    /// Named profile from the shared config files.
    pub profile: Option<String>,
    /// Regions to scan.
    pub regions: Regions,
    /// One endpoint for every service (an emulator).
    pub endpoint_url: Option<String>,
    /// Endpoints for single services, by service id (`ec2`, `s3`, …); win over `endpoint_url`.
    pub service_endpoints: BTreeMap<String, String>,
    /// Credentials to use instead of the default chain.
    pub credentials: Option<StaticCredentials>,
    /// Attempts per API call, first try included (adaptive retry).
    pub max_attempts: u32,
    /// Scopes collected at once, across services and regions.
    pub concurrency: usize,
    /// Scopes of one service in one region collected at once.
    pub per_service_region: usize,
    /// Per-resource detail calls in flight within one scope.
    pub detail_concurrency: usize,
    /// Only these resource types (all when empty).
    pub resource_types: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            profile: None,
            regions: Regions::All,
            endpoint_url: None,
            service_endpoints: BTreeMap::new(),
            credentials: None,
            max_attempts: 3,
            concurrency: 32,
            per_service_region: 4,
            detail_concurrency: 8,
            resource_types: Vec::new(),
        }
    }
}

/// The result of collecting one scope, handed to the caller as soon as it is ready so
/// that it can be committed on its own.
#[derive(Debug)]
pub enum ScopeOutcome {
    /// The scope was listed completely.
    Collected {
        /// What was collected.
        scope: Scope,
        /// Every resource of the scope.
        resources: Vec<Resource>,
    },
    /// The scope could not be listed: not assessed.
    Failed {
        /// What was not assessed.
        scope: Scope,
        /// Why.
        error: ApiError,
    },
}

impl ScopeOutcome {
    /// The scope this outcome is about.
    pub fn scope(&self) -> &Scope {
        match self {
            Self::Collected { scope, .. } | Self::Failed { scope, .. } => scope,
        }
    }
}

/// Counters of one discovery run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RunStats {
    /// HTTP attempts made, retries included.
    pub api_calls: u64,
    /// The same, per service.
    pub api_calls_per_service: BTreeMap<String, u64>,
    /// Scopes listed completely.
    pub scopes_collected: usize,
    /// Scopes not assessed.
    pub scopes_failed: usize,
    /// Resources collected.
    pub resources: usize,
    /// Resources with at least one part not assessed.
    pub resources_partial: usize,
}

/// A connected discovery: the account is known, the regions resolved.
#[derive(Debug)]
pub struct Discovery {
    ctx: Arc<ScanContext>,
    regions: Vec<String>,
    collectors: Vec<&'static Collector>,
    concurrency: usize,
}

impl Discovery {
    /// Loads the AWS configuration, identifies the account and resolves the regions.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), meerkat_aws::Error> {
    /// let options = meerkat_aws::Options { regions: meerkat_aws::Regions::List(vec!["eu-west-1".into()]), ..Default::default() };
    /// let discovery = meerkat_aws::Discovery::connect(options).await?;
    /// let stats = discovery.run(|outcome| println!("{}", outcome.scope())).await;
    /// println!("{} API calls", stats.api_calls);
    /// # Ok(()) }
    /// ```
    pub async fn connect(options: Options) -> Result<Self, Error> {
        let collectors = select_collectors(&options.resource_types)?;
        let first_region = match &options.regions {
            Regions::List(list) if !list.is_empty() => list[0].clone(),
            _ => "us-east-1".to_owned(),
        };
        let ctx = ScanContext::connect(&options, &first_region).await?;
        let regions = match options.regions {
            Regions::List(list) => list,
            Regions::All => {
                let region = ctx.home_region();
                let out = ctx
                    .ec2(&region)
                    .describe_regions()
                    .send()
                    .await
                    .map_err(|e| Error::Regions(ApiError::from_sdk("ec2", "DescribeRegions", &region, e)))?;
                let mut names: Vec<String> = out.regions().iter().filter_map(|r| r.region_name().map(str::to_owned)).collect();
                names.sort();
                names
            }
        };
        Ok(Self { ctx: Arc::new(ctx), regions, collectors, concurrency: options.concurrency.max(1) })
    }

    /// The account being scanned.
    pub fn account_id(&self) -> &str {
        self.ctx.account_id()
    }

    /// The regions being scanned.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// Every scope the run will collect: global types once, regional types per region.
    pub fn planned_scopes(&self) -> Vec<Scope> {
        self.plan().into_iter().map(|(_, scope)| scope).collect()
    }

    fn plan(&self) -> Vec<(&'static Collector, Scope)> {
        let mut plan = Vec::new();
        for collector in &self.collectors {
            let regions: Vec<&str> =
                if collector.global { vec![GLOBAL_REGION] } else { self.regions.iter().map(String::as_str).collect() };
            for region in regions {
                let scope = Scope {
                    account_id: self.ctx.account_id.clone(),
                    region: region.to_owned(),
                    resource_type: collector.resource_type.to_owned(),
                };
                plan.push((*collector, scope));
            }
        }
        plan
    }

    /// Collects every planned scope, at most `concurrency` at once and at most
    /// `per_service_region` per service and region, handing each outcome to `sink` as it
    /// completes. Never fails as a whole: a scope that cannot be read is an outcome.
    pub async fn run(&self, mut sink: impl FnMut(ScopeOutcome)) -> RunStats {
        let mut stats = RunStats::default();
        let tasks = self.plan().into_iter().map(|(collector, scope)| {
            let ctx = self.ctx.clone();
            async move {
                let limit_region = if collector.global { ctx.home_region() } else { scope.region.clone() };
                let limit = ctx.limit(collector.service, &limit_region);
                let _permit = limit.acquire_owned().await;
                let started = std::time::Instant::now();
                let outcome = match (collector.collect)(&ctx, &scope).await {
                    Ok(resources) => ScopeOutcome::Collected { scope, resources },
                    Err(error) => ScopeOutcome::Failed { scope, error },
                };
                tracing::info!(scope = %outcome.scope(), millis = started.elapsed().as_millis() as u64, "Scope done");
                outcome
            }
        });
        let mut outcomes = stream::iter(tasks).buffer_unordered(self.concurrency);
        while let Some(outcome) = outcomes.next().await {
            match &outcome {
                ScopeOutcome::Collected { resources, .. } => {
                    stats.scopes_collected += 1;
                    stats.resources += resources.len();
                    stats.resources_partial += resources.iter().filter(|r| !r.not_assessed.is_empty()).count();
                }
                ScopeOutcome::Failed { scope, error } => {
                    stats.scopes_failed += 1;
                    tracing::warn!(scope = %scope, error = %error, "Scope not assessed");
                }
            }
            sink(outcome);
        }
        stats.api_calls = self.ctx.calls.total();
        stats.api_calls_per_service = self.ctx.calls.per_service();
        stats
    }
}

fn select_collectors(types: &[String]) -> Result<Vec<&'static Collector>, Error> {
    if types.is_empty() {
        return Ok(collectors::all().collect());
    }
    types
        .iter()
        .map(|t| collectors::find(t).ok_or_else(|| Error::UnknownResourceType(t.clone())))
        .collect()
}

impl ScanContext {
    /// Loads the SDK configuration (profile, endpoint, credentials, retries of
    /// `options`) and identifies the account with `sts:GetCallerIdentity`, asked in the
    /// profile's region or else `first_region`.
    pub async fn connect(options: &Options, first_region: &str) -> Result<Self, Error> {
        let first_region = first_region.to_owned();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(RetryConfig::adaptive().with_max_attempts(options.max_attempts.max(1)))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(10))
                    .operation_attempt_timeout(Duration::from_secs(60))
                    .build(),
            );
        if let Some(profile) = &options.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = &options.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if let Some(creds) = &options.credentials {
            loader = loader.credentials_provider(aws_credential_types::Credentials::new(
                creds.access_key_id.clone(),
                creds.secret_access_key.clone(),
                creds.session_token.clone(),
                None,
                "meerkat-static",
            ));
        }
        let sdk = loader.load().await;
        // The profile's region, when it has one, is where global calls go first; the
        // partition then tells the real home region.
        let identity_region = sdk.region().map(Region::to_string).unwrap_or(first_region);
        let mut ctx = ScanContext {
            sdk,
            account_id: String::new(),
            partition: "aws".to_owned(),
            endpoint_url: options.endpoint_url.clone(),
            service_endpoints: options.service_endpoints.clone(),
            detail_concurrency: options.detail_concurrency,
            calls: Arc::new(CallCounter::default()),
            limits: Default::default(),
            per_service_region: options.per_service_region,
            started_at: Utc::now(),
        };
        let identity = ctx
            .sts(&identity_region)
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| Error::Identity(ApiError::from_sdk("sts", "GetCallerIdentity", &identity_region, e)))?;
        ctx.account_id = identity.account().unwrap_or_default().to_owned();
        if let Some(arn) = identity.arn() {
            if let Some(partition) = arn.split(':').nth(1) {
                ctx.partition = partition.to_owned();
            }
        }
        Ok(ctx)
    }
}
