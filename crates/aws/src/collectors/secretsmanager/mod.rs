//! Secrets Manager collectors: secrets, keyed by ARN (a name can be reused after a
//! deletion; the ARN's random suffix tells the two secrets apart).

use super::Collector;

pub mod secret;

/// Secrets Manager collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&secret::COLLECTOR];

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
                assert!(!list.iter().any(|a| a.contains("GetSecretValue")), "secret values are never read");
            }
            assert!(!c.global && c.service == "secretsmanager", "{}", c.resource_type);
        }
    }
}
