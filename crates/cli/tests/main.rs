//! End-to-end tests of the `meerkat` binary against the moto emulator: the commands a
//! user types, their output formats and exit codes.

mod common;

mod cli;
mod detect;
mod report;
mod posture;
mod trail;
