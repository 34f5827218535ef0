//! GuardDuty collectors: detectors, keyed by detector id (a region has at most one).

use super::Collector;

pub mod detector;

/// GuardDuty collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&detector::COLLECTOR];
