//! GuardDuty collectors: detectors, keyed by detector id (a region has at most one).

use super::Collector;

pub mod detector;

/// GuardDuty collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&detector::COLLECTOR];

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
            assert!(!c.global && c.service == "guardduty", "{}", c.resource_type);
        }
    }
}
