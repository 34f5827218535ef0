//! The resource types a check may name: what the collectors produce, plus the pseudo
//! types the engine synthesises for account- and region-level checks.

/// One resource per account, made by the engine; see [`crate::Inventory`].
pub const ACCOUNT_TYPE: &str = "AWS::Account";
/// One resource per scanned region of an account, made by the engine.
pub const REGION_TYPE: &str = "AWS::Region";

/// Every type a check may apply to, sorted (a test says so). Keep in step with the
/// collectors of `meerkat-aws` (their `resource_type`), which this crate does not see.
pub const RESOURCE_TYPES: &[&str] = &[
    "AWS::AccessAnalyzer::Analyzer",
    "AWS::Account",
    "AWS::CloudTrail::Trail",
    "AWS::CloudWatch::Alarm",
    "AWS::Config::ConfigurationRecorder",
    "AWS::EC2::EIP",
    "AWS::EC2::EbsEncryptionByDefault",
    "AWS::EC2::FlowLog",
    "AWS::EC2::Image",
    "AWS::EC2::Instance",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::NatGateway",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::NetworkInterface",
    "AWS::EC2::RouteTable",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::Snapshot",
    "AWS::EC2::Subnet",
    "AWS::EC2::VPC",
    "AWS::EC2::Volume",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::GuardDuty::Detector",
    "AWS::IAM::AccountPasswordPolicy",
    "AWS::IAM::AccountSummary",
    "AWS::IAM::CredentialReport",
    "AWS::IAM::Group",
    "AWS::IAM::InstanceProfile",
    "AWS::IAM::OIDCProvider",
    "AWS::IAM::Policy",
    "AWS::IAM::Role",
    "AWS::IAM::SAMLProvider",
    "AWS::IAM::ServerCertificate",
    "AWS::IAM::User",
    "AWS::KMS::Key",
    "AWS::Lambda::Function",
    "AWS::Logs::LogGroup",
    "AWS::Logs::MetricFilter",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBSnapshot",
    "AWS::RDS::DBSubnetGroup",
    "AWS::Region",
    "AWS::S3::AccountPublicAccessBlock",
    "AWS::S3::Bucket",
    "AWS::SNS::Topic",
    "AWS::SQS::Queue",
    "AWS::SecretsManager::Secret",
    "AWS::SecurityHub::Hub",
];

/// Whether `t` is a type in the exact spelling checks must use.
pub fn is_known_type(t: &str) -> bool {
    RESOURCE_TYPES.binary_search(&t).is_ok()
}

/// The known type that differs from `t` only in case, for error messages.
pub(crate) fn suggest_type(t: &str) -> Option<&'static str> {
    RESOURCE_TYPES.iter().copied().find(|k| k.eq_ignore_ascii_case(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_sorted_and_unique() {
        let mut sorted = RESOURCE_TYPES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, RESOURCE_TYPES);
        assert!(is_known_type(ACCOUNT_TYPE) && is_known_type(REGION_TYPE));
        assert_eq!(suggest_type("aws::s3::bucket"), Some("AWS::S3::Bucket"));
    }
}
