//! Lambda: a function in a VPC with secrets in its environment, a public resource policy
//! and an unauthenticated function URL; and a plain one with neither.

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{
    Environment, FunctionCode, FunctionUrlAuthType, Runtime, TracingConfig, TracingMode, VpcConfig,
};
use serde_json::json;

use super::{empty_zip, kms_key, network};
use crate::common::{account, Discovered};

const FUNCTION: &str = "AWS::Lambda::Function";

#[tokio::test(flavor = "multi_thread")]
async fn functions_with_role_vpc_redacted_environment_policy_and_url() {
    let acct = account();
    let sdk = acct.sdk("us-east-1").await;
    let net = network(&acct, "us-east-1", "10.31").await;
    let (key_id, key_arn) = kms_key(&acct, "us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    let role = iam
        .create_role()
        .role_name("fn-exec")
        .path("/service-role/")
        .assume_role_policy_document(trust.to_string())
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    let lambda = aws_sdk_lambda::Client::new(&sdk);
    let code = || FunctionCode::builder().zip_file(Blob::new(empty_zip())).build();
    lambda
        .create_function()
        .function_name("exposed")
        .runtime(Runtime::Python312)
        .role(&role)
        .handler("index.handler")
        .code(code())
        .environment(
            Environment::builder().variables("DB_PASSWORD", "hunter2-secret").variables("STAGE", "prod").build(),
        )
        .kms_key_arn(&key_arn)
        .vpc_config(
            VpcConfig::builder()
                .subnet_ids(&net.subnets[0])
                .subnet_ids(&net.subnets[1])
                .security_group_ids(&net.security_group)
                .build(),
        )
        .tracing_config(TracingConfig::builder().mode(TracingMode::Active).build())
        .tags("Owner", "bob")
        .send()
        .await
        .unwrap();
    lambda
        .add_permission()
        .function_name("exposed")
        .statement_id("anyone")
        .action("lambda:InvokeFunction")
        .principal("*")
        .send()
        .await
        .unwrap();
    lambda
        .create_function_url_config()
        .function_name("exposed")
        .auth_type(FunctionUrlAuthType::None)
        .send()
        .await
        .unwrap();
    lambda
        .create_function()
        .function_name("plain")
        .runtime(Runtime::Nodejs20x)
        .role(&role)
        .handler("index.handler")
        .code(code())
        .send()
        .await
        .unwrap();

    let found = acct.discover(&["us-east-1"], &[FUNCTION]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);

    let f = found.get(FUNCTION, "exposed");
    let c = &f.configuration;
    assert_eq!(c["Runtime"], json!("python3.12"));
    assert_eq!(c["Handler"], json!("index.handler"));
    assert_eq!(c["Role"], json!(role));
    assert_eq!(c["PackageType"], json!("Zip"));
    assert_eq!(c["TracingConfig"]["Mode"], json!("Active"));
    assert_eq!(c["KMSKeyArn"], json!(key_arn));
    assert_eq!(c["Architectures"], json!(["x86_64"]));
    assert_eq!(c["VpcConfig"]["SecurityGroupIds"], json!([net.security_group]));
    // Names stay, values never.
    assert_eq!(c["Environment"]["Variables"], json!({"DB_PASSWORD": "<redacted>", "STAGE": "<redacted>"}));
    let stored = serde_json::to_string(f).unwrap();
    assert!(
        !stored.contains("hunter2-secret") && !stored.contains("\"prod\""),
        "an environment value leaked: {stored}"
    );
    assert_eq!(f.tags.get("Owner").map(String::as_str), Some("bob"));
    assert_eq!(
        f.arn.as_deref(),
        Some(format!("arn:aws:lambda:us-east-1:{}:function:exposed", acct.account.id).as_str())
    );

    // The role edge uses the role's name, not its path.
    assert!(Discovered::has_edge(f, "uses_role", "AWS::IAM::Role", "fn-exec"));
    assert!(Discovered::has_edge(f, "in_subnet", "AWS::EC2::Subnet", &net.subnets[0]));
    assert!(Discovered::has_edge(f, "in_subnet", "AWS::EC2::Subnet", &net.subnets[1]));
    assert!(Discovered::has_edge(f, "uses_security_group", "AWS::EC2::SecurityGroup", &net.security_group));
    assert!(Discovered::has_edge(f, "uses_kms_key", "AWS::KMS::Key", &key_id));

    let policy = &f.supplementary["Policy"];
    assert_eq!(policy["Statement"][0]["Principal"], json!("*"), "{policy}");
    assert_eq!(policy["Statement"][0]["Action"], json!("lambda:InvokeFunction"));
    assert_eq!(f.supplementary["FunctionUrlConfig"]["AuthType"], json!("NONE"));
    assert!(f.supplementary["FunctionUrlConfig"]["FunctionUrl"].as_str().is_some_and(|u| u.starts_with("https://")));
    assert!(f.not_assessed.is_empty(), "{:?}", f.not_assessed);

    let plain = found.get(FUNCTION, "plain");
    assert_eq!(plain.supplementary.get("Policy"), Some(&json!(null)), "no resource policy");
    assert_eq!(plain.supplementary.get("FunctionUrlConfig"), Some(&json!(null)), "no function URL");
    assert!(
        plain.configuration.get("Environment").is_none()
            || plain.configuration["Environment"].get("Variables").is_none()
    );
    assert!(plain.not_assessed.is_empty(), "{:?}", plain.not_assessed);
    assert!(!plain.relationships.iter().any(|r| r.kind == "in_vpc" || r.kind == "in_subnet"));
}
