//! CloudTrail collectors: trails, keyed by trail name (unique per account and region;
//! what CloudTrail's own `requestParameters.name` carries).

use super::Collector;

pub mod trail;

/// CloudTrail collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&trail::COLLECTOR];

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
            assert!(!c.global && c.service == "cloudtrail", "{}", c.resource_type);
        }
    }
}
