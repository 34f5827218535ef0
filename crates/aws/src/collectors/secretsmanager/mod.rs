//! Secrets Manager collectors: secrets, keyed by ARN (a name can be reused after a
//! deletion; the ARN's random suffix tells the two secrets apart).

use super::Collector;

pub mod secret;

/// Secrets Manager collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&secret::COLLECTOR];
