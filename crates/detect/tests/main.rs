//! The one integration-test binary of meerkat-detect (each extra binary would link
//! the whole crate graph again).

mod baseline;
mod builtin;
mod conformance;
mod correlation;
mod sigmahq;
mod sources;
mod tuning;
