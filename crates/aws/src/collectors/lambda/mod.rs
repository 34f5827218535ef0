//! Lambda collectors: functions, keyed by function name (unique per account and region;
//! what CloudTrail's `requestParameters.functionName` carries).

use super::Collector;

pub mod function;

/// Lambda collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&function::COLLECTOR];
