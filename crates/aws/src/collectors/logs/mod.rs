//! CloudWatch Logs and CloudWatch alarm collectors: log groups, their metric filters, and
//! metric alarms — together they are the "log metric filter and alarm" controls of the CIS
//! benchmark (a trail's log group, a filter on it, an alarm on the filter's metric).
//!
//! Resource ids: log groups by name; metric filters by `<logGroupName>:<filterName>` (log
//! group names cannot contain `:`, filter names cannot either, so the pair is unambiguous);
//! alarms by name (unique per account and region).

use super::Collector;

pub mod alarm;
pub mod log_group;
pub mod metric_filter;

/// CloudWatch Logs and alarm collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&log_group::COLLECTOR, &metric_filter::COLLECTOR, &alarm::COLLECTOR];

/// The log group name of a log group ARN, with or without the `:*` that DescribeLogGroups
/// and CloudTrail append (`arn:aws:logs:us-east-1:123456789012:log-group:/app:*` → `/app`).
pub(crate) fn log_group_name(arn: &str) -> Option<&str> {
    let resource = arn.strip_prefix("arn:")?.splitn(5, ':').nth(4)?;
    let name = resource.strip_prefix("log-group:")?;
    let name = name.strip_suffix(":*").unwrap_or(name);
    Some(name).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_group_names_come_from_arns() {
        assert_eq!(log_group_name("arn:aws:logs:us-east-1:123456789012:log-group:/aws/trail:*"), Some("/aws/trail"));
        assert_eq!(log_group_name("arn:aws:logs:us-east-1:123456789012:log-group:app"), Some("app"));
        assert_eq!(log_group_name("arn:aws:s3:::bucket"), None);
        assert_eq!(log_group_name("/aws/trail"), None);
    }

}
