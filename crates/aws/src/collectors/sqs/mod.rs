//! SQS collectors: queues, keyed by queue name (unique per account and region). The
//! queue URL is not used as the id: its host differs between the legacy
//! (`queue.amazonaws.com`) and current (`sqs.<region>.amazonaws.com`) endpoints for the
//! same queue, and CloudTrail events name the queue by URL, whose last segment is the name.

use super::Collector;

pub mod queue;

/// SQS collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&queue::COLLECTOR];

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
            assert!(!c.global && c.service == "sqs", "{}", c.resource_type);
        }
    }
}
