//! Secrets Manager: metadata only. A rotated secret with a resource policy open to every
//! principal and a customer key; a plain secret without policy. No value is ever stored.

use aws_sdk_secretsmanager::types::{RotationRulesType, Tag};
use serde_json::json;

use super::{empty_zip, kms_key};
use crate::common::{account, Discovered, TestAccount};

const SECRET: &str = "AWS::SecretsManager::Secret";

/// A Lambda function to rotate with, and its role: its ARN.
async fn rotation_function(acct: &TestAccount) -> String {
    let sdk = acct.sdk("us-east-1").await;
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    let role = aws_sdk_iam::Client::new(&sdk)
        .create_role()
        .role_name("rotator")
        .assume_role_policy_document(trust.to_string())
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    aws_sdk_lambda::Client::new(&sdk)
        .create_function()
        .function_name("rotate-db")
        .runtime(aws_sdk_lambda::types::Runtime::Python312)
        .role(role)
        .handler("index.handler")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(empty_zip()))
                .build(),
        )
        .send()
        .await
        .unwrap()
        .function_arn
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_metadata_rotation_and_policy_never_values() {
    let acct = account();
    let sm = aws_sdk_secretsmanager::Client::new(&acct.sdk("us-east-1").await);
    let (key_id, key_arn) = kms_key(&acct, "us-east-1").await;
    let rotated = sm
        .create_secret()
        .name("prod/db")
        .secret_string("s3cr3t-value-never-stored")
        .kms_key_id(&key_arn)
        .tags(Tag::builder().key("Owner").value("dba").build())
        .send()
        .await
        .unwrap()
        .arn
        .unwrap();
    let open = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]});
    sm.put_resource_policy().secret_id(&rotated).resource_policy(open.to_string()).send().await.unwrap();
    // The emulator checks that the rotation function exists.
    let rotation_fn = rotation_function(&acct).await;
    sm.rotate_secret()
        .secret_id(&rotated)
        .rotation_lambda_arn(&rotation_fn)
        .rotation_rules(RotationRulesType::builder().automatically_after_days(30).build())
        .send()
        .await
        .unwrap();
    let plain =
        sm.create_secret().name("dev/token").secret_string("another-secret-value").send().await.unwrap().arn.unwrap();

    let found = acct.discover(&["us-east-1"], &[SECRET]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let r = found.get(SECRET, &rotated);
    assert_eq!(r.name.as_deref(), Some("prod/db"));
    assert_eq!(r.configuration["RotationEnabled"], json!(true));
    assert_eq!(r.configuration["RotationLambdaARN"], json!(rotation_fn));
    assert_eq!(r.configuration["RotationRules"]["AutomaticallyAfterDays"], json!(30));
    assert!(r.configuration["LastRotatedDate"].is_string(), "{}", r.configuration);
    assert_eq!(r.configuration["KmsKeyId"], json!(key_arn));
    assert_eq!(r.configuration["ReplicationStatus"], json!([]));
    assert_eq!(r.supplementary["ResourcePolicy"], open, "the policy is decoded to JSON");
    assert_eq!(r.tags.get("Owner").map(String::as_str), Some("dba"));
    assert!(r.volatile.contains(&"configuration.LastAccessedDate".to_owned()));
    assert!(r.not_assessed.is_empty(), "{:?}", r.not_assessed);
    assert!(Discovered::has_edge(r, "uses_kms_key", "AWS::KMS::Key", &key_id));

    let p = found.get(SECRET, &plain);
    assert_eq!(p.supplementary.get("ResourcePolicy"), Some(&json!(null)), "no policy is absent, not unread");
    assert!(p.configuration.get("RotationEnabled").is_none_or(|v| v == &json!(false)), "{}", p.configuration);
    assert!(p.not_assessed.is_empty(), "{:?}", p.not_assessed);

    let stored = serde_json::to_string(&found.resources).unwrap();
    assert!(
        !stored.contains("s3cr3t-value-never-stored") && !stored.contains("another-secret-value"),
        "a secret value was stored"
    );
}
