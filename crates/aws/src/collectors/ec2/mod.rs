//! EC2 and VPC collectors.
//!
//! Relationship targets are keyed as each target's collector keys it: EC2 and VPC resources
//! by their id (`i-…`, `subnet-…`, `vol-…`, `eipalloc-…`); IAM instance profiles and roles by
//! name; KMS keys by key id (through `references::kms_key_id`, so an alias gives no edge); CloudWatch
//! log groups and S3 buckets by name.

use aws_sdk_ec2::types::{GroupIdentifier, ProductCode};
use serde_json::Value;

use super::prelude::{list, obj, s};
use super::Collector;

pub mod ebs_encryption_by_default;
pub mod eip;
pub mod flow_log;
pub mod image;
pub mod instance;
pub mod internet_gateway;
pub mod nat_gateway;
pub mod network_acl;
pub mod network_interface;
pub mod route_table;
pub mod security_group;
pub mod snapshot;
pub mod subnet;
pub mod volume;
pub mod vpc;

/// EC2 collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[
    &security_group::COLLECTOR,
    &vpc::COLLECTOR,
    &subnet::COLLECTOR,
    &route_table::COLLECTOR,
    &internet_gateway::COLLECTOR,
    &nat_gateway::COLLECTOR,
    &network_acl::COLLECTOR,
    &network_interface::COLLECTOR,
    &eip::COLLECTOR,
    &instance::COLLECTOR,
    &volume::COLLECTOR,
    &snapshot::COLLECTOR,
    &image::COLLECTOR,
    &ebs_encryption_by_default::COLLECTOR,
    &flow_log::COLLECTOR,
];

/// EC2 tags to the model's sorted map.
pub(crate) fn ec2_tags(tags: &[aws_sdk_ec2::types::Tag]) -> std::collections::BTreeMap<String, String> {
    super::prelude::tags(tags.iter().map(|t| (t.key(), t.value())))
}

/// The `Name` tag, which the EC2 console shows as the resource's name.
pub(crate) fn name_tag(tags: &std::collections::BTreeMap<String, String>) -> Option<String> {
    tags.get("Name").cloned()
}

/// An id field that may be set but empty: some answers (moto's DescribeAddresses for an
/// address without an instance) carry `<instanceId/>`, which must not become an edge.
pub(crate) fn some_id(value: Option<&str>) -> Option<&str> {
    value.filter(|id| !id.is_empty())
}

/// Security groups as `[{GroupId, GroupName}]`.
pub(crate) fn group_list(groups: &[GroupIdentifier]) -> Value {
    list(groups, |g| obj! { "GroupId" => s(g.group_id()), "GroupName" => s(g.group_name()) })
}

/// Product codes as `[{ProductCodeId, ProductCodeType}]`.
pub(crate) fn product_code_list(codes: &[ProductCode]) -> Value {
    list(codes, |p| obj! { "ProductCodeId" => s(p.product_code_id()), "ProductCodeType" => s(p.product_code_type()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_ids_are_none() {
        assert_eq!(some_id(Some("")), None);
        assert_eq!(some_id(Some("i-1")), Some("i-1"));
        assert_eq!(some_id(None), None);
    }
}
