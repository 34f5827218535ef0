//! KMS: a rotated customer key with an alias and tags, an unrotated one, and asymmetric
//! and HMAC keys for which rotation does not apply.

use aws_sdk_kms::types::{KeySpec, KeyUsageType, Tag};
use serde_json::json;

use crate::common::account;

const KEY: &str = "AWS::KMS::Key";

#[tokio::test(flavor = "multi_thread")]
async fn keys_with_rotation_policy_aliases_and_tags() {
    let acct = account();
    let kms = aws_sdk_kms::Client::new(&acct.sdk("us-east-1").await);
    let create = |spec: KeySpec, usage: KeyUsageType| {
        let kms = kms.clone();
        async move { kms.create_key().key_spec(spec).key_usage(usage).send().await.unwrap().key_metadata.unwrap().key_id }
    };
    let rotated = kms
        .create_key()
        .description("orders data")
        .tags(Tag::builder().tag_key("Owner").tag_value("payments").build().unwrap())
        .send()
        .await
        .unwrap()
        .key_metadata
        .unwrap()
        .key_id;
    kms.enable_key_rotation().key_id(&rotated).send().await.unwrap();
    kms.create_alias().alias_name("alias/orders").target_key_id(&rotated).send().await.unwrap();
    let unrotated = create(KeySpec::SymmetricDefault, KeyUsageType::EncryptDecrypt).await;
    let rsa = create(KeySpec::Rsa2048, KeyUsageType::SignVerify).await;
    let hmac = create(KeySpec::Hmac256, KeyUsageType::GenerateVerifyMac).await;
    let doomed = create(KeySpec::SymmetricDefault, KeyUsageType::EncryptDecrypt).await;
    kms.schedule_key_deletion().key_id(&doomed).pending_window_in_days(7).send().await.unwrap();

    let found = acct.discover(&["us-east-1"], &[KEY]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);

    let k = found.get(KEY, &rotated);
    assert_eq!(k.configuration["KeyManager"], json!("CUSTOMER"));
    assert_eq!(k.configuration["KeySpec"], json!("SYMMETRIC_DEFAULT"));
    assert_eq!(k.configuration["KeyState"], json!("Enabled"));
    assert_eq!(k.configuration["Origin"], json!("AWS_KMS"));
    assert_eq!(k.configuration["Description"], json!("orders data"));
    assert_eq!(k.supplementary["KeyRotationStatus"]["RotationApplicable"], json!(true));
    assert_eq!(k.supplementary["KeyRotationStatus"]["KeyRotationEnabled"], json!(true));
    assert_eq!(
        k.supplementary["KeyPolicy"]["Statement"][0]["Principal"]["AWS"],
        json!(format!("arn:aws:iam::{}:root", acct.account.id))
    );
    assert_eq!(k.supplementary["Aliases"][0]["AliasName"], json!("alias/orders"));
    assert_eq!(k.name.as_deref(), Some("alias/orders"));
    assert_eq!(k.tags.get("Owner").map(String::as_str), Some("payments"));
    assert_eq!(k.arn.as_deref(), Some(format!("arn:aws:kms:us-east-1:{}:key/{rotated}", acct.account.id).as_str()));
    assert!(k.not_assessed.is_empty(), "{:?}", k.not_assessed);

    let u = found.get(KEY, &unrotated);
    // moto leaves KeyUsage out unless CreateKey named it; AWS always answers it.
    assert_eq!(u.configuration["KeyUsage"], json!("ENCRYPT_DECRYPT"));
    assert_eq!(u.supplementary["KeyRotationStatus"]["RotationApplicable"], json!(true));
    assert_eq!(u.supplementary["KeyRotationStatus"]["KeyRotationEnabled"], json!(false));
    assert_eq!(u.supplementary["Aliases"], json!([]));
    assert_eq!(u.name, None);

    // Rotation does not apply: said explicitly, never an error nor "disabled".
    for (id, spec) in [(&rsa, "RSA_2048"), (&hmac, "HMAC_256")] {
        let r = found.get(KEY, id);
        assert_eq!(r.configuration["KeySpec"], json!(spec));
        let rotation = &r.supplementary["KeyRotationStatus"];
        assert_eq!(rotation["RotationApplicable"], json!(false), "{rotation}");
        assert!(rotation["Reason"].as_str().is_some_and(|reason| reason.contains("asymmetric and HMAC")), "{rotation}");
        assert!(rotation.get("KeyRotationEnabled").is_none());
        assert!(!r.not_assessed.contains_key("KeyRotationStatus"));
    }

    let d = found.get(KEY, &doomed);
    assert_eq!(d.configuration["KeyState"], json!("PendingDeletion"));
    assert!(d.configuration["DeletionDate"].is_string(), "{}", d.configuration);
}
