//! The one integration-test binary of meerkat-detect (each extra binary would link
//! the whole crate graph again).

mod builtin;
mod conformance;
mod correlation;
mod sigmahq;
mod sources;
