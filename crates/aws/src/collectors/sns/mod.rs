//! SNS collectors: topics, keyed by topic ARN (what CloudFormation's `Ref` returns and
//! what alarms, trails and subscriptions name them by).

use super::Collector;

pub mod topic;

/// SNS collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&topic::COLLECTOR];

#[cfg(test)]
mod tests {
    use super::COLLECTORS;

    #[test]
    fn declarations_are_sorted_and_unique() {
        for c in COLLECTORS {
            for list in [c.refresh_events, c.iam_actions] {
                let mut sorted = list.to_vec();
                sorted.sort_unstable();
                sorted.dedup();
                assert_eq!(sorted, list, "{}", c.resource_type);
            }
            assert!(!c.global && c.service == "sns", "{}", c.resource_type);
        }
    }
}
