//! Issue 3 item 5: an insecure account and a compliant twin of each resource, built in moto
//! through the SDK, scanned once with `meerkat scan`; the failing set on the insecure
//! resources is exact, and the twins fail nothing.
//!
//! Resources are named `insecure-…` and `compliant-…` (EC2 ones through a `Name` tag; the
//! test maps their ids back to these names), so every row of the report is judged by name.

use std::collections::{BTreeMap, BTreeSet};
use meerkat_testkit::{Account, Emulator};
use serde_json::{json, Value};

use crate::common::{meerkat, sdk};

/// Every FAIL the scan must report on an `insecure-…` resource, and no other: (check, resource name).
#[rustfmt::skip]
const EXPECTED_FAILURES: &[(&str, &str)] = &[
    // S3: public-read ACL and policy, no PAB, no encryption/versioning/logging/lifecycle/lock, no TLS-only statement.
    ("s3_bucket_acl_disabled", "insecure-bucket"),
    ("s3_bucket_acl_not_public", "insecure-bucket"),
    ("s3_bucket_default_encryption", "insecure-bucket"),
    ("s3_bucket_kms_encryption", "insecure-bucket"),
    ("s3_bucket_lifecycle_enabled", "insecure-bucket"),
    ("s3_bucket_mfa_delete_enabled", "insecure-bucket"),
    ("s3_bucket_object_lock_enabled", "insecure-bucket"),
    ("s3_bucket_public_access_block", "insecure-bucket"),
    ("s3_bucket_public_read_policy", "insecure-bucket"),
    ("s3_bucket_secure_transport_policy", "insecure-bucket"),
    ("s3_bucket_server_access_logging_enabled", "insecure-bucket"),
    ("s3_bucket_versioning_enabled", "insecure-bucket"),
    // RDS: public, unencrypted, default master user, every optional protection off.
    ("rds_instance_copy_tags_to_snapshots", "insecure-db"),
    ("rds_instance_default_admin_username", "insecure-db"),
    ("rds_instance_deletion_protection", "insecure-db"),
    ("rds_instance_enhanced_monitoring_enabled", "insecure-db"),
    ("rds_instance_iam_authentication_enabled", "insecure-db"),
    ("rds_instance_integration_cloudwatch_logs", "insecure-db"),
    ("rds_instance_multi_az", "insecure-db"),
    ("rds_instance_not_publicly_accessible", "insecure-db"),
    ("rds_instance_storage_encrypted", "insecure-db"),
    // ... and moto's automated snapshot of it, unencrypted like its instance.
    ("rds_snapshot_encrypted", "insecure-db-automated-snapshot"),
    // Lambda: public URL (AuthType NONE, CORS *, resource policy for *), secret-like env names, python3.7.
    ("lambda_function_inside_vpc", "insecure-function"),
    ("lambda_function_no_secrets_in_variables", "insecure-function"),
    ("lambda_function_not_publicly_accessible", "insecure-function"),
    ("lambda_function_runtime_not_deprecated", "insecure-function"),
    ("lambda_function_tracing_enabled", "insecure-function"),
    ("lambda_function_url_cors_policy", "insecure-function"),
    ("lambda_function_url_public", "insecure-function"),
    // EC2 instance: IMDSv1 accepted, public IP, no instance profile.
    ("ec2_instance_imdsv2_required", "insecure-instance"),
    ("ec2_instance_no_public_ip", "insecure-instance"),
    ("ec2_instance_profile_attached", "insecure-instance"),
    // KMS: rotation off, key policy open to every principal.
    ("kms_cmk_rotation_enabled", "insecure-key"),
    ("kms_key_not_publicly_accessible", "insecure-key"),
    // Customer managed policy allowing * on *, attached to insecure-user and insecure-role-cross-account.
    ("iam_policy_admin_star", "insecure-policy"),
    // SQS: SSE off, policy open to everyone.
    ("sqs_queue_encrypted", "insecure-queue"),
    ("sqs_queue_not_publicly_accessible", "insecure-queue"),
    // Role trusting another account's root without ExternalId, with AdministratorAccess and insecure-policy.
    // (AdministratorAccess is what iam_role_cross_account_admin sees: the engine derives no fact
    // for an attached customer managed admin policy, so insecure-policy alone would not fail it.)
    ("iam_role_administrator_access_policy", "insecure-role-cross-account"),
    ("iam_role_cross_account_admin", "insecure-role-cross-account"),
    ("iam_role_cross_account_trust_external_id", "insecure-role-cross-account"),
    ("iam_role_trust_external_account_root", "insecure-role-cross-account"),
    // Role trusting any principal.
    ("iam_role_trust_wildcard_principal", "insecure-role-wildcard"),
    // Security group: SSH and RDP open to 0.0.0.0/0 and ::/0.
    ("ec2_securitygroup_rdp_open_to_internet", "insecure-sg"),
    ("ec2_securitygroup_ssh_open_to_internet", "insecure-sg"),
    // SNS: no KMS key, policy open to everyone.
    ("sns_topic_encrypted", "insecure-topic"),
    ("sns_topic_not_publicly_accessible", "insecure-topic"),
    // IAM user: console password without MFA, inline admin policy, insecure-policy attached.
    ("iam_inline_policy_admin_equivalent", "insecure-user"),
    ("iam_user_console_mfa", "insecure-user"),
    ("iam_user_no_attached_policies", "insecure-user"),
    ("iam_user_no_inline_policies", "insecure-user"),
    // EBS: unencrypted.
    ("ec2_ebs_volume_encrypted", "insecure-volume"),
];

/// FAILs on a `compliant-…` resource that moto cannot let the test fix: (check, resource name, why).
/// Each must still occur, so the list goes stale loudly when moto learns the feature.
const MOTO_CANNOT_COMPLY: &[(&str, &str, &str)] = &[
    (
        "s3_bucket_mfa_delete_enabled",
        "compliant-bucket",
        "moto's PutBucketVersioning keeps Status only, never MFADelete",
    ),
    ("s3_bucket_mfa_delete_enabled", "compliant-logs", "moto's PutBucketVersioning keeps Status only, never MFADelete"),
];

/// The compliant twins; each must be judged (at least one PASS), or (2) and (3) prove nothing.
const COMPLIANT: &[&str] = &[
    "compliant-bucket",
    "compliant-logs",
    "compliant-sg",
    "compliant-volume",
    "compliant-instance",
    "compliant-key",
    "compliant-queue",
    "compliant-topic",
    "compliant-function",
    "compliant-db",
    "compliant-db-automated-snapshot",
    "compliant-user",
    "compliant-readers",
    "compliant-policy",
    "compliant-role",
    "compliant-ec2-role",
];

/// Checks that may be NOT_ASSESSED on a `compliant-…` resource, because moto cannot serve
/// the part of the API they read: (check, resource name, why). None is needed today: every
/// API the checks of these twins read is served by moto.
const NOT_ASSESSED_ALLOWED: &[(&str, &str, &str)] = &[];

/// An empty zip archive: moto stores Lambda code without running it.
const EMPTY_ZIP: [u8; 22] = [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

fn trust(principal: Value, condition: Option<Value>) -> String {
    let mut statement = json!({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"});
    if let Some(c) = condition {
        statement["Condition"] = c;
    }
    json!({"Version": "2012-10-17", "Statement": [statement]}).to_string()
}

fn name_tag(kind: aws_sdk_ec2::types::ResourceType, name: &str) -> aws_sdk_ec2::types::TagSpecification {
    aws_sdk_ec2::types::TagSpecification::builder()
        .resource_type(kind)
        .tags(aws_sdk_ec2::types::Tag::builder().key("Name").value(name).build())
        .build()
}

/// Builds the account; returns resource id -> name for resources whose id is not their name.
async fn build(account: &Account, endpoint: &str) -> BTreeMap<String, String> {
    let config = sdk(account, endpoint).await;
    let mut names = BTreeMap::new();
    let id = &account.id;

    // ---- IAM ----
    let iam = aws_sdk_iam::Client::new(&config);
    let admin_doc =
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
            .to_string();
    let scoped_doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::compliant-data", "arn:aws:s3:::compliant-data/*"]}]}).to_string();
    iam.create_user().user_name("insecure-user").send().await.unwrap();
    iam.create_login_profile().user_name("insecure-user").password("Insecure-Passw0rd!!").send().await.unwrap();
    iam.put_user_policy()
        .user_name("insecure-user")
        .policy_name("admin")
        .policy_document(&admin_doc)
        .send()
        .await
        .unwrap();
    iam.create_user().user_name("compliant-user").send().await.unwrap();
    iam.create_group().group_name("compliant-readers").send().await.unwrap();
    let scoped = iam.create_policy().policy_name("compliant-policy").policy_document(&scoped_doc).send().await.unwrap();
    let scoped_arn = scoped.policy.unwrap().arn.unwrap();
    iam.attach_group_policy().group_name("compliant-readers").policy_arn(&scoped_arn).send().await.unwrap();
    iam.add_user_to_group().group_name("compliant-readers").user_name("compliant-user").send().await.unwrap();
    let admin = iam.create_policy().policy_name("insecure-policy").policy_document(&admin_doc).send().await.unwrap();
    let admin_arn = admin.policy.unwrap().arn.unwrap();

    iam.create_role()
        .role_name("insecure-role-wildcard")
        .assume_role_policy_document(trust(json!({"AWS": "*"}), None))
        .send()
        .await
        .unwrap();
    iam.create_role()
        .role_name("insecure-role-cross-account")
        .assume_role_policy_document(trust(json!({"AWS": "arn:aws:iam::999999999999:root"}), None))
        .send()
        .await
        .unwrap();
    iam.attach_role_policy().role_name("insecure-role-cross-account").policy_arn(&admin_arn).send().await.unwrap();
    iam.attach_role_policy()
        .role_name("insecure-role-cross-account")
        .policy_arn("arn:aws:iam::aws:policy/AdministratorAccess")
        .send()
        .await
        .unwrap();
    iam.attach_user_policy().user_name("insecure-user").policy_arn(&admin_arn).send().await.unwrap();
    let lambda_role = iam
        .create_role()
        .role_name("compliant-role")
        .assume_role_policy_document(trust(json!({"Service": "lambda.amazonaws.com"}), None))
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    let ec2_role = "compliant-ec2-role";
    iam.create_role()
        .role_name(ec2_role)
        .assume_role_policy_document(trust(json!({"Service": "ec2.amazonaws.com"}), None))
        .send()
        .await
        .unwrap();
    iam.attach_role_policy().role_name(ec2_role).policy_arn(&scoped_arn).send().await.unwrap();
    iam.create_instance_profile().instance_profile_name("compliant-profile").send().await.unwrap();
    iam.add_role_to_instance_profile()
        .instance_profile_name("compliant-profile")
        .role_name(ec2_role)
        .send()
        .await
        .unwrap();

    // ---- S3 ----
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build());
    use aws_sdk_s3::types::*;
    s3.create_bucket().bucket("insecure-bucket").send().await.unwrap();
    s3.put_public_access_block()
        .bucket("insecure-bucket")
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(false)
                .ignore_public_acls(false)
                .block_public_policy(false)
                .restrict_public_buckets(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let public_read = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::insecure-bucket/*"}]});
    s3.put_bucket_policy().bucket("insecure-bucket").policy(public_read.to_string()).send().await.unwrap();

    s3.put_bucket_acl().bucket("insecure-bucket").acl(BucketCannedAcl::PublicRead).send().await.unwrap();

    s3.create_bucket().bucket("compliant-logs").object_lock_enabled_for_bucket(true).send().await.unwrap();
    // The log bucket first: moto checks its policy when the other bucket starts logging to it.
    for bucket in ["compliant-logs", "compliant-bucket"] {
        if bucket == "compliant-bucket" {
            s3.create_bucket().bucket(bucket).object_lock_enabled_for_bucket(true).send().await.unwrap();
        }
        s3.put_public_access_block()
            .bucket(bucket)
            .public_access_block_configuration(
                PublicAccessBlockConfiguration::builder()
                    .block_public_acls(true)
                    .ignore_public_acls(true)
                    .block_public_policy(true)
                    .restrict_public_buckets(true)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        s3.put_bucket_encryption()
            .bucket(bucket)
            .server_side_encryption_configuration(
                ServerSideEncryptionConfiguration::builder()
                    .rules(
                        ServerSideEncryptionRule::builder()
                            .apply_server_side_encryption_by_default(
                                ServerSideEncryptionByDefault::builder()
                                    .sse_algorithm(ServerSideEncryption::AwsKms)
                                    .build()
                                    .unwrap(),
                            )
                            .build(),
                    )
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        s3.put_bucket_versioning()
            .bucket(bucket)
            .versioning_configuration(
                VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build(),
            )
            .send()
            .await
            .unwrap();
        let mut tls_only = json!({"Version": "2012-10-17", "Statement": [{"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]});
        if bucket == "compliant-logs" {
            // Server access logs are delivered by the logging service, scoped to this account.
            // (First: moto reads statements in order and stops at a match.)
            tls_only["Statement"].as_array_mut().unwrap().insert(0, json!({"Sid": "AccessLogs", "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
                "Resource": format!("arn:aws:s3:::{bucket}/*"), "Condition": {"StringEquals": {"aws:SourceAccount": id}}}));
        }
        s3.put_bucket_policy().bucket(bucket).policy(tls_only.to_string()).send().await.unwrap();
        s3.put_bucket_ownership_controls()
            .bucket(bucket)
            .ownership_controls(
                OwnershipControls::builder()
                    .rules(
                        OwnershipControlsRule::builder()
                            .object_ownership(ObjectOwnership::BucketOwnerEnforced)
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        s3.put_bucket_lifecycle_configuration()
            .bucket(bucket)
            .lifecycle_configuration(
                BucketLifecycleConfiguration::builder()
                    .rules(
                        LifecycleRule::builder()
                            .id("expire-old-versions")
                            .status(ExpirationStatus::Enabled)
                            .filter(LifecycleRuleFilter::builder().prefix("").build())
                            .noncurrent_version_expiration(
                                NoncurrentVersionExpiration::builder().noncurrent_days(90).build(),
                            )
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        s3.put_bucket_logging()
            .bucket(bucket)
            .bucket_logging_status(
                BucketLoggingStatus::builder()
                    .logging_enabled(
                        LoggingEnabled::builder()
                            .target_bucket("compliant-logs")
                            .target_prefix(format!("{bucket}/"))
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }

    // ---- EC2 ----
    let ec2 = aws_sdk_ec2::Client::new(&config);
    use aws_sdk_ec2::types::{
        HttpTokensState, InstanceMetadataOptionsRequest, InstanceNetworkInterfaceSpecification, IpPermission, IpRange,
        Ipv6Range, ResourceType,
    };
    let insecure_sg = ec2
        .create_security_group()
        .group_name("insecure-sg")
        .description("open admin ports")
        .tag_specifications(name_tag(ResourceType::SecurityGroup, "insecure-sg"))
        .send()
        .await
        .unwrap()
        .group_id
        .unwrap();
    names.insert(insecure_sg.clone(), "insecure-sg".to_owned());
    let world = |port: i32| {
        IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(port)
            .to_port(port)
            .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
            .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build())
            .build()
    };
    ec2.authorize_security_group_ingress()
        .group_id(&insecure_sg)
        .ip_permissions(world(22))
        .ip_permissions(world(3389))
        .send()
        .await
        .unwrap();
    let compliant_sg = ec2
        .create_security_group()
        .group_name("compliant-sg")
        .description("ssh from the corporate network")
        .tag_specifications(name_tag(ResourceType::SecurityGroup, "compliant-sg"))
        .send()
        .await
        .unwrap()
        .group_id
        .unwrap();
    names.insert(compliant_sg.clone(), "compliant-sg".to_owned());
    ec2.authorize_security_group_ingress()
        .group_id(&compliant_sg)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").build())
                .build(),
        )
        .send()
        .await
        .unwrap();

    for (name, encrypted) in [("insecure-volume", false), ("compliant-volume", true)] {
        let volume = ec2
            .create_volume()
            .availability_zone("us-east-1a")
            .size(8)
            .encrypted(encrypted)
            .tag_specifications(name_tag(ResourceType::Volume, name))
            .send()
            .await
            .unwrap()
            .volume_id
            .unwrap();
        names.insert(volume, name.to_owned());
    }

    let image = ec2.describe_images().owners("amazon").send().await.unwrap().images.unwrap_or_default();
    let image = image.iter().find_map(|i| i.image_id.clone()).expect("moto serves an AMI");
    let subnets = ec2.describe_subnets().send().await.unwrap().subnets.unwrap_or_default();
    let subnet = subnets
        .iter()
        .find(|s| s.availability_zone.as_deref() == Some("us-east-1a"))
        .unwrap_or(&subnets[0])
        .subnet_id
        .clone()
        .unwrap();
    let insecure_instance = ec2
        .run_instances()
        .image_id(&image)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .network_interfaces(
            InstanceNetworkInterfaceSpecification::builder()
                .device_index(0)
                .subnet_id(&subnet)
                .associate_public_ip_address(true)
                .groups(&insecure_sg)
                .build(),
        )
        .metadata_options(InstanceMetadataOptionsRequest::builder().http_tokens(HttpTokensState::Optional).build())
        .tag_specifications(name_tag(ResourceType::Instance, "insecure-instance"))
        .send()
        .await
        .unwrap()
        .instances
        .unwrap()[0]
        .instance_id
        .clone()
        .unwrap();
    names.insert(insecure_instance, "insecure-instance".to_owned());
    let compliant_instance = ec2
        .run_instances()
        .image_id(&image)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .network_interfaces(
            InstanceNetworkInterfaceSpecification::builder()
                .device_index(0)
                .subnet_id(&subnet)
                .associate_public_ip_address(false)
                .groups(&compliant_sg)
                .build(),
        )
        .iam_instance_profile(
            aws_sdk_ec2::types::IamInstanceProfileSpecification::builder().name("compliant-profile").build(),
        )
        .metadata_options(InstanceMetadataOptionsRequest::builder().http_tokens(HttpTokensState::Required).build())
        .tag_specifications(name_tag(ResourceType::Instance, "compliant-instance"))
        .send()
        .await
        .unwrap()
        .instances
        .unwrap()[0]
        .instance_id
        .clone()
        .unwrap();
    names.insert(compliant_instance, "compliant-instance".to_owned());

    // ---- KMS ----
    let kms = aws_sdk_kms::Client::new(&config);
    let public_key_policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": "kms:*", "Resource": "*"}]});
    let insecure_key = kms
        .create_key()
        .description("insecure-key")
        .policy(public_key_policy.to_string())
        .send()
        .await
        .unwrap()
        .key_metadata
        .unwrap()
        .key_id;
    kms.create_alias().alias_name("alias/insecure-key").target_key_id(&insecure_key).send().await.unwrap();
    names.insert(insecure_key, "insecure-key".to_owned());
    let compliant_key =
        kms.create_key().description("compliant-key").send().await.unwrap().key_metadata.unwrap().key_id;
    kms.create_alias().alias_name("alias/compliant-key").target_key_id(&compliant_key).send().await.unwrap();
    kms.enable_key_rotation().key_id(&compliant_key).send().await.unwrap();
    names.insert(compliant_key.clone(), "compliant-key".to_owned());

    // ---- SQS ----
    let sqs = aws_sdk_sqs::Client::new(&config);
    use aws_sdk_sqs::types::QueueAttributeName;
    let insecure_queue = sqs
        .create_queue()
        .queue_name("insecure-queue")
        .attributes(QueueAttributeName::SqsManagedSseEnabled, "false")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let public_queue = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
        "Resource": format!("arn:aws:sqs:us-east-1:{id}:insecure-queue")}]});
    sqs.set_queue_attributes()
        .queue_url(&insecure_queue)
        .attributes(QueueAttributeName::Policy, public_queue.to_string())
        .send()
        .await
        .unwrap();
    sqs.create_queue()
        .queue_name("compliant-queue")
        .attributes(QueueAttributeName::KmsMasterKeyId, &compliant_key)
        .send()
        .await
        .unwrap();

    // ---- SNS ----
    let sns = aws_sdk_sns::Client::new(&config);
    let insecure_topic = sns.create_topic().name("insecure-topic").send().await.unwrap().topic_arn.unwrap();
    let public_topic = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "SNS:Publish",
        "Resource": insecure_topic}]});
    sns.set_topic_attributes()
        .topic_arn(&insecure_topic)
        .attribute_name("Policy")
        .attribute_value(public_topic.to_string())
        .send()
        .await
        .unwrap();
    sns.create_topic().name("compliant-topic").attributes("KmsMasterKeyId", &compliant_key).send().await.unwrap();

    // ---- Lambda ----
    let lambda = aws_sdk_lambda::Client::new(&config);
    use aws_sdk_lambda::primitives::Blob;
    use aws_sdk_lambda::types::{
        Environment, FunctionCode, FunctionUrlAuthType, Runtime, TracingConfig, TracingMode, VpcConfig,
    };
    lambda
        .create_function()
        .function_name("insecure-function")
        .runtime(Runtime::Python37)
        .role(&lambda_role)
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(EMPTY_ZIP.to_vec())).build())
        .environment(
            Environment::builder().variables("DB_PASSWORD", "hunter2").variables("API_SECRET_KEY", "abc").build(),
        )
        .send()
        .await
        .unwrap();
    lambda
        .create_function_url_config()
        .function_name("insecure-function")
        .auth_type(FunctionUrlAuthType::None)
        .cors(aws_sdk_lambda::types::Cors::builder().allow_origins("*").build())
        .send()
        .await
        .unwrap();
    lambda
        .add_permission()
        .function_name("insecure-function")
        .statement_id("public-url")
        .action("lambda:InvokeFunctionUrl")
        .principal("*")
        .function_url_auth_type(FunctionUrlAuthType::None)
        .send()
        .await
        .unwrap();
    lambda
        .create_function()
        .function_name("compliant-function")
        .runtime(Runtime::Python312)
        .role(&lambda_role)
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(EMPTY_ZIP.to_vec())).build())
        .environment(Environment::builder().variables("LOG_LEVEL", "info").variables("TABLE_NAME", "orders").build())
        .tracing_config(TracingConfig::builder().mode(TracingMode::Active).build())
        .vpc_config(VpcConfig::builder().subnet_ids(&subnet).security_group_ids(&compliant_sg).build())
        .send()
        .await
        .unwrap();
    lambda
        .create_function_url_config()
        .function_name("compliant-function")
        .auth_type(FunctionUrlAuthType::AwsIam)
        .send()
        .await
        .unwrap();

    // ---- RDS ----
    let rds = aws_sdk_rds::Client::new(&config);
    rds.create_db_instance()
        .db_instance_identifier("insecure-db")
        .engine("postgres")
        .db_instance_class("db.t3.micro")
        .allocated_storage(20)
        .master_username("postgres")
        .master_user_password("insecure-password")
        .publicly_accessible(true)
        .storage_encrypted(false)
        .send()
        .await
        .unwrap();
    rds.create_db_instance()
        .db_instance_identifier("compliant-db")
        .engine("postgres")
        .db_instance_class("db.t3.micro")
        .allocated_storage(20)
        .master_username("orders_owner")
        .master_user_password("compliant-password")
        .publicly_accessible(false)
        .storage_encrypted(true)
        .kms_key_id(&compliant_key)
        .backup_retention_period(7)
        .multi_az(true)
        .deletion_protection(true)
        .copy_tags_to_snapshot(true)
        .auto_minor_version_upgrade(true)
        .enable_iam_database_authentication(true)
        .monitoring_interval(60)
        .monitoring_role_arn(format!("arn:aws:iam::{id}:role/compliant-role"))
        .enable_cloudwatch_logs_exports("postgresql")
        .vpc_security_group_ids(&compliant_sg)
        .send()
        .await
        .unwrap();
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn insecure_resources_fail_exactly_and_compliant_twins_pass() {
    let emulator = Emulator::shared();
    let endpoint = emulator.endpoint();
    let account = emulator.new_account();
    let names = build(&account, &endpoint).await;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let out = meerkat(
        &account,
        &db,
        &["scan", "--endpoint-url", &endpoint, "--regions", "us-east-1", "--max-attempts", "1", "-f", "json"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let rows = report["results"].as_array().expect("results");

    // A row's resource name: the name the test gave it, or the last segment of its id.
    let label = |row: &Value| -> String {
        let id = row["resource_id"].as_str().unwrap_or_default();
        if let Some(name) = names.get(id) {
            return name.clone();
        }
        let name = id.rsplit(['/', ':']).next().unwrap_or(id);
        // Automated RDS snapshots are named after their instance and the minute they were taken.
        match name.find("-20") {
            Some(at) if row["resource_type"] == "AWS::RDS::DBSnapshot" => format!("{}-automated-snapshot", &name[..at]),
            _ => name.to_owned(),
        }
    };
    let status = |row: &Value| row["status"].as_str().unwrap_or_default().to_owned();
    let line = |row: &Value| {
        format!(
            "{} {} {} {} {}",
            status(row),
            row["check_id"].as_str().unwrap(),
            row["resource_type"],
            label(row),
            row["reasons"]
        )
    };

    if std::env::var_os("POSTURE_DUMP").is_some() {
        for row in rows.iter().filter(|r| label(r).starts_with("insecure-") || label(r).starts_with("compliant-")) {
            if status(row) != "PASS" {
                eprintln!("{}", line(row));
            }
        }
    }

    // (1) The insecure resources fail exactly the expected checks.
    let expected: BTreeSet<(String, String)> =
        EXPECTED_FAILURES.iter().map(|(c, r)| (c.to_string(), r.to_string())).collect();
    let actual: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|r| status(r) == "FAIL" && label(r).starts_with("insecure-"))
        .map(|r| (r["check_id"].as_str().unwrap().to_owned(), label(r)))
        .collect();
    let missing: Vec<_> = expected.difference(&actual).collect();
    let unexpected: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "failing set differs\nmissing: {missing:#?}\nunexpected: {unexpected:#?}"
    );

    // (2) The compliant twins fail nothing, across all checks, but for what moto cannot store.
    for name in COMPLIANT {
        assert!(rows.iter().any(|r| status(r) == "PASS" && label(r) == *name), "no check judged {name}");
    }
    let cannot: BTreeSet<(String, String)> =
        MOTO_CANNOT_COMPLY.iter().map(|(c, r, _)| (c.to_string(), r.to_string())).collect();
    let compliant_failures: Vec<&Value> =
        rows.iter().filter(|r| status(r) == "FAIL" && label(r).starts_with("compliant-")).collect();
    let keyed: BTreeSet<(String, String)> =
        compliant_failures.iter().map(|r| (r["check_id"].as_str().unwrap().to_owned(), label(r))).collect();
    let stale: Vec<_> = cannot.difference(&keyed).collect();
    assert!(stale.is_empty(), "moto now lets these pass; drop them from MOTO_CANNOT_COMPLY: {stale:?}");
    let offending: Vec<String> = compliant_failures
        .into_iter()
        .filter(|r| !cannot.contains(&(r["check_id"].as_str().unwrap().to_owned(), label(r))))
        .map(line)
        .collect();
    assert!(offending.is_empty(), "compliant resources fail:\n{}", offending.join("\n"));

    // (3) Every check judged the compliant twins, except where moto cannot serve a part.
    let allowed: BTreeSet<(&str, &str)> = NOT_ASSESSED_ALLOWED.iter().map(|(c, r, _)| (*c, *r)).collect();
    let not_assessed: Vec<String> = rows
        .iter()
        .filter(|r| status(r) == "NOT_ASSESSED" && label(r).starts_with("compliant-"))
        .filter(|r| !allowed.contains(&(r["check_id"].as_str().unwrap(), label(r).as_str())))
        .map(line)
        .collect();
    assert!(not_assessed.is_empty(), "compliant resources not assessed:\n{}", not_assessed.join("\n"));
}
