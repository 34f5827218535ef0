//! Sigma rules over CloudTrail records, on `rsigma-eval`.
//!
//! A [`Loader`] reads rule files and folders, rejects each bad rule with its own
//! [`Error::Rule`](crate::Error::Rule) (file, rule id, what is wrong), runs the
//! [`transforms`] and keeps the rules whose logsource is CloudTrail. Its
//! [`Loader::finish`] gives a [`RuleSet`] — the compiled rules, stateless
//! ([`RuleSet::evaluate`]) or with correlation state over `eventTime`
//! ([`RuleSet::process`]) — and a [`LoadReport`].

mod loader;
mod logsource;
mod rules;
pub mod transforms;

pub use loader::{LoadOptions, LoadReport, LoadedRule, Loader, RuleKind};
pub use rules::{CorrelationMatch, CorrelationState, Match, RuleSet, MAX_GROUP_ENTRIES};
