//! AWS Config collectors: the configuration recorder, keyed by its name (`default` for
//! recorders made by the console).

use super::Collector;

pub mod configuration_recorder;

/// AWS Config collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&configuration_recorder::COLLECTOR];
