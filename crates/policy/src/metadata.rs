//! The `# METADATA` block of a check: OPA's annotation format (YAML in comments right
//! above `package`), with Meerkat's fields under `custom`, so that `opa check`,
//! `opa inspect -a` and Regal read the files unchanged.

use std::collections::BTreeMap;

use meerkat_model::Severity;
use serde::{Deserialize, Serialize};

use crate::types::{is_known_type, suggest_type};
use crate::Error;

/// How to fix a failing resource, in the three places people fix things.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    /// Steps in the AWS console.
    #[serde(default)]
    pub console: String,
    /// An AWS CLI command (placeholders in angle brackets).
    #[serde(default)]
    pub cli: String,
    /// The Terraform resource argument that fixes it.
    #[serde(default)]
    pub terraform: String,
}

/// Everything a check declares about itself; the Rego logic is compiled apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// `<service>_<resource>_<condition>`, equal to the file stem.
    pub id: String,
    /// One line for people.
    pub title: String,
    /// What is checked and why it matters.
    pub description: String,
    /// How bad a failure is.
    pub severity: Severity,
    /// The CloudFormation types the check applies to (it runs on no other).
    pub resource_types: Vec<String>,
    /// Dotted paths the check needs (`supplementary.BucketPolicy`): when one was not
    /// read (named in the resource's `not_assessed`) or is absent, the engine reports
    /// NOT_ASSESSED without running the check.
    pub requires: Vec<String>,
    /// How to fix it.
    pub remediation: Remediation,
    /// Documentation URLs.
    pub references: Vec<String>,
    /// Framework id (`cis-aws-3.0`, `nist-800-53-r5`, `pci-dss-4.0`) → control ids.
    pub frameworks: BTreeMap<String, Vec<String>>,
    /// Where the check was loaded from (`builtin:aws/s3/x.rego` or a file path).
    pub file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    related_resources: Vec<RelatedResource>,
    #[serde(default)]
    authors: Option<yaml_serde::Value>,
    #[serde(default)]
    organizations: Option<yaml_serde::Value>,
    #[serde(default)]
    schemas: Option<yaml_serde::Value>,
    custom: Option<Custom>,
}

/// OPA allows either a bare URL or `{ref, description}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RelatedResource {
    Url(String),
    Ref {
        #[serde(rename = "ref")]
        url: String,
        #[allow(dead_code)]
        #[serde(default)]
        description: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Custom {
    id: Option<String>,
    severity: Option<String>,
    #[serde(default)]
    resource_types: Vec<String>,
    #[serde(default)]
    requires: Vec<String>,
    remediation: Option<Remediation>,
    #[serde(default)]
    frameworks: BTreeMap<String, Vec<FlexId>>,
}

/// Control ids are strings, but YAML reads `1.10` as the number 1.1: numbers are taken
/// only to refuse them with a message that says to quote.
#[derive(Deserialize)]
#[serde(untagged)]
enum FlexId {
    Text(String),
    Number(yaml_serde::Number),
}

impl FlexId {
    fn into_string(self, file: &str, framework: &str) -> Result<String, Error> {
        match self {
            FlexId::Text(s) => Ok(s),
            FlexId::Number(n) => Err(meta(file, format!("{framework}: control id {n} is a YAML number; quote it (\"{n}\"), as `1.10` would read as 1.1"))),
        }
    }
}

/// The YAML of the `# METADATA` comment block, and the 1-based line of `package`.
pub(crate) struct Header {
    pub yaml: String,
    pub package: String,
    pub package_line: u32,
}

/// Finds the METADATA block and the package line. The block is the run of comment lines
/// starting with `# METADATA`; OPA requires it to end right before what it annotates,
/// and Meerkat's annotations are package-scoped.
pub(crate) fn header(file: &str, text: &str) -> Result<Header, Error> {
    let mut yaml = None::<String>;
    let mut in_block = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if in_block {
            if let Some(rest) = trimmed.strip_prefix('#') {
                let body = rest.strip_prefix(' ').unwrap_or(rest);
                if let Some(y) = yaml.as_mut() {
                    y.push_str(body);
                    y.push('\n');
                }
                continue;
            }
            in_block = false;
        }
        if trimmed == "# METADATA" {
            if yaml.is_some() {
                return Err(meta(file, "more than one METADATA block; checks take one, package-scoped"));
            }
            yaml = Some(String::new());
            in_block = true;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("package ") {
            let yaml = yaml.ok_or_else(|| meta(file, "no `# METADATA` block before `package`"))?;
            return Ok(Header {
                yaml,
                package: rest.trim().to_owned(),
                package_line: u32::try_from(index + 1).unwrap_or(u32::MAX),
            });
        }
    }
    Err(meta(file, "no `package` line"))
}

fn meta(file: &str, message: impl Into<String>) -> Error {
    Error::Metadata { file: file.to_owned(), message: message.into() }
}

/// Parses and validates the METADATA of the check in `file` (`stem` is the file name
/// without `.rego`).
pub(crate) fn parse(file: &str, stem: &str, text: &str) -> Result<Check, Error> {
    let header = header(file, text)?;
    let raw: Raw = yaml_serde::from_str(&header.yaml).map_err(|e| meta(file, format!("not valid YAML: {e}")))?;
    let _ = (&raw.authors, &raw.organizations, &raw.schemas);
    if let Some(scope) = &raw.scope {
        if scope != "package" {
            return Err(meta(file, format!("scope must be `package` (the check is the package), not {scope:?}")));
        }
    }
    let custom = raw.custom.ok_or_else(|| meta(file, "no `custom:` section (id, severity, resource_types, remediation, frameworks)"))?;
    let id = custom.id.ok_or_else(|| meta(file, "missing custom.id"))?;
    if id != stem {
        return Err(meta(file, format!("custom.id {id:?} is not the file stem {stem:?}")));
    }
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return Err(meta(file, format!("id {id:?} must be lowercase letters, digits and `_` (`<service>_<resource>_<condition>`)")));
    }
    let expected_package = format!("meerkat.checks.{id}");
    if header.package != expected_package {
        return Err(Error::Rego {
            file: file.to_owned(),
            line: header.package_line,
            message: format!("package must be `{expected_package}`, not `{}`", header.package),
        });
    }
    let title = raw.title.filter(|t| !t.trim().is_empty()).ok_or_else(|| meta(file, "missing title"))?;
    let description = raw.description.unwrap_or_default();
    let severity_text = custom.severity.ok_or_else(|| meta(file, "missing custom.severity"))?;
    // The model's parser also takes "info"; the file format is strict so that a grep for
    // a severity finds every check of it.
    if !matches!(severity_text.as_str(), "informational" | "low" | "medium" | "high" | "critical") {
        return Err(meta(file, format!("unknown severity {severity_text:?} (informational, low, medium, high, critical)")));
    }
    let severity: Severity = severity_text.parse().map_err(|e: String| meta(file, e))?;
    if custom.resource_types.is_empty() {
        return Err(meta(file, "custom.resource_types is empty: a check must name the types it applies to"));
    }
    for t in &custom.resource_types {
        if !is_known_type(t) {
            let hint = suggest_type(t).map(|s| format!("; did you mean {s}?")).unwrap_or_default();
            return Err(meta(file, format!("unknown resource type {t:?}{hint}")));
        }
    }
    for path in &custom.requires {
        let ok = path == "tags"
            || path.strip_prefix("configuration.").or_else(|| path.strip_prefix("supplementary.")).is_some_and(|rest| !rest.is_empty());
        if !ok {
            return Err(meta(file, format!("requires entry {path:?} must be `configuration.<Field>`, `supplementary.<Key>` or `tags`")));
        }
    }
    let mut frameworks = BTreeMap::new();
    for (framework, ids) in custom.frameworks {
        let ids = ids.into_iter().map(|i| i.into_string(file, &framework)).collect::<Result<Vec<_>, _>>()?;
        frameworks.insert(framework, ids);
    }
    Ok(Check {
        id,
        title: title.trim().to_owned(),
        description: description.trim().to_owned(),
        severity,
        resource_types: custom.resource_types,
        requires: custom.requires,
        remediation: custom.remediation.unwrap_or_default(),
        references: raw
            .related_resources
            .into_iter()
            .map(|r| match r {
                RelatedResource::Url(u) | RelatedResource::Ref { url: u, .. } => u,
            })
            .collect(),
        frameworks,
        file: file.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# METADATA\n# title: Buckets are versioned\n# description: Versioning keeps old objects.\n# scope: package\n# related_resources:\n#   - https://docs.aws.amazon.com/x\n#   - ref: https://example.com/y\n# custom:\n#   id: s3_bucket_versioning_enabled\n#   severity: medium\n#   resource_types: [AWS::S3::Bucket]\n#   requires: [supplementary.BucketVersioningConfiguration]\n#   remediation:\n#     console: Turn it on.\n#   frameworks:\n#     cis-aws-3.0: [2.1.1]\npackage meerkat.checks.s3_bucket_versioning_enabled\n";

    #[test]
    fn reads_a_good_block() {
        let c = parse("x.rego", "s3_bucket_versioning_enabled", GOOD).unwrap();
        assert_eq!(c.severity, Severity::Medium);
        assert_eq!(c.references.len(), 2);
        assert_eq!(c.frameworks["cis-aws-3.0"], vec!["2.1.1".to_owned()]);
        assert_eq!(c.requires, vec!["supplementary.BucketVersioningConfiguration".to_owned()]);
    }

    fn err(text: &str) -> String {
        parse("f.rego", "s3_bucket_versioning_enabled", text).unwrap_err().to_string()
    }

    #[test]
    fn rejects_bad_blocks_naming_the_file() {
        assert!(err(&GOOD.replace("#   id: s3_bucket_versioning_enabled\n", "")).contains("f.rego: METADATA: missing custom.id"));
        assert!(err(&GOOD.replace("id: s3_bucket_versioning_enabled", "id: other")).contains("not the file stem"));
        assert!(err(&GOOD.replace("severity: medium", "severity: urgent")).contains("unknown severity"));
        assert!(err(&GOOD.replace("AWS::S3::Bucket", "AWS::S3::bucket")).contains("did you mean AWS::S3::Bucket"));
        assert!(err(&GOOD.replace("# METADATA\n", "")).contains("no `# METADATA` block"));
        assert!(err(&GOOD.replace("package meerkat.checks.", "package other.")).starts_with("f.rego:17: package must be"));
        assert!(err(&GOOD.replace("#   severity: medium\n", "#   severity: medium\n#   colour: red\n")).contains("unknown field"));
        assert!(err(&GOOD.replace("requires: [supplementary.BucketVersioningConfiguration]", "requires: [BucketPolicy]")).contains("requires entry"));
        assert!(err("").contains("no `package` line"));
        assert!(err(&GOOD.replace("[2.1.1]", "[1.10]")).contains("quote it"));
    }
}
