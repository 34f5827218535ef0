//! What every collector receives: the account, service clients, and the limits.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use aws_config::SdkConfig;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_types::region::Region;
use chrono::{DateTime, Utc};
use futures::stream::{self, StreamExt};
use tokio::sync::Semaphore;

/// Counts HTTP attempts (retries included), per service, for the run summary and the
/// benchmark's "API calls made".
#[derive(Debug, Default)]
pub(crate) struct CallCounter {
    total: AtomicU64,
    per_service: Mutex<BTreeMap<&'static str, u64>>,
}

#[derive(Debug, Clone)]
struct CountingInterceptor {
    service: &'static str,
    counter: Arc<CallCounter>,
}

impl Intercept for CountingInterceptor {
    fn name(&self) -> &'static str {
        "MeerkatCallCounter"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.counter.total.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut map) = self.counter.per_service.lock() {
            *map.entry(self.service).or_default() += 1;
        }
        Ok(())
    }
}

impl CallCounter {
    pub(crate) fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
    pub(crate) fn per_service(&self) -> BTreeMap<String, u64> {
        self.per_service.lock().map(|m| m.iter().map(|(k, v)| (k.to_string(), *v)).collect()).unwrap_or_default()
    }
}

/// The scan context handed to every collector: who we are, where the APIs are, and how
/// much may run at once. Clients are built from it per call site; there is no global.
#[derive(Debug)]
pub struct ScanContext {
    pub(crate) sdk: SdkConfig,
    pub(crate) account_id: String,
    pub(crate) partition: String,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) service_endpoints: BTreeMap<String, String>,
    pub(crate) detail_concurrency: usize,
    pub(crate) calls: Arc<CallCounter>,
    pub(crate) limits: Mutex<BTreeMap<(String, String), Arc<Semaphore>>>,
    pub(crate) per_service_region: usize,
    pub(crate) started_at: DateTime<Utc>,
}

impl ScanContext {
    /// The account being scanned.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// `aws`, `aws-cn` or `aws-us-gov`, for building ARNs.
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The time this scan started; every resource it sees carries it as `last_seen`.
    pub fn now(&self) -> DateTime<Utc> {
        self.started_at
    }

    /// Region used for calls to global services (IAM, S3 ListBuckets, STS).
    pub fn home_region(&self) -> String {
        match self.partition.as_str() {
            "aws-cn" => "cn-north-1".to_owned(),
            "aws-us-gov" => "us-gov-west-1".to_owned(),
            _ => "us-east-1".to_owned(),
        }
    }

    /// `arn:{partition}:{service}:{region}:{account}:{resource}`.
    pub fn arn(&self, service: &str, region: &str, resource: &str) -> String {
        format!("arn:{}:{service}:{region}:{}:{resource}", self.partition, self.account_id)
    }

    fn endpoint_for(&self, service: &str) -> Option<&str> {
        self.service_endpoints.get(service).or(self.endpoint_url.as_ref()).map(String::as_str)
    }

    /// True when calls go to a custom endpoint (an emulator or a proxy).
    pub fn custom_endpoint(&self) -> bool {
        self.endpoint_url.is_some() || !self.service_endpoints.is_empty() || self.sdk.endpoint_url().is_some()
    }

    pub(crate) fn interceptor(&self, service: &'static str) -> impl Intercept + 'static {
        CountingInterceptor { service, counter: self.calls.clone() }
    }

    /// The semaphore bounding concurrent scopes of one service in one region.
    pub(crate) fn limit(&self, service: &str, region: &str) -> Arc<Semaphore> {
        let mut limits = self.limits.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        limits
            .entry((service.to_owned(), region.to_owned()))
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_service_region.max(1))))
            .clone()
    }

    /// Runs `f` over `items` with the per-scope detail concurrency, keeping input order.
    /// Collectors use it for the per-resource calls (a bucket's policy, a user's keys).
    pub async fn fan_out<T, R, F, Fut>(&self, items: Vec<T>, f: F) -> Vec<R>
    where
        F: Fn(T) -> Fut,
        Fut: std::future::Future<Output = R>,
    {
        stream::iter(items.into_iter().map(f)).buffered(self.detail_concurrency.max(1)).collect().await
    }
}

macro_rules! service_clients {
    ($($(#[$doc:meta])* $method:ident => $krate:ident, $service:literal;)*) => {
        impl ScanContext {
            $(
                $(#[$doc])*
                pub fn $method(&self, region: &str) -> $krate::Client {
                    let mut builder = $krate::config::Builder::from(&self.sdk)
                        .region(Region::new(region.to_owned()))
                        .interceptor(self.interceptor($service));
                    if let Some(url) = self.endpoint_for($service) {
                        builder = builder.endpoint_url(url);
                    }
                    $krate::Client::from_conf(builder.build())
                }
            )*
        }
    };
}

service_clients! {
    /// STS client.
    sts => aws_sdk_sts, "sts";
    /// EC2 client.
    ec2 => aws_sdk_ec2, "ec2";
    /// IAM client (global; pass [`ScanContext::home_region`]).
    iam => aws_sdk_iam, "iam";
    /// RDS client.
    rds => aws_sdk_rds, "rds";
    /// Lambda client.
    lambda => aws_sdk_lambda, "lambda";
    /// KMS client.
    kms => aws_sdk_kms, "kms";
    /// CloudTrail client.
    cloudtrail => aws_sdk_cloudtrail, "cloudtrail";
    /// SQS client.
    sqs => aws_sdk_sqs, "sqs";
    /// SNS client.
    sns => aws_sdk_sns, "sns";
    /// Elastic Load Balancing v2 client.
    elbv2 => aws_sdk_elasticloadbalancingv2, "elasticloadbalancingv2";
    /// CloudWatch Logs client.
    logs => aws_sdk_cloudwatchlogs, "logs";
    /// CloudWatch client.
    cloudwatch => aws_sdk_cloudwatch, "cloudwatch";
    /// AWS Config client.
    config => aws_sdk_config, "config";
    /// GuardDuty client.
    guardduty => aws_sdk_guardduty, "guardduty";
    /// IAM Access Analyzer client.
    accessanalyzer => aws_sdk_accessanalyzer, "accessanalyzer";
    /// Security Hub client.
    securityhub => aws_sdk_securityhub, "securityhub";
    /// Secrets Manager client.
    secretsmanager => aws_sdk_secretsmanager, "secretsmanager";
}

/// An endpoint resolver that answers one URL, unchanged.
///
/// S3 Control's endpoint rules put the account id in front of the host
/// (`123456789012.s3-control.…`), which cannot resolve for an emulator on 127.0.0.1.
#[derive(Debug)]
struct FixedEndpoint(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _params: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(aws_sdk_s3control::config::endpoint::Endpoint::builder()
            .url(self.0.clone())
            .build()))
    }
}

impl ScanContext {
    /// S3 Control client (account-level public access block).
    pub fn s3control(&self, region: &str) -> aws_sdk_s3control::Client {
        let mut builder = aws_sdk_s3control::config::Builder::from(&self.sdk)
            .region(Region::new(region.to_owned()))
            .interceptor(self.interceptor("s3control"));
        if let Some(url) = self.endpoint_for("s3control").or(self.sdk.endpoint_url()) {
            builder = builder.endpoint_resolver(FixedEndpoint(url.to_owned()));
        }
        aws_sdk_s3control::Client::from_conf(builder.build())
    }

    /// S3 client. Against a custom endpoint it uses path-style addressing, because
    /// emulators and proxies do not resolve `bucket.host` names.
    pub fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        let mut builder = aws_sdk_s3::config::Builder::from(&self.sdk)
            .region(Region::new(region.to_owned()))
            .interceptor(self.interceptor("s3"));
        if let Some(url) = self.endpoint_for("s3") {
            builder = builder.endpoint_url(url);
        }
        if self.custom_endpoint() {
            builder = builder.force_path_style(true);
        }
        aws_sdk_s3::Client::from_conf(builder.build())
    }
}
