//! Security Hub collectors: the hub of each region (one at most, when enabled).

use super::Collector;

pub mod hub;

/// Security Hub collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&hub::COLLECTOR];
