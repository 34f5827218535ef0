//! IAM Access Analyzer collectors: analyzers, keyed by name (unique per account and region).

use super::Collector;

pub mod analyzer;

/// Access Analyzer collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&analyzer::COLLECTOR];

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
            assert!(!c.global && c.service == "accessanalyzer", "{}", c.resource_type);
        }
    }
}
