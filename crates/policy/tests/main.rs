//! The policy crate's one integration-test binary.

// Every case of the built-in pack, and the pack's registry-wide rules.
mod pack;
// Loading user policy folders: good ones, and broken ones reported by file and line.
mod user_dirs;
