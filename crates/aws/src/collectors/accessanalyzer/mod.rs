//! IAM Access Analyzer collectors: analyzers, keyed by name (unique per account and region).

use super::Collector;

pub mod analyzer;

/// Access Analyzer collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&analyzer::COLLECTOR];
