//! Posture checks: judge each resource of the inventory against the policy pack and say
//! PASS, FAIL or NOT_ASSESSED, with reasons, evidence and framework controls.
//!
//! Checks are data: one Rego v1 file per check with an OPA `# METADATA` block
//! (`policies/aws/<service>/<check_id>.rego`), cases beside it, framework mappings in
//! `policies/frameworks/`. The built-in pack is embedded at build time; users add
//! folders with [`Engine::load_dir`]. See `docs/policy-authoring.md` for the contract.
//!
//! This crate knows resources ([`meerkat_model::Resource`]) and scope statuses, not where
//! they come from (no AWS SDK, no store) nor what happens to results (findings, mutes,
//! reports are the caller's). The main design choice is speed without giving up Rego as
//! the authoring language: each check is compiled once to a regorus RVM program, run by
//! one VM per worker thread; each resource is converted to a Rego value once, not per
//! check, together with `facts` derived in Rust (normalised policy statements with
//! public / cross-account / admin flags, world-open ingress, effective S3 public access
//! block) so that checks stay short and cheap; and what Rust can decide alone — a scope or
//! a required part that was not read — never reaches the VM and is NOT_ASSESSED, never
//! PASS. Account- and region-level checks run on `AWS::Account` and `AWS::Region`
//! resources that [`Inventory::new`] synthesises from the resources and scope statuses.
#![deny(missing_docs)]

pub mod cases;
mod convert;
mod engine;
mod error;
mod facts;
mod facts_iam;
mod facts_logging;
mod facts_network;
mod framework;
mod inventory;
mod metadata;
mod types;

pub use engine::{CheckResult, Engine, Evaluation, Fingerprints, Options, Status, Unchanged, DEFAULT_MAX_INSTRUCTIONS};
pub use error::Error;
pub use framework::{Assessment, Control, Framework};
pub use inventory::{Inventory, InventoryBuilder, ScopeStatus, ACCOUNT_SUMMARY_TYPES, REGION_SUMMARY_TYPES};
pub use metadata::{Check, Remediation};
pub use types::{is_known_type, ACCOUNT_TYPE, REGION_TYPE, RESOURCE_TYPES};

/// Pieces of the engine exposed for `examples/bench.rs` only; not a stable API.
#[doc(hidden)]
pub mod bench {
    use crate::{convert, facts, Inventory};

    /// Builds every resource's check input (facts + conversion) and drops it; returns how
    /// many were built.
    pub fn build_inputs(inventory: &Inventory) -> usize {
        let mut n = 0;
        for r in inventory.resources() {
            let input = convert::input(r, &facts::derive(r, &inventory.context));
            n += usize::from(input != regorus::Value::Undefined);
        }
        n
    }

    /// Derives every resource's facts only (no conversion); returns how many.
    pub fn derive_facts(inventory: &Inventory) -> usize {
        inventory.resources().iter().map(|r| usize::from(facts::derive(r, &inventory.context).is_object())).sum()
    }
}
