//! Detection over the audit trail: CloudTrail records in, matches of Sigma rules out.
//!
//! The crate's one job is the event pipeline of DESIGN §1: read CloudTrail records
//! from files, folders and standard input ([`source`]), and evaluate Sigma rules
//! against them ([`sigma`]). It deliberately knows nothing of AWS APIs (the S3 and
//! SQS sources live in `meerkat-aws` and feed [`source::read_stream`]), nor of the
//! store (states and statistics are serialisable so the caller can save them), nor
//! of how findings are shown.
//!
//! The main design choice is to wrap `rsigma-eval` instead of writing a Sigma
//! engine: Meerkat's part is what happens before a rule reaches the engine — a
//! rule loader that gives one clear error per rule, and rule transforms
//! ([`sigma::transforms::TRANSFORMS`]) that fill placeholders, rewrite the old
//! aggregation syntax into correlations, and correct what the pinned release gets
//! wrong (`base64offset`, the default condition of `temporal` correlations) — and,
//! on the input side, streaming records one at a time so memory stays flat however
//! large the input (a 385 MB delivery file reads in under 8 MB).
//!
//! Threat intel ([`intel`]) is here too, as the one place every detector (CloudTrail
//! now, flow logs next) looks addresses up in indicator lists.
//!
//! Identity baselines ([`baseline`]) learn what each principal usually does and report
//! departures as scored anomalies; [`tuning`] is the file of exceptions (rules off,
//! rules silenced for some events, trusted callers), each with its reason.
#![deny(missing_docs)]

pub mod baseline;
mod error;
mod event;
pub mod intel;
pub mod sigma;
pub mod source;
pub mod tuning;

pub use error::{Error, RuleProblem};
pub use event::{Event, Origin, SessionIssuer, UserIdentity, View};
