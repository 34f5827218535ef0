//! RDS: DB instances (public and private, encrypted or not), subnet groups, and snapshots
//! that are public, shared with another account, or automated.

use aws_sdk_rds::types::Tag;
use serde_json::json;

use super::{kms_key, network};
use crate::common::{account, Discovered};

const INSTANCE: &str = "AWS::RDS::DBInstance";
const SUBNET_GROUP: &str = "AWS::RDS::DBSubnetGroup";
const SNAPSHOT: &str = "AWS::RDS::DBSnapshot";

#[tokio::test(flavor = "multi_thread")]
async fn instances_subnet_groups_and_snapshots() {
    let acct = account();
    let net = network(&acct, "us-east-1", "10.30").await;
    let (key_id, key_arn) = kms_key(&acct, "us-east-1").await;
    let rds = aws_sdk_rds::Client::new(&acct.sdk("us-east-1").await);
    rds.create_db_subnet_group()
        .db_subnet_group_name("db-private")
        .db_subnet_group_description("databases")
        .set_subnet_ids(Some(net.subnets.to_vec()))
        .tags(Tag::builder().key("Team").value("data").build())
        .send()
        .await
        .unwrap();
    // Risky: public, unencrypted, no backups, no deletion protection.
    rds.create_db_instance()
        .db_instance_identifier("public-db")
        .db_instance_class("db.t3.micro")
        .engine("postgres")
        .master_username("admin")
        .master_user_password("not-a-real-password")
        .allocated_storage(20)
        .db_subnet_group_name("db-private")
        .vpc_security_group_ids(&net.security_group)
        .publicly_accessible(true)
        .storage_encrypted(false)
        .backup_retention_period(0)
        .tags(Tag::builder().key("Owner").value("alice").build())
        .send()
        .await
        .unwrap();
    // Compliant: private, encrypted with a customer key, Multi-AZ, protected, IAM auth.
    rds.create_db_instance()
        .db_instance_identifier("private-db")
        .db_instance_class("db.t3.micro")
        .engine("mysql")
        .master_username("admin")
        .master_user_password("not-a-real-password")
        .allocated_storage(20)
        .db_subnet_group_name("db-private")
        .vpc_security_group_ids(&net.security_group)
        .publicly_accessible(false)
        .storage_encrypted(true)
        .kms_key_id(&key_arn)
        .multi_az(true)
        .deletion_protection(true)
        .enable_iam_database_authentication(true)
        .backup_retention_period(7)
        .send()
        .await
        .unwrap();
    rds.create_db_snapshot()
        .db_snapshot_identifier("public-snap")
        .db_instance_identifier("private-db")
        .send()
        .await
        .unwrap();
    rds.modify_db_snapshot_attribute()
        .db_snapshot_identifier("public-snap")
        .attribute_name("restore")
        .values_to_add("all")
        .send()
        .await
        .unwrap();
    rds.create_db_snapshot()
        .db_snapshot_identifier("shared-snap")
        .db_instance_identifier("private-db")
        .tags(Tag::builder().key("Purpose").value("dr").build())
        .send()
        .await
        .unwrap();
    rds.modify_db_snapshot_attribute()
        .db_snapshot_identifier("shared-snap")
        .attribute_name("restore")
        .values_to_add("111122223333")
        .send()
        .await
        .unwrap();
    rds.create_db_snapshot()
        .db_snapshot_identifier("private-snap")
        .db_instance_identifier("public-db")
        .send()
        .await
        .unwrap();

    let found = acct.discover(&["us-east-1"], &[INSTANCE, SUBNET_GROUP, SNAPSHOT]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);

    let public = found.get(INSTANCE, "public-db");
    let c = &public.configuration;
    assert_eq!(c["PubliclyAccessible"], json!(true));
    assert_eq!(c["StorageEncrypted"], json!(false));
    assert_eq!(c["BackupRetentionPeriod"], json!(0));
    assert_eq!(c["DeletionProtection"], json!(false));
    assert_eq!(c["Engine"], json!("postgres"));
    assert_eq!(c["DBSubnetGroup"]["DBSubnetGroupName"], json!("db-private"));
    assert_eq!(c["VpcSecurityGroups"][0]["VpcSecurityGroupId"], json!(net.security_group));
    assert!(c["Endpoint"]["Address"].as_str().is_some_and(|a| a.starts_with("public-db.")), "{c}");
    assert!(c.get("KmsKeyId").is_none(), "an unencrypted instance names no key: {c}");
    assert_eq!(public.tags.get("Owner").map(String::as_str), Some("alice"));
    assert_eq!(public.arn.as_deref(), Some(format!("arn:aws:rds:us-east-1:{}:db:public-db", acct.account.id).as_str()));
    assert!(Discovered::has_edge(public, "uses_security_group", "AWS::EC2::SecurityGroup", &net.security_group));
    assert!(Discovered::has_edge(public, "in_subnet_group", SUBNET_GROUP, "db-private"));
    assert!(Discovered::has_edge(public, "in_vpc", "AWS::EC2::VPC", &net.vpc));
    assert!(!public.relationships.iter().any(|r| r.kind == "uses_kms_key"));
    assert!(public.volatile.contains(&"configuration.LatestRestorableTime".to_owned()));
    // The master password is a credential and never part of the document.
    assert!(!serde_json::to_string(public).unwrap().contains("not-a-real-password"));

    let private = found.get(INSTANCE, "private-db");
    let c = &private.configuration;
    assert_eq!(c["PubliclyAccessible"], json!(false));
    assert_eq!(c["StorageEncrypted"], json!(true));
    assert_eq!(c["KmsKeyId"], json!(key_arn));
    assert_eq!(c["MultiAZ"], json!(true));
    assert_eq!(c["DeletionProtection"], json!(true));
    assert_eq!(c["IAMDatabaseAuthenticationEnabled"], json!(true));
    assert_eq!(c["BackupRetentionPeriod"], json!(7));
    assert_eq!(c["AutoMinorVersionUpgrade"], json!(true));
    assert!(Discovered::has_edge(private, "uses_kms_key", "AWS::KMS::Key", &key_id));

    let group = found.get(SUBNET_GROUP, "db-private");
    assert_eq!(group.configuration["VpcId"], json!(net.vpc));
    assert_eq!(group.configuration["Subnets"].as_array().map(Vec::len), Some(2));
    assert_eq!(group.tags.get("Team").map(String::as_str), Some("data"));
    assert!(group.not_assessed.is_empty(), "{:?}", group.not_assessed);
    assert!(Discovered::has_edge(group, "in_vpc", "AWS::EC2::VPC", &net.vpc));
    for subnet in &net.subnets {
        assert!(Discovered::has_edge(group, "in_subnet", "AWS::EC2::Subnet", subnet));
    }

    let restore =
        |id: &str| found.get(SNAPSHOT, id).supplementary["DBSnapshotAttributesResult"]["DBSnapshotAttributes"].clone();
    assert_eq!(restore("public-snap"), json!([{"AttributeName": "restore", "AttributeValues": ["all"]}]));
    assert_eq!(restore("shared-snap"), json!([{"AttributeName": "restore", "AttributeValues": ["111122223333"]}]));
    let shared = found.get(SNAPSHOT, "shared-snap");
    assert_eq!(shared.configuration["SnapshotType"], json!("manual"));
    assert_eq!(shared.configuration["Encrypted"], json!(true));
    assert_eq!(shared.configuration["DBInstanceIdentifier"], json!("private-db"));
    assert_eq!(shared.tags.get("Purpose").map(String::as_str), Some("dr"));
    assert!(Discovered::has_edge(shared, "uses_kms_key", "AWS::KMS::Key", &key_id));
    let private_snap = found.get(SNAPSHOT, "private-snap");
    assert_eq!(private_snap.configuration["Encrypted"], json!(false));
    assert!(!private_snap.not_assessed.contains_key("DBSnapshotAttributesResult"));

    // Automated snapshots (moto makes one per instance) cannot be shared: the restore
    // attribute is absent, not unread.
    let automated: Vec<_> =
        found.of_type(SNAPSHOT).into_iter().filter(|r| r.configuration["SnapshotType"] == "automated").collect();
    assert!(!automated.is_empty(), "moto creates automated snapshots with each instance");
    for snap in automated {
        assert_eq!(snap.supplementary.get("DBSnapshotAttributesResult"), Some(&json!(null)), "{}", snap.resource_id);
        assert!(snap.not_assessed.is_empty());
    }
}
