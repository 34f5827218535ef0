//! AWS Security Finding Format: one JSON array of findings in the shape
//! `securityhub:BatchImportFindings` takes (`aws securityhub batch-import-findings
//! --findings file://…`, at most 100 per call, each call in the region of the findings'
//! `ProductArn`).
//!
//! Findings go to the account's default product
//! (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`), the
//! custom-integration route that needs no partner listing. Global resources (IAM,
//! account settings) are filed in the report's first regional region.
//!
//! Limits are the API's (`AwsSecurityFinding` in the Security Hub API model): `Title` ≤ 256
//! and `Description` ≤ 1024 characters, recommendation text and notes ≤ 512, at most 32
//! related requirements and 50 types; every string non-blank. Longer text is cut with `…`.

use std::collections::BTreeMap;
use std::io::Write;

use meerkat_model::{CheckStatus, Severity};
use serde_json::{json, Map, Value};

use super::{partition_of_region, remediation_text, rfc3339, truncate, Report, ResultRow, RowState, PRODUCT_NAME};

/// The only ASFF schema version.
pub const SCHEMA_VERSION: &str = "2018-10-08";

/// Length limits of the API, in characters.
pub const MAX_TITLE: usize = 256;
/// `Description`.
pub const MAX_DESCRIPTION: usize = 1024;
/// `Remediation.Recommendation.Text` and `Note.Text`.
pub const MAX_TEXT: usize = 512;
/// `Compliance.RelatedRequirements` items.
pub const MAX_REQUIREMENTS: usize = 32;
/// `Types` items.
pub const MAX_TYPES: usize = 50;

/// CloudFormation type → ASFF resource type, sorted by CloudFormation type (a test says
/// so). The right-hand names are members of `ResourceDetails` in the Security Hub API
/// model; the API asks for `Other` when none fits.
const RESOURCE_TYPES: &[(&str, &str)] = &[
    ("AWS::CloudFormation::Stack", "AwsCloudFormationStack"),
    ("AWS::CloudFront::Distribution", "AwsCloudFrontDistribution"),
    ("AWS::CloudTrail::Trail", "AwsCloudTrailTrail"),
    ("AWS::CloudWatch::Alarm", "AwsCloudWatchAlarm"),
    ("AWS::DynamoDB::Table", "AwsDynamoDbTable"),
    ("AWS::EC2::EIP", "AwsEc2Eip"),
    ("AWS::EC2::Instance", "AwsEc2Instance"),
    ("AWS::EC2::LaunchTemplate", "AwsEc2LaunchTemplate"),
    ("AWS::EC2::NetworkAcl", "AwsEc2NetworkAcl"),
    ("AWS::EC2::NetworkInterface", "AwsEc2NetworkInterface"),
    ("AWS::EC2::RouteTable", "AwsEc2RouteTable"),
    ("AWS::EC2::SecurityGroup", "AwsEc2SecurityGroup"),
    ("AWS::EC2::Subnet", "AwsEc2Subnet"),
    ("AWS::EC2::TransitGateway", "AwsEc2TransitGateway"),
    ("AWS::EC2::VPC", "AwsEc2Vpc"),
    ("AWS::EC2::VPCEndpointService", "AwsEc2VpcEndpointService"),
    ("AWS::EC2::VPCPeeringConnection", "AwsEc2VpcPeeringConnection"),
    ("AWS::EC2::VPNConnection", "AwsEc2VpnConnection"),
    ("AWS::EC2::Volume", "AwsEc2Volume"),
    ("AWS::ECR::Repository", "AwsEcrRepository"),
    ("AWS::ECS::Cluster", "AwsEcsCluster"),
    ("AWS::EKS::Cluster", "AwsEksCluster"),
    ("AWS::ElasticLoadBalancing::LoadBalancer", "AwsElbLoadBalancer"),
    ("AWS::ElasticLoadBalancingV2::LoadBalancer", "AwsElbv2LoadBalancer"),
    ("AWS::GuardDuty::Detector", "AwsGuardDutyDetector"),
    ("AWS::IAM::AccessKey", "AwsIamAccessKey"),
    ("AWS::IAM::Group", "AwsIamGroup"),
    ("AWS::IAM::ManagedPolicy", "AwsIamPolicy"),
    ("AWS::IAM::Policy", "AwsIamPolicy"),
    ("AWS::IAM::Role", "AwsIamRole"),
    ("AWS::IAM::User", "AwsIamUser"),
    ("AWS::KMS::Key", "AwsKmsKey"),
    ("AWS::Kinesis::Stream", "AwsKinesisStream"),
    ("AWS::Lambda::Function", "AwsLambdaFunction"),
    ("AWS::RDS::DBCluster", "AwsRdsDbCluster"),
    ("AWS::RDS::DBClusterSnapshot", "AwsRdsDbClusterSnapshot"),
    ("AWS::RDS::DBInstance", "AwsRdsDbInstance"),
    ("AWS::RDS::DBSnapshot", "AwsRdsDbSnapshot"),
    ("AWS::S3::AccountPublicAccessBlock", "AwsS3AccountPublicAccessBlock"),
    ("AWS::S3::Bucket", "AwsS3Bucket"),
    ("AWS::SNS::Topic", "AwsSnsTopic"),
    ("AWS::SQS::Queue", "AwsSqsQueue"),
    ("AWS::SecretsManager::Secret", "AwsSecretsManagerSecret"),
];

/// The ASFF resource type of a CloudFormation type, `Other` when ASFF has none.
pub fn resource_type(cloudformation_type: &str) -> &'static str {
    RESOURCE_TYPES.binary_search_by(|(cfn, _)| (*cfn).cmp(cloudformation_type)).map_or("Other", |i| RESOURCE_TYPES[i].1)
}

/// Writes every row as one finding, in one pretty-printed JSON array.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let findings: Vec<Value> = report.results.iter().map(|row| finding(report, row)).collect();
    serde_json::to_writer_pretty(&mut *out, &findings)?;
    out.write_all(b"\n")
}

/// The finding of one row.
pub fn finding(report: &Report, row: &ResultRow) -> Value {
    let partition = row.partition();
    let region = row.regional().map(str::to_string).unwrap_or_else(|| home_region(report, partition));
    let account = &row.account_id;
    let state = row.state();
    let created = row.first_seen.unwrap_or(row.last_seen);

    let mut finding = Map::new();
    finding.insert("SchemaVersion".into(), json!(SCHEMA_VERSION));
    finding.insert("Id".into(), json!(row.finding_id));
    finding.insert(
        "ProductArn".into(),
        json!(format!("arn:{partition}:securityhub:{region}:{account}:product/{account}/default")),
    );
    finding.insert("ProductName".into(), json!(PRODUCT_NAME));
    finding.insert("CompanyName".into(), json!(PRODUCT_NAME));
    finding.insert("GeneratorId".into(), json!(row.check_id));
    finding.insert("AwsAccountId".into(), json!(account));
    finding.insert("Types".into(), json!(types(report, row)));
    finding.insert("FirstObservedAt".into(), json!(rfc3339(&created)));
    finding.insert("LastObservedAt".into(), json!(rfc3339(&row.last_seen)));
    finding.insert("CreatedAt".into(), json!(rfc3339(&created)));
    finding.insert("UpdatedAt".into(), json!(rfc3339(&row.last_seen)));
    finding.insert(
        "Severity".into(),
        json!({"Label": severity_label(row.severity), "Original": row.severity.to_string()}),
    );
    finding.insert("Title".into(), json!(truncate(non_blank(&row.title, &row.check_id), MAX_TITLE)));
    finding.insert("Description".into(), json!(truncate(&description(row), MAX_DESCRIPTION)));

    let recommendation = remediation_text(&row.remediation);
    let url = row.references.iter().find(|r| r.starts_with("https://") || r.starts_with("http://"));
    if !recommendation.is_empty() || url.is_some() {
        let mut rec = Map::new();
        rec.insert("Text".into(), json!(truncate(non_blank(&recommendation, "See the linked page."), MAX_TEXT)));
        if let Some(url) = url {
            rec.insert("Url".into(), json!(url));
        }
        finding.insert("Remediation".into(), json!({"Recommendation": rec}));
    }

    let fields: Map<String, Value> = [
        ("meerkat/CheckId", row.check_id.as_str()),
        ("meerkat/FindingId", row.finding_id.as_str()),
        ("meerkat/ResourceType", row.resource_type.as_str()),
        ("meerkat/Status", state.label()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k.to_string(), json!(v)))
    .collect();
    finding.insert("ProductFields".into(), Value::Object(fields));
    finding.insert("Resources".into(), json!([resource(row, partition)]));

    let mut requirements = report.requirements(row);
    requirements.truncate(MAX_REQUIREMENTS);
    let mut compliance = Map::new();
    compliance.insert("Status".into(), json!(compliance_status(row.status)));
    if !requirements.is_empty() {
        compliance.insert("RelatedRequirements".into(), json!(requirements));
    }
    finding.insert("Compliance".into(), Value::Object(compliance));
    finding.insert("Workflow".into(), json!({"Status": workflow_status(state)}));
    // ARCHIVED is for findings that no longer apply (the resource is gone); a report
    // holds only resources that exist, so all its findings are ACTIVE. A pass is
    // RESOLVED, as Security Hub marks its own passed controls.
    finding.insert("RecordState".into(), json!("ACTIVE"));
    if let Some(reason) = &row.muted {
        finding.insert(
            "Note".into(),
            json!({
                "Text": truncate(&format!("Muted: {}", non_blank(reason, "no reason given")), MAX_TEXT),
                "UpdatedBy": "meerkat",
                "UpdatedAt": rfc3339(&report.generated_at),
            }),
        );
    }
    Value::Object(finding)
}

fn resource(row: &ResultRow, partition: &str) -> Value {
    let asff_type = resource_type(&row.resource_type);
    let mut resource = Map::new();
    resource.insert("Type".into(), json!(asff_type));
    resource.insert("Id".into(), json!(row.resource_uid()));
    // ASFF names the partitions its own way, and only some of them.
    let asff_partition = match partition {
        "aws" | "aws-cn" | "aws-us-gov" => Some(partition),
        "aws-iso" => Some("aws-us-iso"),
        "aws-iso-b" => Some("aws-us-iso-b"),
        _ => None,
    };
    if let Some(partition) = asff_partition {
        resource.insert("Partition".into(), json!(partition));
    }
    if let Some(region) = row.regional() {
        resource.insert("Region".into(), json!(region));
    }
    // Tag values are NonEmptyString in the API: a tag with a blank value cannot be sent.
    let tags: BTreeMap<&str, &str> = row
        .tags
        .iter()
        .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if !tags.is_empty() {
        resource.insert("Tags".into(), json!(tags));
    }
    if asff_type == "Other" {
        // Keep the real type where ASFF has no name for it.
        resource.insert(
            "Details".into(),
            json!({"Other": {"CloudFormationType": row.resource_type, "ResourceId": row.resource_id}}),
        );
    }
    Value::Object(resource)
}

/// `namespace/category/classifier`: one per framework the check maps to, else the
/// best-practices category.
fn types(report: &Report, row: &ResultRow) -> Vec<String> {
    let mut types: Vec<String> = row
        .frameworks
        .keys()
        .map(|f| {
            let name = report.framework(f).map_or(f.as_str(), |s| s.name.as_str());
            format!("Software and Configuration Checks/Industry and Regulatory Standards/{name}")
        })
        .collect();
    if types.is_empty() {
        types.push("Software and Configuration Checks/AWS Security Best Practices".into());
    }
    types.truncate(MAX_TYPES);
    types
}

/// What the check looks for, then why this resource failed.
fn description(row: &ResultRow) -> String {
    let mut text = non_blank(&row.description, &row.title).trim().to_string();
    if !row.reasons.is_empty() {
        text.push_str("\n\n");
        text.push_str(&row.reasons.join("; "));
    }
    text
}

/// The region of findings on global resources: the report's first regional region, else
/// the partition's usual home.
fn home_region(report: &Report, partition: &str) -> String {
    report
        .regions
        .iter()
        .find(|r| *r != "global" && !r.is_empty() && partition_of_region(r) == partition)
        .cloned()
        .unwrap_or_else(|| {
            match partition {
                "aws-cn" => "cn-north-1",
                "aws-us-gov" => "us-gov-west-1",
                _ => "us-east-1",
            }
            .to_string()
        })
}

fn non_blank<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Informational => "INFORMATIONAL",
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}

/// NOT_AVAILABLE: the check could not be performed (access denied, unsupported region).
fn compliance_status(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "PASSED",
        CheckStatus::Fail => "FAILED",
        CheckStatus::NotAssessed => "NOT_AVAILABLE",
    }
}

fn workflow_status(state: RowState) -> &'static str {
    match state {
        RowState::Fail | RowState::NotAssessed => "NEW",
        RowState::Muted => "SUPPRESSED",
        RowState::Pass => "RESOLVED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_are_sorted_and_fall_back_to_other() {
        assert!(RESOURCE_TYPES.windows(2).all(|w| w[0].0 < w[1].0), "RESOURCE_TYPES must stay sorted");
        assert_eq!(resource_type("AWS::EC2::SecurityGroup"), "AwsEc2SecurityGroup");
        assert_eq!(resource_type("AWS::S3::Bucket"), "AwsS3Bucket");
        assert_eq!(resource_type("AWS::IAM::AccountPasswordPolicy"), "Other");
    }
}
