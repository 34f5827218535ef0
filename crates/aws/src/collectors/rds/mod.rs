//! RDS collectors: DB instances, DB subnet groups and DB snapshots.
//!
//! Resource ids, which relationships elsewhere rely on: instances by
//! `DBInstanceIdentifier`, subnet groups by `DBSubnetGroupName`, snapshots by
//! `DBSnapshotIdentifier` (all unique per account and region, and what CloudTrail's
//! `requestParameters` carry, so an event maps to its resource without a lookup).

use aws_sdk_rds::types::Tag;

use super::prelude::*;
use super::Collector;

pub mod db_instance;
pub mod db_snapshot;
pub mod db_subnet_group;

/// RDS collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&db_instance::COLLECTOR, &db_subnet_group::COLLECTOR, &db_snapshot::COLLECTOR];

/// RDS tags to the model's sorted map.
pub(crate) fn rds_tags(tags: &[Tag]) -> BTreeMap<String, String> {
    super::prelude::tags(tags.iter().map(|t| (t.key(), t.value())))
}

/// `TagList` as the API shows it.
pub(crate) fn tag_list(tags: &[Tag]) -> Value {
    list(tags, |t| obj! { "Key" => s(t.key()), "Value" => s(t.value()) })
}
