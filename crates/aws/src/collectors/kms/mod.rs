//! KMS collectors: keys, customer managed and AWS managed.
//!
//! Keys are identified by their key id (`1234abcd-…`, `mrk-…` for multi-Region keys);
//! every `uses_kms_key` edge of this crate targets that id, see [`key_id`].

use super::Collector;

pub mod key;

/// KMS collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&key::COLLECTOR];

/// The key id named by a KMS key reference as other services store it: a key ARN
/// (`arn:aws:kms:…:key/<id>`) or a bare key id. Aliases (`alias/aws/sqs`, alias ARNs)
/// name no key until resolved through `kms:ListAliases`, so they give `None`: the
/// reference stays in the configuration, and the key collector's `Aliases` lets a
/// later stage resolve it.
pub(crate) fn key_id(reference: &str) -> Option<String> {
    let reference = reference.trim();
    if reference.is_empty() {
        return None;
    }
    if reference.starts_with("arn:") {
        let resource = reference.splitn(6, ':').nth(5)?;
        return resource.strip_prefix("key/").filter(|id| !id.is_empty()).map(str::to_owned);
    }
    if reference.starts_with("alias/") || reference.contains(':') || reference.contains('/') {
        return None;
    }
    Some(reference.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_references_resolve_to_key_ids() {
        assert_eq!(key_id("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab").as_deref(), Some("1234abcd-12ab"));
        assert_eq!(key_id("arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-1a2b").as_deref(), Some("mrk-1a2b"));
        assert_eq!(key_id("1234abcd-12ab").as_deref(), Some("1234abcd-12ab"));
        assert_eq!(key_id("alias/aws/sqs"), None);
        assert_eq!(key_id("arn:aws:kms:us-east-1:123456789012:alias/data"), None);
        assert_eq!(key_id(""), None);
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
            assert!(!c.global && c.service == "kms", "{}", c.resource_type);
        }
    }
}
