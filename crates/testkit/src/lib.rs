//! Test harness for Meerkat's AWS code: a real AWS API to test against without an AWS account,
//! and a fake one that only fails.
//!
//! [`Emulator`] runs [moto](https://docs.getmoto.org) — a Python emulator of the AWS APIs —
//! as a local server, one per test binary, and hands each test its own AWS account on it
//! ([`Emulator::new_account`]), so tests run in parallel without seeing each other's
//! resources. [`FailingEndpoint`] answers every request with `AccessDenied` or a server error
//! in the calling service's protocol, to test how failures are reported.
//!
//! The kit deliberately knows nothing of the AWS SDK: it gives out an endpoint URL and
//! credentials, and the crate under test builds its own clients, exactly as it would for AWS.
//! It speaks to moto with a few hand-written HTTP calls (account creation, reset).
//!
//! The main design choice is that moto is a child process the kit manages, not a service a
//! developer must start: `cargo test` alone installs it on first use (with
//! `scripts/setup-emulator.sh`, into `.venv/`), starts it on a free port, and the server exits
//! with the test process because it watches a pipe only that process holds.
//!
//! Everything here is blocking and quick (creating an account takes about 0.1 s), so async
//! tests call it directly.
#![deny(missing_docs)]

mod emulator;
mod error;
mod failing;
mod http;

pub use emulator::{Account, Emulator};
pub use error::Error;
pub use failing::{FailingEndpoint, FailureMode};
