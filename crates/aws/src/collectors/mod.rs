//! The collector family: one file per resource type, registered once in its service's
//! `COLLECTORS` slice; [`SERVICES`] lists the services.
//!
//! A collector declares its CloudFormation-style type, the IAM actions it calls and the
//! CloudTrail events that change what it reads; it receives the scan context and a scope
//! and returns every resource of that scope, or the error that kept it from listing them.
//! Errors on optional parts of one resource go into that resource's `not_assessed`.

use std::future::Future;
use std::pin::Pin;

use meerkat_model::{Resource, Scope};

use crate::context::ScanContext;
use crate::error::ApiError;

pub mod prelude;
mod references;

pub mod accessanalyzer;
pub mod cloudtrail;
pub mod config;
pub mod ec2;
pub mod elbv2;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod rds;
pub mod s3;
pub mod secretsmanager;
pub mod securityhub;
pub mod sns;
pub mod sqs;

/// What a collection of one scope returns: all its resources, or why it could not list them.
pub type CollectResult = Result<Vec<Resource>, ApiError>;

/// The future a collector returns.
pub type CollectFuture<'a> = Pin<Box<dyn Future<Output = CollectResult> + Send + 'a>>;

/// One resource type's collector.
#[derive(Debug)]
pub struct Collector {
    /// Type in CloudFormation / AWS Config spelling, e.g. `AWS::EC2::SecurityGroup`.
    pub resource_type: &'static str,
    /// Service id used for endpoints and limits, e.g. `ec2`.
    pub service: &'static str,
    /// Listed once per account (IAM, S3 buckets, account settings) rather than per region.
    pub global: bool,
    /// IAM actions the collector calls; the read-only policy is built from these.
    pub iam_actions: &'static [&'static str],
    /// CloudTrail `eventName`s after which this type should be read again.
    pub refresh_events: &'static [&'static str],
    /// Lists every resource of the scope.
    pub collect: for<'a> fn(&'a ScanContext, &'a Scope) -> CollectFuture<'a>,
}

/// Every service's collectors, in the order discovery schedules them.
pub const SERVICES: &[&[&Collector]] = &[
    ec2::COLLECTORS,
    s3::COLLECTORS,
    iam::COLLECTORS,
    rds::COLLECTORS,
    lambda::COLLECTORS,
    kms::COLLECTORS,
    cloudtrail::COLLECTORS,
    sqs::COLLECTORS,
    sns::COLLECTORS,
    elbv2::COLLECTORS,
    logs::COLLECTORS,
    config::COLLECTORS,
    guardduty::COLLECTORS,
    securityhub::COLLECTORS,
    secretsmanager::COLLECTORS,
    accessanalyzer::COLLECTORS,
];

/// All collectors.
pub fn all() -> impl Iterator<Item = &'static Collector> {
    SERVICES.iter().flat_map(|service| service.iter().copied())
}

/// Actions discovery needs beyond its collectors': who am I, and which regions are on.
const DISCOVERY_ACTIONS: &[&str] = &["ec2:DescribeRegions", "sts:GetCallerIdentity"];

/// The minimal read-only IAM policy for a full discovery: every collector's actions.
pub fn read_only_policy() -> serde_json::Value {
    let mut actions: Vec<&str> = all().flat_map(|c| c.iam_actions.iter().copied()).chain(DISCOVERY_ACTIONS.iter().copied()).collect();
    actions.sort_unstable();
    actions.dedup();
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "MeerkatDiscoveryReadOnly", "Effect": "Allow", "Action": actions, "Resource": "*"}],
    })
}

/// The collector of `resource_type`, if there is one.
pub fn find(resource_type: &str) -> Option<&'static Collector> {
    all().find(|c| c.resource_type == resource_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Types that CloudFormation has no resource for, named in the same spelling.
    /// Every other collector type must be a real CloudFormation type.
    const MEERKAT_DEFINED_TYPES: &[&str] = &[
        "AWS::EC2::EbsEncryptionByDefault",
        "AWS::EC2::Image",
        "AWS::EC2::Snapshot",
        "AWS::IAM::AccountPasswordPolicy",
        "AWS::IAM::AccountSummary",
        "AWS::IAM::CredentialReport",
        "AWS::RDS::DBSnapshot",
        "AWS::S3::AccountPublicAccessBlock",
    ];

    fn cloudformation_types() -> BTreeSet<&'static str> {
        include_str!("../../data/cloudformation_types.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
    }

    #[test]
    fn every_type_is_a_cloudformation_type_or_declared_meerkat_defined() {
        let cfn = cloudformation_types();
        let bad: Vec<_> = all()
            .map(|c| c.resource_type)
            .filter(|t| !cfn.contains(t) && !MEERKAT_DEFINED_TYPES.contains(t))
            .collect();
        assert!(bad.is_empty(), "not CloudFormation types: {bad:?}");
    }

    #[test]
    fn every_collector_declares_iam_actions_of_its_service() {
        for c in all() {
            assert!(!c.iam_actions.is_empty(), "{} declares no IAM actions", c.resource_type);
            for action in c.iam_actions {
                assert!(action.contains(':') && !action.contains('*'), "{}: {action} is not a precise IAM action", c.resource_type);
            }
        }
    }

    #[test]
    fn declarations_are_sorted_and_unique() {
        for c in all() {
            for list in [c.refresh_events, c.iam_actions] {
                let mut sorted = list.to_vec();
                sorted.sort_unstable();
                sorted.dedup();
                assert_eq!(sorted, list, "{}: keep declarations sorted and unique", c.resource_type);
            }
        }
    }

    #[test]
    fn types_are_unique() {
        let mut seen = BTreeSet::new();
        for c in all() {
            assert!(seen.insert(c.resource_type), "{} has two collectors", c.resource_type);
        }
    }

    #[test]
    fn committed_read_only_policy_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/iam/read-only.json");
        let fresh = serde_json::to_string_pretty(&read_only_policy()).unwrap() + "\n";
        if std::env::var_os("MEERKAT_BLESS").is_some() {
            std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
            std::fs::write(path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(committed == fresh, "docs/iam/read-only.json is stale: run `MEERKAT_BLESS=1 cargo test -p meerkat-aws committed_read_only_policy_is_current`");
    }

    #[test]
    fn meerkat_defined_types_are_sorted() {
        let mut sorted = MEERKAT_DEFINED_TYPES.to_vec();
        sorted.sort();
        assert_eq!(sorted, MEERKAT_DEFINED_TYPES);
    }
}
