//! Integration tests of AWS discovery against the moto emulator: one binary, so the
//! AWS SDK is linked once. Each test works in its own emulated account.

mod common;

mod discovery;
mod ec2;
mod iam;
mod s3;
mod services;
