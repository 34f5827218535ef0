//! IAM: users (MFA, access keys, login profile, policies, groups), groups, roles (trust
//! policies), instance profiles, customer managed policies, the password policy, the
//! account summary, the credential report, SAML and OIDC providers, server certificates.

use aws_sdk_iam::types::{StatusType, Tag};
use meerkat_model::Resource;
use meerkat_testkit::{FailingEndpoint, FailureMode};
use serde_json::{json, Value};

use crate::common::{account, Discovered, TestAccount};

const USER: &str = "AWS::IAM::User";
const GROUP: &str = "AWS::IAM::Group";
const ROLE: &str = "AWS::IAM::Role";
const INSTANCE_PROFILE: &str = "AWS::IAM::InstanceProfile";
const POLICY: &str = "AWS::IAM::Policy";
const PASSWORD_POLICY: &str = "AWS::IAM::AccountPasswordPolicy";
const SUMMARY: &str = "AWS::IAM::AccountSummary";
const CREDENTIAL_REPORT: &str = "AWS::IAM::CredentialReport";
const SAML: &str = "AWS::IAM::SAMLProvider";
const OIDC: &str = "AWS::IAM::OIDCProvider";
const SERVER_CERTIFICATE: &str = "AWS::IAM::ServerCertificate";

const READ_ONLY_ACCESS: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

async fn iam(acct: &TestAccount) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(&acct.sdk("us-east-1").await)
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

fn allow(action: &str, resource: &str) -> String {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})
        .to_string()
}

fn trust(principal: Value) -> String {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]}).to_string()
}

async fn create_policy(iam: &aws_sdk_iam::Client, name: &str, document: &str) -> String {
    let out = iam.create_policy().policy_name(name).policy_document(document).send().await.unwrap();
    out.policy().and_then(|p| p.arn()).unwrap().to_owned()
}

fn assert_clean(found: &Discovered) {
    assert!(found.failed.is_empty(), "failed scopes: {:?}", found.failed);
}

fn assert_edge(r: &Resource, kind: &str, target_type: &str, target_id: &str) {
    assert!(
        Discovered::has_edge(r, kind, target_type, target_id),
        "{} {} has no {kind} edge to {target_type} {target_id}; has {:?}",
        r.resource_type,
        r.resource_id,
        r.relationships
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn users_with_console_password_keys_mfa_policies_and_groups() {
    let acct = account();
    let iam = iam(&acct).await;
    let managed = create_policy(&iam, "deploy", &allow("s3:PutObject", "arn:aws:s3:::artifacts/*")).await;
    let boundary = create_policy(&iam, "boundary", &allow("s3:*", "*")).await;

    iam.create_group().group_name("developers").path("/eng/").send().await.unwrap();
    iam.put_group_policy()
        .group_name("developers")
        .policy_name("logs")
        .policy_document(allow("logs:GetLogEvents", "*"))
        .send()
        .await
        .unwrap();
    iam.attach_group_policy().group_name("developers").policy_arn(READ_ONLY_ACCESS).send().await.unwrap();

    // Risky: console password without MFA, two keys (one inactive), admin inline policy.
    iam.create_user()
        .user_name("alice")
        .path("/eng/")
        .permissions_boundary(&boundary)
        .tags(tag("team", "platform"))
        .send()
        .await
        .unwrap();
    iam.create_login_profile().user_name("alice").password("Correct-Horse-9").send().await.unwrap();
    // moto ignores CreateLoginProfile's PasswordResetRequired; UpdateLoginProfile sets it
    // (and, unlike AWS, removes the password when the call names none).
    iam.update_login_profile()
        .user_name("alice")
        .password("Correct-Horse-9")
        .password_reset_required(true)
        .send()
        .await
        .unwrap();
    let key1 = iam.create_access_key().user_name("alice").send().await.unwrap().access_key.unwrap().access_key_id;
    let key2 = iam.create_access_key().user_name("alice").send().await.unwrap().access_key.unwrap().access_key_id;
    iam.update_access_key().user_name("alice").access_key_id(&key2).status(StatusType::Inactive).send().await.unwrap();
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("admin")
        .policy_document(allow("*", "*"))
        .send()
        .await
        .unwrap();
    iam.attach_user_policy().user_name("alice").policy_arn(&managed).send().await.unwrap();
    iam.add_user_to_group().user_name("alice").group_name("developers").send().await.unwrap();

    // Compliant: no password, no keys, a virtual MFA device.
    iam.create_user().user_name("bob").send().await.unwrap();
    let serial = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("bob-phone")
        .send()
        .await
        .unwrap()
        .virtual_mfa_device
        .unwrap()
        .serial_number;
    iam.enable_mfa_device()
        .user_name("bob")
        .serial_number(&serial)
        .authentication_code1("123456")
        .authentication_code2("654321")
        .send()
        .await
        .unwrap();

    let found = acct.discover(&["us-east-1"], &[USER, GROUP]).await;
    assert_clean(&found);

    let alice = found.get(USER, "alice");
    assert_eq!(alice.region, "global");
    assert_eq!(alice.name.as_deref(), Some("alice"));
    let alice_arn = format!("arn:aws:iam::{}:user/eng/alice", acct.account.id);
    assert_eq!(alice.arn.as_deref(), Some(alice_arn.as_str()));
    assert_eq!(alice.configuration["Arn"], json!(alice_arn));
    assert_eq!(alice.configuration["Path"], json!("/eng/"));
    assert!(alice.configuration["UserId"].as_str().is_some_and(|id| !id.is_empty()));
    assert!(alice.configuration["CreateDate"].is_string());
    // moto drops CreateUser's PermissionsBoundary and lacks PutUserPermissionsBoundary;
    // the role test covers the field's shape.
    assert!(
        alice.configuration.get("PermissionsBoundary").is_none(),
        "moto now keeps user boundaries: assert the value"
    );
    assert_eq!(alice.tags.get("team").map(String::as_str), Some("platform"));

    assert_eq!(alice.supplementary["LoginProfile"]["UserName"], json!("alice"));
    assert_eq!(alice.supplementary["LoginProfile"]["PasswordResetRequired"], json!(true));
    assert_eq!(alice.supplementary["MFADevices"], json!([]), "alice has no MFA");

    let keys = alice.supplementary["AccessKeys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    let key = |id: &str| {
        keys.iter().find(|k| k["AccessKeyId"] == json!(id)).unwrap_or_else(|| panic!("no key {id} in {keys:?}"))
    };
    assert_eq!(key(&key1)["Status"], json!("Active"));
    assert_eq!(key(&key2)["Status"], json!("Inactive"));
    assert_eq!(key(&key1)["UserName"], json!("alice"));
    assert!(key(&key1)["CreateDate"].is_string());
    // Never used: moto, like AWS, answers "N/A" for service and region and no date.
    assert_eq!(key(&key1)["AccessKeyLastUsed"]["Region"], json!("N/A"));
    assert_eq!(key(&key1)["AccessKeyLastUsed"]["ServiceName"], json!("N/A"));
    assert!(key(&key1)["AccessKeyLastUsed"].get("LastUsedDate").is_none());

    assert_eq!(alice.supplementary["AttachedManagedPolicies"], json!([{"PolicyName": "deploy", "PolicyArn": managed}]));
    assert_eq!(
        alice.supplementary["UserPolicyList"],
        json!([{"PolicyName": "admin", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}])
    );
    assert_eq!(alice.supplementary["Groups"][0]["GroupName"], json!("developers"));
    assert_eq!(alice.supplementary["Groups"][0]["Path"], json!("/eng/"));
    assert_edge(alice, "member_of", GROUP, "developers");
    assert_edge(alice, "has_policy", POLICY, &managed);
    assert!(!Discovered::has_edge(alice, "has_policy", POLICY, &boundary), "a boundary grants nothing");
    assert!(alice.not_assessed.is_empty(), "{:?}", alice.not_assessed);
    assert!(alice.volatile.contains(&"configuration.PasswordLastUsed".to_owned()));
    assert!(alice.volatile.contains(&"supplementary.AccessKeys[].AccessKeyLastUsed".to_owned()));

    let bob = found.get(USER, "bob");
    assert_eq!(bob.supplementary["LoginProfile"], json!(null), "bob has no console password");
    assert!(!bob.not_assessed.contains_key("LoginProfile"));
    assert_eq!(bob.supplementary["AccessKeys"], json!([]));
    assert_eq!(bob.supplementary["MFADevices"].as_array().map(Vec::len), Some(1));
    assert_eq!(bob.supplementary["MFADevices"][0]["SerialNumber"], json!(serial));
    assert_eq!(
        bob.supplementary["MFADevices"][0]["SerialNumber"],
        json!(format!("arn:aws:iam::{}:mfa/bob-phone", acct.account.id))
    );
    assert_eq!(bob.supplementary["UserPolicyList"], json!([]));
    assert_eq!(bob.supplementary["Groups"], json!([]));
    assert!(bob.relationships.is_empty());
    assert!(bob.configuration.get("PermissionsBoundary").is_none());

    let developers = found.get(GROUP, "developers");
    assert_eq!(
        developers.arn.as_deref(),
        Some(format!("arn:aws:iam::{}:group/eng/developers", acct.account.id).as_str())
    );
    assert_eq!(developers.configuration["GroupName"], json!("developers"));
    let members: Vec<&Value> =
        developers.supplementary["Users"].as_array().unwrap().iter().map(|u| &u["UserName"]).collect();
    assert_eq!(members, vec![&json!("alice")]);
    assert_eq!(
        developers.supplementary["AttachedManagedPolicies"],
        json!([{"PolicyName": "ReadOnlyAccess", "PolicyArn": READ_ONLY_ACCESS}])
    );
    assert_eq!(developers.supplementary["GroupPolicyList"][0]["PolicyName"], json!("logs"));
    assert_eq!(
        developers.supplementary["GroupPolicyList"][0]["PolicyDocument"]["Statement"][0]["Action"],
        json!("logs:GetLogEvents")
    );
    assert_edge(developers, "has_policy", POLICY, READ_ONLY_ACCESS);
    assert!(developers.not_assessed.is_empty(), "{:?}", developers.not_assessed);

    // Nothing changed: a second scan hashes the same.
    let again = acct.discover(&["us-east-1"], &[USER, GROUP]).await;
    assert_eq!(again.get(USER, "alice").config_hash, alice.config_hash);
    assert_eq!(again.get(GROUP, "developers").config_hash, developers.config_hash);

    // Removing the console password is a change.
    iam.delete_login_profile().user_name("alice").send().await.unwrap();
    let changed = acct.discover(&["us-east-1"], &[USER]).await;
    let alice2 = changed.get(USER, "alice");
    assert_eq!(alice2.supplementary["LoginProfile"], json!(null));
    assert_ne!(alice2.config_hash, alice.config_hash);
}

#[tokio::test(flavor = "multi_thread")]
async fn roles_with_wildcard_and_cross_account_trust_and_instance_profiles() {
    let acct = account();
    let iam = iam(&acct).await;
    let managed = create_policy(&iam, "read-artifacts", &allow("s3:GetObject", "arn:aws:s3:::artifacts/*")).await;
    let boundary = create_policy(&iam, "role-boundary", &allow("s3:*", "*")).await;

    iam.create_role()
        .role_name("anyone")
        .assume_role_policy_document(trust(json!({"AWS": "*"})))
        .description("trusts every AWS principal")
        .max_session_duration(7200)
        .permissions_boundary(&boundary)
        .tags(tag("env", "prod"))
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("anyone")
        .policy_name("pass")
        .policy_document(allow("iam:PassRole", "*"))
        .send()
        .await
        .unwrap();
    iam.attach_role_policy().role_name("anyone").policy_arn(&managed).send().await.unwrap();

    let cross = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "vendor-42"}},
    }]});
    iam.create_role()
        .role_name("vendor")
        .path("/partners/")
        .assume_role_policy_document(cross.to_string())
        .send()
        .await
        .unwrap();

    iam.create_role()
        .role_name("web")
        .assume_role_policy_document(trust(json!({"Service": "ec2.amazonaws.com"})))
        .send()
        .await
        .unwrap();
    iam.create_instance_profile().instance_profile_name("web-profile").tags(tag("app", "web")).send().await.unwrap();
    iam.add_role_to_instance_profile().instance_profile_name("web-profile").role_name("web").send().await.unwrap();
    iam.create_instance_profile().instance_profile_name("empty-profile").send().await.unwrap();

    let found = acct.discover(&["us-east-1"], &[ROLE, INSTANCE_PROFILE]).await;
    assert_clean(&found);

    let anyone = found.get(ROLE, "anyone");
    assert_eq!(anyone.arn.as_deref(), Some(format!("arn:aws:iam::{}:role/anyone", acct.account.id).as_str()));
    assert_eq!(anyone.configuration["AssumeRolePolicyDocument"]["Statement"][0]["Principal"], json!({"AWS": "*"}));
    assert_eq!(anyone.configuration["MaxSessionDuration"], json!(7200));
    assert_eq!(anyone.configuration["Description"], json!("trusts every AWS principal"));
    assert_eq!(anyone.configuration["Path"], json!("/"));
    assert_eq!(anyone.configuration["PermissionsBoundary"]["PermissionsBoundaryArn"], json!(boundary));
    assert!(anyone.configuration["RoleLastUsed"].is_object(), "GetRole answers RoleLastUsed (empty when never used)");
    assert_eq!(anyone.tags.get("env").map(String::as_str), Some("prod"));
    assert_eq!(anyone.supplementary["RolePolicyList"][0]["PolicyName"], json!("pass"));
    assert_eq!(
        anyone.supplementary["RolePolicyList"][0]["PolicyDocument"]["Statement"][0]["Action"],
        json!("iam:PassRole")
    );
    assert_eq!(anyone.supplementary["AttachedManagedPolicies"][0]["PolicyArn"], json!(managed));
    assert_edge(anyone, "has_policy", POLICY, &managed);
    assert_eq!(anyone.volatile, vec!["configuration.RoleLastUsed".to_owned()]);
    assert!(anyone.not_assessed.is_empty(), "{:?}", anyone.not_assessed);

    let vendor = found.get(ROLE, "vendor");
    assert_eq!(vendor.configuration["Path"], json!("/partners/"));
    assert_eq!(vendor.configuration["AssumeRolePolicyDocument"], cross);
    assert_eq!(vendor.configuration["MaxSessionDuration"], json!(3600), "the default");
    assert_eq!(vendor.supplementary["RolePolicyList"], json!([]));
    assert_eq!(vendor.supplementary["AttachedManagedPolicies"], json!([]));
    assert!(vendor.relationships.is_empty());

    let web = found.get(INSTANCE_PROFILE, "web-profile");
    assert_eq!(
        web.arn.as_deref(),
        Some(format!("arn:aws:iam::{}:instance-profile/web-profile", acct.account.id).as_str())
    );
    assert_eq!(web.configuration["Roles"].as_array().map(Vec::len), Some(1));
    assert_eq!(web.configuration["Roles"][0]["RoleName"], json!("web"));
    assert_eq!(web.configuration["Roles"][0]["Arn"], json!(format!("arn:aws:iam::{}:role/web", acct.account.id)));
    assert!(web.configuration["Roles"][0].get("AssumeRolePolicyDocument").is_none(), "the role's own record holds it");
    assert_edge(web, "uses_role", ROLE, "web");
    assert_eq!(web.tags.get("app").map(String::as_str), Some("web"));
    assert!(web.not_assessed.is_empty(), "{:?}", web.not_assessed);
    let empty = found.get(INSTANCE_PROFILE, "empty-profile");
    assert_eq!(empty.configuration["Roles"], json!([]));
    assert!(empty.relationships.is_empty());

    // Rescan: stable hashes.
    let again = acct.discover(&["us-east-1"], &[ROLE, INSTANCE_PROFILE]).await;
    assert_eq!(again.get(ROLE, "anyone").config_hash, anyone.config_hash);
    assert_eq!(again.get(INSTANCE_PROFILE, "web-profile").config_hash, web.config_hash);
}

#[tokio::test(flavor = "multi_thread")]
async fn customer_managed_policies_with_switched_default_version() {
    let acct = account();
    let iam = iam(&acct).await;
    let v1 = allow("s3:GetObject", "arn:aws:s3:::reports/*");
    let v2 = allow("s3:*", "*");
    let out = iam
        .create_policy()
        .policy_name("reports")
        .path("/team/")
        .description("reports access")
        .policy_document(&v1)
        .tags(tag("owner", "data"))
        .send()
        .await
        .unwrap();
    let arn = out.policy().and_then(|p| p.arn()).unwrap().to_owned();
    iam.create_policy_version().policy_arn(&arn).policy_document(&v2).set_as_default(false).send().await.unwrap();
    iam.set_default_policy_version().policy_arn(&arn).version_id("v2").send().await.unwrap();
    iam.create_user().user_name("carol").send().await.unwrap();
    iam.attach_user_policy().user_name("carol").policy_arn(&arn).send().await.unwrap();
    let unused = create_policy(&iam, "unused", &allow("sqs:SendMessage", "*")).await;

    let found = acct.discover(&["us-east-1"], &[POLICY]).await;
    assert_clean(&found);

    // moto loads the ~1,000 AWS managed policies: none may show up here.
    let aws_managed: Vec<&str> = found
        .of_type(POLICY)
        .iter()
        .map(|r| r.resource_id.as_str())
        .filter(|id| id.starts_with("arn:aws:iam::aws:"))
        .collect();
    assert!(aws_managed.is_empty(), "AWS managed policies listed: {aws_managed:?}");
    assert_eq!(found.of_type(POLICY).len(), 2, "only the two customer managed policies");

    let p = found.get(POLICY, &arn);
    assert_eq!(arn, format!("arn:aws:iam::{}:policy/team/reports", acct.account.id));
    assert_eq!(p.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(p.name.as_deref(), Some("reports"));
    assert_eq!(p.configuration["PolicyName"], json!("reports"));
    assert_eq!(p.configuration["Path"], json!("/team/"));
    assert_eq!(p.configuration["DefaultVersionId"], json!("v2"));
    assert_eq!(p.configuration["AttachmentCount"], json!(1));
    assert_eq!(p.configuration["IsAttachable"], json!(true));
    assert_eq!(p.tags.get("owner").map(String::as_str), Some("data"));
    assert_eq!(p.supplementary["PolicyVersion"]["VersionId"], json!("v2"));
    assert_eq!(p.supplementary["PolicyVersion"]["IsDefaultVersion"], json!(true));
    assert_eq!(p.supplementary["PolicyVersion"]["Document"], serde_json::from_str::<Value>(&v2).unwrap());
    let mut versions: Vec<(Value, Value)> = p.supplementary["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["VersionId"].clone(), x["IsDefaultVersion"].clone()))
        .collect();
    versions.sort_by_key(|(id, _)| id.to_string());
    assert_eq!(versions, vec![(json!("v1"), json!(false)), (json!("v2"), json!(true))]);
    // Every version keeps its document: SetDefaultPolicyVersion can bring back the old one.
    let old = p.supplementary["Versions"].as_array().unwrap().iter().find(|x| x["VersionId"] == json!("v1")).unwrap();
    assert_eq!(old["Document"], serde_json::from_str::<Value>(&v1).unwrap());
    assert_eq!(p.configuration["Description"], json!("reports access"));
    // moto's GetAccountAuthorizationDetails leaves out PolicyId (and PolicyName, which the
    // collector takes from the ARN); AWS answers both.
    assert!(p.configuration.get("PolicyId").is_none(), "moto now answers PolicyId: assert it is a string");
    assert_eq!(p.supplementary["EntitiesForPolicy"]["PolicyUsers"][0]["UserName"], json!("carol"));
    assert_eq!(p.supplementary["EntitiesForPolicy"]["PolicyRoles"], json!([]));
    assert!(p.not_assessed.is_empty(), "{:?}", p.not_assessed);

    let u = found.get(POLICY, &unused);
    assert_eq!(u.configuration["AttachmentCount"], json!(0));
    assert_eq!(u.configuration["DefaultVersionId"], json!("v1"));
    assert!(u.configuration.get("Description").is_none(), "none was given");
    assert_eq!(u.supplementary["PolicyVersion"]["Document"]["Statement"][0]["Action"], json!("sqs:SendMessage"));
    assert_eq!(u.supplementary["EntitiesForPolicy"], json!({"PolicyGroups": [], "PolicyUsers": [], "PolicyRoles": []}));

    // Switching the default back is a new version of the resource.
    iam.set_default_policy_version().policy_arn(&arn).version_id("v1").send().await.unwrap();
    let again = acct.discover(&["us-east-1"], &[POLICY]).await;
    let p2 = again.get(POLICY, &arn);
    assert_eq!(p2.supplementary["PolicyVersion"]["Document"], serde_json::from_str::<Value>(&v1).unwrap());
    assert_ne!(p2.config_hash, p.config_hash);
}

#[tokio::test(flavor = "multi_thread")]
async fn password_policy_absent_then_configured() {
    let acct = account();
    let iam = iam(&acct).await;
    let found = acct.discover(&["us-east-1"], &[PASSWORD_POLICY]).await;
    assert_clean(&found);
    let r = found.get(PASSWORD_POLICY, &acct.account.id);
    assert_eq!(r.configuration, json!({"Configured": false}), "no policy is a resource in the risky state");
    assert!(r.not_assessed.is_empty());

    iam.update_account_password_policy()
        .minimum_password_length(14)
        .require_symbols(true)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .allow_users_to_change_password(true)
        .max_password_age(90)
        .password_reuse_prevention(24)
        .send()
        .await
        .unwrap();
    let found = acct.discover(&["us-east-1"], &[PASSWORD_POLICY]).await;
    assert_clean(&found);
    let r2 = found.get(PASSWORD_POLICY, &acct.account.id);
    let c = &r2.configuration;
    assert_eq!(c["Configured"], json!(true));
    assert_eq!(c["MinimumPasswordLength"], json!(14));
    assert_eq!(c["PasswordReusePrevention"], json!(24));
    assert_eq!(c["MaxPasswordAge"], json!(90));
    assert_eq!(c["ExpirePasswords"], json!(true));
    assert_eq!(c["RequireSymbols"], json!(true));
    assert_eq!(c["RequireLowercaseCharacters"], json!(true));
    assert_eq!(c["AllowUsersToChangePassword"], json!(true));
    assert_eq!(c["HardExpiry"], json!(false));
    assert_ne!(r2.config_hash, r.config_hash);
}

#[tokio::test(flavor = "multi_thread")]
async fn account_summary_with_counts_volatile() {
    let acct = account();
    let iam = iam(&acct).await;
    iam.create_user().user_name("dave").send().await.unwrap();
    let serial = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("dave-phone")
        .send()
        .await
        .unwrap()
        .virtual_mfa_device
        .unwrap()
        .serial_number;
    iam.enable_mfa_device()
        .user_name("dave")
        .serial_number(&serial)
        .authentication_code1("123456")
        .authentication_code2("654321")
        .send()
        .await
        .unwrap();
    // Not assigned: not listed.
    iam.create_virtual_mfa_device().virtual_mfa_device_name("spare").send().await.unwrap();

    let found = acct.discover(&["us-east-1"], &[SUMMARY]).await;
    assert_clean(&found);
    let r = found.get(SUMMARY, &acct.account.id);
    let map = &r.configuration["SummaryMap"];
    // moto never turns these on: no root MFA (CIS 1.5 fails), no root keys (CIS 1.4 passes).
    assert_eq!(map["AccountMFAEnabled"], json!(0));
    assert_eq!(map["AccountAccessKeysPresent"], json!(0));
    assert_eq!(map["Users"], json!(1));
    assert_eq!(map["UsersQuota"], json!(5000));
    let devices = r.supplementary["VirtualMFADevices"].as_array().unwrap();
    assert_eq!(devices.len(), 1, "{devices:?}");
    assert_eq!(devices[0]["SerialNumber"], json!(serial));
    assert_eq!(devices[0]["User"]["UserName"], json!("dave"));
    assert!(r.volatile.contains(&"configuration.SummaryMap.Users".to_owned()));

    // A new user changes the count, which is volatile: same hash.
    iam.create_user().user_name("erin").send().await.unwrap();
    let again = acct.discover(&["us-east-1"], &[SUMMARY]).await;
    let r2 = again.get(SUMMARY, &acct.account.id);
    assert_eq!(r2.configuration["SummaryMap"]["Users"], json!(2));
    assert_eq!(r2.config_hash, r.config_hash);
}

#[tokio::test(flavor = "multi_thread")]
async fn credential_report_rows() {
    let acct = account();
    let iam = iam(&acct).await;
    iam.create_user().user_name("frank").send().await.unwrap();
    iam.create_login_profile().user_name("frank").password("Correct-Horse-9").send().await.unwrap();
    iam.create_access_key().user_name("frank").send().await.unwrap();
    let key2 = iam.create_access_key().user_name("frank").send().await.unwrap().access_key.unwrap().access_key_id;
    iam.update_access_key().user_name("frank").access_key_id(&key2).status(StatusType::Inactive).send().await.unwrap();
    iam.create_user().user_name("grace").send().await.unwrap();

    // moto answers STARTED to the first GenerateCredentialReport: the collector waits.
    let found = acct.discover(&["us-east-1"], &[CREDENTIAL_REPORT]).await;
    assert_clean(&found);
    let r = found.get(CREDENTIAL_REPORT, &acct.account.id);
    assert_eq!(r.configuration["ReportFormat"], json!("text/csv"));
    assert!(r.configuration["GeneratedTime"].is_string());
    let rows = r.configuration["Content"].as_array().unwrap();
    let row = |user: &str| {
        rows.iter().find(|x| x["user"] == json!(user)).unwrap_or_else(|| panic!("no row for {user}: {rows:?}"))
    };
    let frank = row("frank");
    assert_eq!(frank["arn"], json!(format!("arn:aws:iam::{}:user/frank", acct.account.id)));
    assert_eq!(frank["password_enabled"], json!("true"));
    assert_eq!(frank["mfa_active"], json!("false"));
    assert_eq!(frank["access_key_1_active"], json!("true"));
    assert_eq!(frank["access_key_2_active"], json!("false"));
    assert_eq!(frank["access_key_1_last_used_date"], json!("N/A"));
    let grace = row("grace");
    assert_eq!(grace["password_enabled"], json!("false"));
    assert_eq!(grace["access_key_1_active"], json!("false"));
    // AWS writes a `<root_account>` row; moto does not, so it is not asserted here.
    assert_eq!(rows.len(), 2 + usize::from(rows.iter().any(|x| x["user"] == json!("<root_account>"))));
    assert!(r.not_assessed.is_empty(), "{:?}", r.not_assessed);
    assert!(r.volatile.contains(&"configuration.GeneratedTime".to_owned()));
    assert!(r.volatile.contains(&"configuration.Content[].access_key_1_last_used_date".to_owned()));
    assert!(r.volatile.contains(&"configuration.Content[].password_last_used".to_owned()));
}

#[tokio::test(flavor = "multi_thread")]
async fn saml_and_oidc_providers_and_server_certificates() {
    let acct = account();
    let iam = iam(&acct).await;
    let metadata = r#"<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>"#;
    let saml_arn = iam
        .create_saml_provider()
        .name("Okta")
        .saml_metadata_document(metadata)
        .send()
        .await
        .unwrap()
        .saml_provider_arn
        .unwrap();
    let oidc_arn = iam
        .create_open_id_connect_provider()
        .url("https://token.actions.githubusercontent.com")
        .client_id_list("sts.amazonaws.com")
        .thumbprint_list("6938fd4d98bab03faadb97b34396831e3780aea1")
        .tags(tag("ci", "github"))
        .send()
        .await
        .unwrap()
        .open_id_connect_provider_arn
        .unwrap();
    let body = include_str!("data/iam_server_cert_test_only.pem");
    let key = include_str!("data/iam_server_cert_test_only.key.pem");
    iam.upload_server_certificate()
        .server_certificate_name("legacy-elb")
        .path("/elb/")
        .certificate_body(body)
        .private_key(key)
        .send()
        .await
        .unwrap();

    let found = acct.discover(&["us-east-1"], &[SAML, OIDC, SERVER_CERTIFICATE]).await;
    assert_clean(&found);

    let saml = found.get(SAML, &saml_arn);
    assert_eq!(saml_arn, format!("arn:aws:iam::{}:saml-provider/Okta", acct.account.id));
    assert_eq!(saml.name.as_deref(), Some("Okta"));
    assert_eq!(saml.configuration["SAMLMetadataDocument"], json!(metadata));
    // moto's fixed validity.
    assert_eq!(saml.configuration["ValidUntil"], json!("2032-05-09T16:27:11Z"));
    assert!(saml.configuration["CreateDate"].is_string());
    assert!(saml.not_assessed.is_empty(), "{:?}", saml.not_assessed);

    let oidc = found.get(OIDC, &oidc_arn);
    assert_eq!(oidc_arn, format!("arn:aws:iam::{}:oidc-provider/token.actions.githubusercontent.com", acct.account.id));
    assert_eq!(oidc.name.as_deref(), Some("token.actions.githubusercontent.com"));
    assert_eq!(oidc.configuration["Url"], json!("token.actions.githubusercontent.com"));
    assert_eq!(oidc.configuration["ClientIDList"], json!(["sts.amazonaws.com"]));
    assert_eq!(oidc.configuration["ThumbprintList"], json!(["6938fd4d98bab03faadb97b34396831e3780aea1"]));
    assert_eq!(oidc.tags.get("ci").map(String::as_str), Some("github"));
    assert!(oidc.not_assessed.is_empty(), "{:?}", oidc.not_assessed);

    let cert = found.get(SERVER_CERTIFICATE, "legacy-elb");
    assert_eq!(
        cert.arn.as_deref(),
        Some(format!("arn:aws:iam::{}:server-certificate/elb/legacy-elb", acct.account.id).as_str())
    );
    assert_eq!(cert.configuration["Path"], json!("/elb/"));
    assert_eq!(cert.configuration["ServerCertificateName"], json!("legacy-elb"));
    // moto answers fixed metadata, whatever the certificate says.
    assert_eq!(cert.configuration["Expiration"], json!("2012-05-08T01:02:03.004Z"));
    assert!(cert.configuration["ServerCertificateId"].is_string());
    assert!(cert.configuration["UploadDate"].is_string());
    let whole = serde_json::to_string(cert).unwrap();
    assert!(!whole.contains("BEGIN CERTIFICATE") && !whole.contains("PRIVATE KEY"), "no PEM is kept: {whole}");
    // moto lacks ListServerCertificateTags: tags are not assessed rather than empty.
    assert!(cert.not_assessed.contains_key("Tags"), "{:?}", cert.not_assessed);
}

#[tokio::test(flavor = "multi_thread")]
async fn denied_iam_scopes_are_not_assessed() {
    let acct = account();
    let denied = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
    let types = [
        USER,
        GROUP,
        ROLE,
        INSTANCE_PROFILE,
        POLICY,
        PASSWORD_POLICY,
        SUMMARY,
        CREDENTIAL_REPORT,
        SAML,
        OIDC,
        SERVER_CERTIFICATE,
    ];
    let mut options = acct.options(&["us-east-1"], &types);
    options.service_endpoints.insert("iam".into(), denied.endpoint());
    let found = acct.discover_with(options).await;
    assert!(found.resources.is_empty(), "{:?}", found.resources);
    assert_eq!(found.failed.len(), types.len(), "{:?}", found.failed);
    for (scope, error) in &found.failed {
        assert_eq!(scope.region, "global");
        assert_eq!(error.code, "AccessDenied", "{scope}: {error}");
        assert_eq!(error.service, "iam");
    }
}

/// IAM calls one discovery of `types` makes in `acct`.
async fn iam_calls(acct: &TestAccount, types: &[&str]) -> (Discovered, u64) {
    let found = acct.discover(&["us-east-1"], types).await;
    assert_clean(&found);
    let calls = found.stats.api_calls_per_service.get("iam").copied().unwrap_or_default();
    (found, calls)
}

#[tokio::test(flavor = "multi_thread")]
async fn iam_reads_in_bulk_so_calls_do_not_grow_per_entity() {
    const USERS_AND_ROLES: usize = 20;
    const GROUPS_AND_POLICIES: usize = 5;
    let acct = account();
    let iam = iam(&acct).await;
    let mut policies = Vec::new();
    for i in 0..GROUPS_AND_POLICIES {
        policies.push(create_policy(&iam, &format!("shared-{i}"), &allow("s3:GetObject", "*")).await);
        let group = format!("crew-{i}");
        iam.create_group().group_name(&group).send().await.unwrap();
        let document = allow("sqs:*", "*");
        iam.put_group_policy().group_name(&group).policy_name("g").policy_document(document).send().await.unwrap();
    }
    for i in 0..USERS_AND_ROLES {
        let (policy, group) = (&policies[i % GROUPS_AND_POLICIES], format!("crew-{}", i % GROUPS_AND_POLICIES));
        let user = format!("user-{i:02}");
        iam.create_user().user_name(&user).send().await.unwrap();
        iam.put_user_policy()
            .user_name(&user)
            .policy_name("inline")
            .policy_document(allow("sns:Publish", "*"))
            .send()
            .await
            .unwrap();
        iam.attach_user_policy().user_name(&user).policy_arn(policy).send().await.unwrap();
        iam.add_user_to_group().user_name(&user).group_name(&group).send().await.unwrap();
        let role = format!("role-{i:02}");
        iam.create_role()
            .role_name(&role)
            .assume_role_policy_document(trust(json!({"Service": "lambda.amazonaws.com"})))
            .send()
            .await
            .unwrap();
        iam.put_role_policy()
            .role_name(&role)
            .policy_name("inline")
            .policy_document(allow("logs:PutLogEvents", "*"))
            .send()
            .await
            .unwrap();
        iam.attach_role_policy().role_name(&role).policy_arn(policy).send().await.unwrap();
    }

    let (users, user_calls) = iam_calls(&acct, &[USER]).await;
    let (roles, role_calls) = iam_calls(&acct, &[ROLE]).await;
    let (groups, group_calls) = iam_calls(&acct, &[GROUP]).await;
    let (found_policies, policy_calls) = iam_calls(&acct, &[POLICY]).await;
    eprintln!(
        "IAM calls: {USERS_AND_ROLES} users {user_calls}, {USERS_AND_ROLES} roles {role_calls}, \
         {GROUPS_AND_POLICIES} groups {group_calls}, {GROUPS_AND_POLICIES} policies {policy_calls}"
    );

    // The bulk answers carry what the per-entity calls did.
    assert_eq!(users.of_type(USER).len(), USERS_AND_ROLES);
    let u = users.get(USER, "user-07");
    assert_eq!(u.supplementary["UserPolicyList"][0]["PolicyDocument"]["Statement"][0]["Action"], json!("sns:Publish"));
    assert_edge(u, "has_policy", POLICY, &policies[2]);
    assert_edge(u, "member_of", GROUP, "crew-2");
    assert_eq!(u.supplementary["Groups"][0]["Arn"], json!(format!("arn:aws:iam::{}:group/crew-2", acct.account.id)));
    assert!(u.not_assessed.is_empty(), "{:?}", u.not_assessed);
    assert_eq!(roles.of_type(ROLE).len(), USERS_AND_ROLES);
    let r = roles.get(ROLE, "role-13");
    let statement = &r.supplementary["RolePolicyList"][0]["PolicyDocument"]["Statement"][0];
    assert_eq!(statement["Action"], json!("logs:PutLogEvents"));
    assert_edge(r, "has_policy", POLICY, &policies[3]);
    assert_eq!(r.configuration["MaxSessionDuration"], json!(3600));
    let names = |list: &Value, key: &str| -> Vec<String> {
        let mut names: Vec<String> =
            list.as_array().unwrap().iter().map(|x| x[key].as_str().unwrap_or_default().to_owned()).collect();
        names.sort();
        names
    };
    let crew = groups.get(GROUP, "crew-1");
    assert_eq!(names(&crew.supplementary["Users"], "UserName"), ["user-01", "user-06", "user-11", "user-16"]);
    assert!(crew.supplementary["Users"][0]["Arn"].as_str().is_some_and(|arn| arn.contains(":user/user-")));
    let attached = &found_policies.get(POLICY, &policies[4]).supplementary["EntitiesForPolicy"];
    assert_eq!(names(&attached["PolicyUsers"], "UserName"), ["user-04", "user-09", "user-14", "user-19"]);
    assert_eq!(names(&attached["PolicyRoles"], "RoleName"), ["role-04", "role-09", "role-14", "role-19"]);
    assert_eq!(attached["PolicyGroups"], json!([]));

    // Read one by one, a user costs at least 7 calls (GetUser, its attached and inline
    // policies, groups, keys, MFA devices, login profile: 161 here), a role 3 (81), a
    // group 3 (21) and a policy 4 (21). In bulk only what GetAccountAuthorizationDetails
    // lacks stays per entity: a user's MFA devices, access keys and login profile, and a
    // policy's tags; roles and groups cost a few paged calls whatever their number.
    let (n, m) = (USERS_AND_ROLES as u64, GROUPS_AND_POLICIES as u64);
    assert!(user_calls <= 3 * n + 4, "{user_calls} IAM calls for {n} users");
    assert!(role_calls <= 4, "{role_calls} IAM calls for {n} roles");
    assert!(group_calls <= 4, "{group_calls} IAM calls for {m} groups");
    assert!(policy_calls <= m + 4, "{policy_calls} IAM calls for {m} policies");
}
