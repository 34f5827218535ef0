//! Everything the author of a new transform needs.

pub use std::collections::BTreeMap;

pub use rsigma_parser::{Detection, DetectionItem, Modifier, SigmaRule, SigmaString, SigmaValue};
pub use yaml_serde::Value as YamlValue;

pub use super::{rewrite_items, Context, Transform};
pub use crate::RuleProblem;
