//! CloudTrail collectors: trails, keyed by trail name (unique per account and region;
//! what CloudTrail's own `requestParameters.name` carries).

use super::Collector;

pub mod trail;

/// CloudTrail collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&trail::COLLECTOR];
