//! Posture reports: one row per (check, resource) verdict, rendered in the formats users
//! feed to people, CI, Security Hub and data lakes.
//!
//! The rows are built once by `meerkat scan` / `meerkat findings` from the engine's results
//! and the store's findings; every format here is a pure function of a [`Report`].

pub mod asff;
pub mod csv;
pub mod html;
pub mod ocsf;
// Used by `meerkat detect`, not by the posture report tests that compile this module.
#[cfg_attr(test, allow(dead_code))]
pub mod ocsf_detection;
pub mod sarif;

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use meerkat_model::{CheckStatus, Severity};
use serde::Serialize;

/// What to do about a failing check, in three tools.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Remediation {
    /// Console steps.
    pub console: String,
    /// AWS CLI commands.
    pub cli: String,
    /// Terraform.
    pub terraform: String,
}

/// One check's verdict on one resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultRow {
    /// The check id (`s3_bucket_public_read_policy`).
    pub check_id: String,
    /// The check's title.
    pub title: String,
    /// What the check looks for and why it matters.
    pub description: String,
    /// PASS, FAIL or NOT_ASSESSED.
    pub status: CheckStatus,
    /// Set when a mute rule covers a failure: the rule's reason.
    pub muted: Option<String>,
    /// The check's severity.
    pub severity: Severity,
    /// Resource type, CloudFormation spelling.
    pub resource_type: String,
    /// Resource id.
    pub resource_id: String,
    /// Resource ARN, when it has one.
    pub arn: Option<String>,
    /// Region, or `global`.
    pub region: String,
    /// Account id.
    pub account_id: String,
    /// Resource tags.
    pub tags: BTreeMap<String, String>,
    /// Framework id → control ids.
    pub frameworks: BTreeMap<String, Vec<String>>,
    /// How to fix it.
    pub remediation: Remediation,
    /// Reference URLs.
    pub references: Vec<String>,
    /// Why it failed or was not assessed.
    pub reasons: Vec<String>,
    /// The values that made it fail.
    pub evidence: Vec<serde_json::Value>,
    /// The stable finding id (also for passes: the id the finding has or would have).
    pub finding_id: String,
    /// When the finding was first seen open (failures only).
    pub first_seen: Option<DateTime<Utc>>,
    /// When a run last confirmed it.
    pub last_seen: DateTime<Utc>,
}

/// One control of a framework, with the verdicts of its checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlSummary {
    /// Control id (`2.1.1`).
    pub id: String,
    /// Control title.
    pub title: String,
    /// Section heading.
    pub section: String,
    /// Automated, manual, or unknown.
    pub assessment: String,
    /// Check ids mapped to it.
    pub checks: Vec<String>,
    /// Verdicts of those checks on all resources.
    pub passed: usize,
    /// Failures (muted ones excluded).
    pub failed: usize,
    /// Muted failures.
    pub muted: usize,
    /// Not assessed.
    pub not_assessed: usize,
}

/// A framework's controls with their verdicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameworkSummary {
    /// Framework id (`cis-aws-3.0`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Link to the standard.
    pub url: String,
    /// Every control, with or without checks.
    pub controls: Vec<ControlSummary>,
}

/// A whole posture report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// When the evaluation ran.
    pub generated_at: DateTime<Utc>,
    /// Meerkat's version.
    pub tool_version: String,
    /// Accounts covered.
    pub accounts: Vec<String>,
    /// Regions covered.
    pub regions: Vec<String>,
    /// Every verdict, failures first by severity.
    pub results: Vec<ResultRow>,
    /// Per-framework compliance.
    pub frameworks: Vec<FrameworkSummary>,
}

// Helpers the formats share. Every format is a pure function of a `Report`; these keep
// them agreeing on names, partitions and truncation.

/// The product name every format reports. There is no public home page yet, so formats
/// that could link one (SARIF `informationUri`) leave it out rather than invent it.
pub(crate) const PRODUCT_NAME: &str = "Meerkat";

impl Report {
    /// The framework summary of `id`, when the report carries one.
    pub(crate) fn framework(&self, id: &str) -> Option<&FrameworkSummary> {
        self.frameworks.iter().find(|f| f.id == id)
    }

    /// A framework's name as people quote it: `CIS Amazon Web Services Foundations
    /// Benchmark v3.0.0`, `… Revision 5`; the bare id when the report has no summary.
    pub(crate) fn standard_name(&self, id: &str) -> String {
        self.framework(id).map_or_else(|| id.to_string(), standard_name)
    }

    /// Every (framework, control) a row maps to, as `<standard name>/<control>`, in
    /// framework order.
    pub(crate) fn requirements(&self, row: &ResultRow) -> Vec<String> {
        row.frameworks
            .iter()
            .flat_map(|(framework, controls)| {
                let name = self.standard_name(framework);
                controls.iter().map(move |control| format!("{name}/{control}"))
            })
            .collect()
    }
}

impl ResultRow {
    /// Open failure, muted failure, pass or not assessed: the four states people filter on.
    pub(crate) fn state(&self) -> RowState {
        match (self.status, &self.muted) {
            (CheckStatus::Fail, Some(_)) => RowState::Muted,
            (CheckStatus::Fail, None) => RowState::Fail,
            (CheckStatus::Pass, _) => RowState::Pass,
            (CheckStatus::NotAssessed, _) => RowState::NotAssessed,
        }
    }

    /// The ARN when there is one, else the resource id.
    pub(crate) fn resource_uid(&self) -> &str {
        self.arn.as_deref().filter(|a| !a.is_empty()).unwrap_or(&self.resource_id)
    }

    /// The region, or `None` for global resources (IAM, account settings).
    pub(crate) fn regional(&self) -> Option<&str> {
        Some(self.region.as_str()).filter(|r| !r.is_empty() && *r != "global")
    }

    /// The AWS partition: from the ARN, else from the region's prefix.
    pub(crate) fn partition(&self) -> &'static str {
        if let Some(partition) =
            self.arn.as_deref().and_then(|a| a.strip_prefix("arn:")).and_then(|a| a.split(':').next())
        {
            if let Some(known) = PARTITIONS.iter().find(|p| **p == partition) {
                return known;
            }
        }
        partition_of_region(&self.region)
    }

    /// `cis-aws-3.0:2.1.1` for each control the row maps to.
    pub(crate) fn framework_controls(&self) -> Vec<String> {
        self.frameworks.iter().flat_map(|(f, controls)| controls.iter().map(move |c| format!("{f}:{c}"))).collect()
    }
}

/// What a row says, with muted failures apart from open ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum RowState {
    /// An open failure.
    Fail,
    /// A failure a mute rule covers.
    Muted,
    /// Could not be read: never a pass.
    NotAssessed,
    /// Complies.
    Pass,
}

impl RowState {
    /// Lower-case token for filters and CSS classes.
    pub(crate) fn token(self) -> &'static str {
        match self {
            Self::Fail => "fail",
            Self::Muted => "muted",
            Self::NotAssessed => "not_assessed",
            Self::Pass => "pass",
        }
    }

    /// For people.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Fail => "Fail",
            Self::Muted => "Muted",
            Self::NotAssessed => "Not assessed",
            Self::Pass => "Pass",
        }
    }
}

/// The partitions whose ARNs Meerkat may meet.
const PARTITIONS: &[&str] =
    &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/// A framework's name and version as people quote them: `… Benchmark v3.0.0`, `… Revision 5`.
pub(crate) fn standard_name(framework: &FrameworkSummary) -> String {
    match framework.version.as_str() {
        "" => framework.name.clone(),
        v if v.starts_with(|c: char| c.is_ascii_digit()) => format!("{} v{v}", framework.name),
        v => format!("{} {v}", framework.name),
    }
}

/// The partition of a region by its prefix (`cn-north-1` → `aws-cn`); `aws` for the rest
/// and for `global`.
pub(crate) fn partition_of_region(region: &str) -> &'static str {
    // Longest prefixes first: `us-isob-` before `us-iso-`.
    const BY_PREFIX: &[(&str, &str)] = &[
        ("cn-", "aws-cn"),
        ("us-gov-", "aws-us-gov"),
        ("us-isob-", "aws-iso-b"),
        ("us-iso-", "aws-iso"),
        ("eu-isoe-", "aws-iso-e"),
        ("us-isof-", "aws-iso-f"),
    ];
    BY_PREFIX.iter().find(|(prefix, _)| region.starts_with(prefix)).map_or("aws", |(_, p)| p)
}

/// The service of a CloudFormation type: `AWS::S3::Bucket` → `S3`.
pub(crate) fn service_of(resource_type: &str) -> &str {
    resource_type.split("::").nth(1).filter(|s| !s.is_empty()).unwrap_or(resource_type)
}

/// At most `max` characters (not bytes), ending in `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// RFC 3339 in UTC with milliseconds, as AWS APIs print times.
pub(crate) fn rfc3339(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The remediation as one text: console steps, then CLI, then Terraform, each labelled.
pub(crate) fn remediation_text(remediation: &Remediation) -> String {
    [("", &remediation.console), ("AWS CLI: ", &remediation.cli), ("Terraform: ", &remediation.terraform)]
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(label, text)| format!("{label}{}", text.trim()))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Severities from the worst down.
pub(crate) const SEVERITIES: [Severity; 5] =
    [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Informational];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_characters_and_marks_the_cut() {
        assert_eq!(truncate("héllo", 5), "héllo");
        assert_eq!(truncate("héllo wörld", 6), "héllo…");
        assert_eq!(truncate("héllo wörld", 6).chars().count(), 6);
    }

    #[test]
    fn partitions_come_from_the_arn_then_the_region() {
        assert_eq!(partition_of_region("cn-northwest-1"), "aws-cn");
        assert_eq!(partition_of_region("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of_region("us-isob-east-1"), "aws-iso-b");
        assert_eq!(partition_of_region("global"), "aws");
        assert_eq!(service_of("AWS::EC2::SecurityGroup"), "EC2");
        assert_eq!(service_of("odd"), "odd");
    }
}
