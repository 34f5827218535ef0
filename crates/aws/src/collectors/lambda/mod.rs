//! Lambda collectors: functions, keyed by function name (unique per account and region;
//! what CloudTrail's `requestParameters.functionName` carries).

use super::Collector;

pub mod function;

/// Lambda collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&function::COLLECTOR];

/// The role name of an IAM role ARN (`arn:aws:iam::123456789012:role/path/name` →
/// `name`), the id the IAM collectors key roles by; `None` for anything else. Shared by
/// the collectors of this area that point at roles (Lambda, RDS, CloudTrail, Config).
pub(crate) fn role_name(arn: &str) -> Option<&str> {
    let resource = arn.strip_prefix("arn:")?.splitn(5, ':').nth(4)?;
    let path = resource.strip_prefix("role/")?;
    path.rsplit('/').next().filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_come_from_role_arns_only() {
        assert_eq!(role_name("arn:aws:iam::123456789012:role/app"), Some("app"));
        assert_eq!(role_name("arn:aws:iam::123456789012:role/service-role/x/app-role"), Some("app-role"));
        assert_eq!(role_name("arn:aws-us-gov:iam::123456789012:role/a"), Some("a"));
        assert_eq!(role_name("arn:aws:iam::123456789012:user/alice"), None);
        assert_eq!(role_name("app"), None);
        assert_eq!(role_name("arn:aws:iam::123456789012:role/"), None);
    }

    #[test]
    fn declarations_are_sorted_and_unique() {
        for c in COLLECTORS {
            for list in [c.refresh_events, c.iam_actions] {
                let mut sorted = list.to_vec();
                sorted.sort_unstable();
                sorted.dedup();
                assert_eq!(sorted, list, "{}", c.resource_type);
            }
            assert!(!c.global && c.service == "lambda", "{}", c.resource_type);
        }
    }
}
