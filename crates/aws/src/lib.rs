//! AWS discovery: read every resource of an account through the official AWS SDK and
//! return it in Meerkat's provider-neutral [`meerkat_model::Resource`] shape.
//!
//! This crate knows the AWS APIs and nothing of storage, policies or output: discovery
//! hands each completed scope (one resource type in one account and region) to the
//! caller, who commits it. The main design choice is that partial failure is a value: a
//! scope that cannot be listed is a [`ScopeOutcome::Failed`] naming the service, region
//! and AWS error code, and a part of one resource that cannot be read (a bucket policy
//! behind AccessDenied) is recorded in that resource's `not_assessed`, so that nothing
//! unread is ever mistaken for "absent" or "deleted". SDK types never leave this crate.
#![deny(missing_docs)]
// ApiError carries its subject (service, operation, region, code, message) and is built
// once per failed call, off any hot path; boxing it would only add noise to collectors.
#![allow(clippy::result_large_err)]

pub mod collectors;
mod context;
mod discover;
mod error;
pub mod trail;

pub use collectors::{Collector, SERVICES};
pub use context::ScanContext;
pub use discover::{Discovery, Options, Regions, RunStats, ScopeOutcome, StaticCredentials};
pub use error::{ApiError, Error, ErrorKind};
