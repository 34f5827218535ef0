//! KMS collectors: keys, customer managed and AWS managed.
//!
//! Keys are identified by their key id (`1234abcd-…`, `mrk-…` for multi-Region keys);
//! every `uses_kms_key` edge of this crate targets that id (see `references::kms_key_id`).

use super::Collector;

pub mod key;

/// KMS collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&key::COLLECTOR];
