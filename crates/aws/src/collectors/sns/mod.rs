//! SNS collectors: topics, keyed by topic ARN (what CloudFormation's `Ref` returns and
//! what alarms, trails and subscriptions name them by).

use super::Collector;

pub mod topic;

/// SNS collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&topic::COLLECTOR];
