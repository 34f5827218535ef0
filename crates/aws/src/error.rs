//! Errors of discovery, each carrying the service, region and AWS error code it came from.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// Why an AWS API call failed, sorted into what a user must do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The credentials lack the permission: grant the IAM action.
    AccessDenied,
    /// The region is not enabled for the account, or the service is not subscribed.
    RegionDisabled,
    /// Throttled beyond the retry budget.
    Throttled,
    /// The endpoint does not offer the API (an emulator, a partition without it) or kept
    /// failing with a server error after the retries.
    Unavailable,
    /// The resource or sub-resource does not exist.
    NotFound,
    /// The request could not be sent or the response not read.
    Transport,
    /// Anything else the service answered.
    Other,
}

/// A failed AWS API call, classified.
#[derive(Debug, Clone, thiserror::Error, serde::Serialize)]
#[error("{service}:{operation} failed in {region}: {code}: {message}")]
pub struct ApiError {
    /// Service id, e.g. `ec2`.
    pub service: String,
    /// Operation, e.g. `DescribeInstances`.
    pub operation: String,
    /// Region the call went to.
    pub region: String,
    /// The AWS error code (`AccessDenied`, `OptInRequired`, …), or a Meerkat label for
    /// errors without one (`HttpStatus500`, `DispatchFailure`).
    pub code: String,
    /// The service's message.
    pub message: String,
    /// HTTP status, when a response arrived.
    pub http_status: Option<u16>,
    /// What kind of failure this is.
    pub kind: ErrorKind,
}

impl ApiError {
    /// Classifies an SDK error from `service:operation` in `region`.
    pub fn from_sdk<E>(service: &str, operation: &str, region: &str, err: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let http_status = err.raw_response().map(|r| r.status().as_u16());
        let (code, message) = match &err {
            SdkError::ServiceError(_) => (
                err.code().map(str::to_owned),
                err.message().map(str::to_owned),
            ),
            SdkError::DispatchFailure(_) => (Some("DispatchFailure".to_owned()), None),
            SdkError::TimeoutError(_) => (Some("Timeout".to_owned()), Some("the request timed out".to_owned())),
            SdkError::ResponseError(_) => (Some("ResponseError".to_owned()), None),
            SdkError::ConstructionFailure(_) => (Some("ConstructionFailure".to_owned()), None),
            other => (None, Some(other.to_string())),
        };
        let code = code.unwrap_or_else(|| match http_status {
            Some(s) => format!("HttpStatus{s}"),
            None => "Unknown".to_owned(),
        });
        // An unparseable answer or a transport failure has no message of its own: say
        // what went wrong from the error chain, without the raw response it carries.
        let message = message.filter(|m| !m.is_empty()).unwrap_or_else(|| error_chain(&err));
        let kind = classify(&code, http_status);
        Self { service: service.to_owned(), operation: operation.to_owned(), region: region.to_owned(), code, message, http_status, kind }
    }

    /// True when the error means "there is none" rather than "could not read".
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }
}

/// The Display texts of an error and its sources, joined, at most 400 characters.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    let joined = parts.join(": ");
    match joined.char_indices().nth(400) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

/// Codes AWS services use for "the thing you asked about does not exist"; a collector
/// reading an optional sub-resource (a bucket's policy, a user's login profile) treats
/// them as "absent", never as a failure.
const NOT_FOUND_CODES: &[&str] = &[
    "AWS.SimpleQueueService.NonExistentQueue",
    "LoadBalancerNotFound",
    "NoSuchBucketPolicy",
    "NoSuchCORSConfiguration",
    "NoSuchEntity",
    "NoSuchLifecycleConfiguration",
    "NoSuchPublicAccessBlockConfiguration",
    "NoSuchTagSet",
    "NoSuchWebsiteConfiguration",
    "NotFound",
    "NotFoundException",
    "ObjectLockConfigurationNotFoundError",
    "OwnershipControlsNotFoundError",
    "QueueDoesNotExist",
    "ReplicationConfigurationNotFoundError",
    "ResourceNotFoundException",
    "ServerSideEncryptionConfigurationNotFoundError",
];

fn classify(code: &str, http_status: Option<u16>) -> ErrorKind {
    match code {
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" | "AuthorizationError"
        | "UnrecognizedClientException" | "InvalidClientTokenId" | "AuthFailure" | "Forbidden" => ErrorKind::AccessDenied,
        "OptInRequired" | "SubscriptionRequiredException" | "InvalidRegion" => ErrorKind::RegionDisabled,
        "Throttling" | "ThrottlingException" | "RequestLimitExceeded" | "TooManyRequestsException" | "SlowDown" => {
            ErrorKind::Throttled
        }
        // An unreadable answer with a server-error status is the service failing (or an
        // emulator lacking the API and answering with an HTML page), not the network.
        "ResponseError" if http_status.is_some_and(|s| s >= 500) => ErrorKind::Unavailable,
        "DispatchFailure" | "Timeout" | "ResponseError" => ErrorKind::Transport,
        c if NOT_FOUND_CODES.contains(&c) => ErrorKind::NotFound,
        _ => match http_status {
            Some(403) => ErrorKind::AccessDenied,
            Some(404 | 500 | 501) => ErrorKind::Unavailable,
            Some(429) => ErrorKind::Throttled,
            _ => ErrorKind::Other,
        },
    }
}

/// Errors that stop discovery before any scope runs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The caller's identity could not be read, so the account is unknown.
    #[error("cannot identify the AWS account (sts:GetCallerIdentity): {0}")]
    Identity(ApiError),
    /// The list of enabled regions could not be read for `--regions all`.
    #[error("cannot list the account's enabled regions (ec2:DescribeRegions): {0}")]
    Regions(ApiError),
    /// A requested resource type has no collector.
    #[error("no collector for resource type {0:?}; `meerkat collectors` lists them")]
    UnknownResourceType(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_follows_code_then_status() {
        assert_eq!(classify("AccessDenied", Some(403)), ErrorKind::AccessDenied);
        assert_eq!(classify("UnauthorizedOperation", Some(400)), ErrorKind::AccessDenied);
        assert_eq!(classify("NoSuchBucketPolicy", Some(404)), ErrorKind::NotFound);
        assert_eq!(classify("OptInRequired", Some(401)), ErrorKind::RegionDisabled);
        assert_eq!(classify("HttpStatus500", Some(500)), ErrorKind::Unavailable);
        assert_eq!(classify("InternalFailure", Some(500)), ErrorKind::Unavailable);
        assert_eq!(classify("Whatever", Some(400)), ErrorKind::Other);
        assert_eq!(classify("ThrottlingException", Some(400)), ErrorKind::Throttled);
        assert_eq!(classify("ResponseError", Some(500)), ErrorKind::Unavailable);
        assert_eq!(classify("ResponseError", None), ErrorKind::Transport);
        assert_eq!(classify("QueueDoesNotExist", Some(400)), ErrorKind::NotFound);
    }

    #[test]
    fn not_found_codes_are_sorted() {
        let mut sorted = NOT_FOUND_CODES.to_vec();
        sorted.sort();
        assert_eq!(sorted, NOT_FOUND_CODES);
    }
}
