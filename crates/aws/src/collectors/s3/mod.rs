//! S3 collectors.

use super::Collector;

pub mod account_public_access_block;
pub mod bucket;

/// S3 collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&bucket::COLLECTOR, &account_public_access_block::COLLECTOR];
