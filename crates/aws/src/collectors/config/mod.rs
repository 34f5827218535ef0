//! AWS Config collectors: the configuration recorder, keyed by its name (`default` for
//! recorders made by the console).

use super::Collector;

pub mod configuration_recorder;

/// AWS Config collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&configuration_recorder::COLLECTOR];

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
            assert!(!c.global && c.service == "config", "{}", c.resource_type);
        }
    }
}
