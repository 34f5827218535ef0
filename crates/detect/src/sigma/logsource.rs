//! Which rules apply to CloudTrail records, from `data/logsources.yaml`.

use std::sync::OnceLock;

use rsigma_parser::LogSource;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Entry {
    product: Option<String>,
    service: Option<String>,
    category: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Table {
    cloudtrail: Vec<Entry>,
}

fn table() -> &'static [Entry] {
    static TABLE: OnceLock<Vec<Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Embedded at build time; the unit test below proves it parses.
        yaml_serde::from_str::<Table>(include_str!("../../data/logsources.yaml"))
            .map(|t| t.cloudtrail)
            .unwrap_or_default()
    })
}

/// Whether a rule with this logsource is evaluated against CloudTrail records.
pub(crate) fn is_cloudtrail(logsource: &LogSource) -> bool {
    let same = |want: &Option<String>, have: &Option<String>| match (want, have) {
        (Some(want), Some(have)) => want.eq_ignore_ascii_case(have),
        (None, None) => true,
        _ => false,
    };
    table().iter().any(|entry| {
        same(&entry.product, &logsource.product)
            && same(&entry.service, &logsource.service)
            && same(&entry.category, &logsource.category)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(product: Option<&str>, service: Option<&str>) -> LogSource {
        LogSource {
            product: product.map(str::to_string),
            service: service.map(str::to_string),
            ..LogSource::default()
        }
    }

    #[test]
    fn table_parses_and_filters() {
        assert_eq!(table().len(), 2);
        assert!(is_cloudtrail(&source(Some("aws"), Some("cloudtrail"))));
        assert!(is_cloudtrail(&source(Some("AWS"), None)));
        assert!(!is_cloudtrail(&source(Some("aws"), Some("cloudwatch"))));
        assert!(!is_cloudtrail(&source(Some("windows"), Some("security"))));
        assert!(!is_cloudtrail(&source(None, None)));
    }
}
