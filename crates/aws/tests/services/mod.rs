//! Regional services beyond EC2, S3 and IAM: RDS, Lambda, KMS, CloudTrail, SQS, SNS,
//! ELBv2, CloudWatch Logs and alarms, AWS Config, GuardDuty, Security Hub, Secrets Manager and IAM
//! Access Analyzer. Each test builds real resources in its own emulated account.

mod accessanalyzer;
mod cloudtrail;
mod config;
mod elbv2;
mod guardduty;
mod kms;
mod lambda;
mod logs;
mod rds;
mod secretsmanager;
mod securityhub;
mod sns;
mod sqs;

use crate::common::TestAccount;

/// A VPC with two subnets in different zones and a security group, for the services that
/// need a network (RDS, Lambda, ELBv2).
pub struct Network {
    pub vpc: String,
    pub subnets: [String; 2],
    pub security_group: String,
}

/// Builds a [`Network`] in `region` of `acct`; `cidr` is the VPC's /16, e.g. `10.20`.
pub async fn network(acct: &TestAccount, region: &str, cidr: &str) -> Network {
    let ec2 = aws_sdk_ec2::Client::new(&acct.sdk(region).await);
    let vpc = ec2.create_vpc().cidr_block(format!("{cidr}.0.0/16")).send().await.unwrap().vpc.unwrap().vpc_id.unwrap();
    let mut subnets = Vec::new();
    for (i, zone) in ["a", "b"].iter().enumerate() {
        let subnet = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(format!("{cidr}.{}.0/24", i + 1))
            .availability_zone(format!("{region}{zone}"))
            .send()
            .await
            .unwrap()
            .subnet
            .unwrap()
            .subnet_id
            .unwrap();
        subnets.push(subnet);
    }
    let security_group = ec2
        .create_security_group()
        .group_name("svc")
        .description("svc")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .group_id
        .unwrap();
    Network { vpc, subnets: [subnets[0].clone(), subnets[1].clone()], security_group }
}

/// A customer managed symmetric KMS key of `acct` in `region`: (key id, key ARN).
pub async fn kms_key(acct: &TestAccount, region: &str) -> (String, String) {
    let kms = aws_sdk_kms::Client::new(&acct.sdk(region).await);
    let meta = kms.create_key().description("test key").send().await.unwrap().key_metadata.unwrap();
    (meta.key_id, meta.arn.unwrap())
}

/// The smallest valid zip archive: an end-of-central-directory record and no entries.
/// The emulator only stores Lambda code; nothing runs it.
pub fn empty_zip() -> Vec<u8> {
    let mut zip = b"PK\x05\x06".to_vec();
    zip.resize(22, 0);
    zip
}
