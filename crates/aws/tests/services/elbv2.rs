//! ELBv2: an internet-facing Application Load Balancer with hardened attributes, an HTTP
//! listener that redirects to HTTPS and an HTTPS listener with a certificate.

use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, Certificate, LoadBalancerAttribute, LoadBalancerSchemeEnum, LoadBalancerTypeEnum,
    ProtocolEnum, RedirectActionConfig, RedirectActionStatusCodeEnum, Tag,
};
use serde_json::json;

use super::network;
use crate::common::{account, Discovered};

const LB: &str = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const LISTENER: &str = "AWS::ElasticLoadBalancingV2::Listener";

#[tokio::test(flavor = "multi_thread")]
async fn load_balancers_and_listeners() {
    let acct = account();
    let sdk = acct.sdk("us-east-1").await;
    let net = network(&acct, "us-east-1", "10.32").await;
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&sdk);
    let lb = elb
        .create_load_balancer()
        .name("web")
        .set_subnets(Some(net.subnets.to_vec()))
        .security_groups(&net.security_group)
        .scheme(LoadBalancerSchemeEnum::InternetFacing)
        .r#type(LoadBalancerTypeEnum::Application)
        .tags(Tag::builder().key("Owner").value("web-team").build())
        .send()
        .await
        .unwrap()
        .load_balancers
        .unwrap()
        .remove(0)
        .load_balancer_arn
        .unwrap();
    elb.modify_load_balancer_attributes()
        .load_balancer_arn(&lb)
        .attributes(LoadBalancerAttribute::builder().key("deletion_protection.enabled").value("true").build())
        .attributes(
            LoadBalancerAttribute::builder()
                .key("routing.http.drop_invalid_header_fields.enabled")
                .value("true")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let target_group = elb
        .create_target_group()
        .name("web-tg")
        .protocol(ProtocolEnum::Http)
        .port(80)
        .vpc_id(&net.vpc)
        .send()
        .await
        .unwrap()
        .target_groups
        .unwrap()
        .remove(0)
        .target_group_arn
        .unwrap();
    let http = elb
        .create_listener()
        .load_balancer_arn(&lb)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(
            Action::builder()
                .r#type(ActionTypeEnum::Redirect)
                .redirect_config(
                    RedirectActionConfig::builder()
                        .protocol("HTTPS")
                        .port("443")
                        .status_code(RedirectActionStatusCodeEnum::Http301)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap()
        .listeners
        .unwrap()
        .remove(0)
        .listener_arn
        .unwrap();
    // The emulator checks that the certificate exists, in ACM or IAM.
    let certificate = aws_sdk_iam::Client::new(&sdk)
        .upload_server_certificate()
        .server_certificate_name("web")
        .certificate_body("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")
        .private_key("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----")
        .send()
        .await
        .unwrap()
        .server_certificate_metadata
        .unwrap()
        .arn;
    let https = elb
        .create_listener()
        .load_balancer_arn(&lb)
        .protocol(ProtocolEnum::Https)
        .port(443)
        .ssl_policy("ELBSecurityPolicy-TLS13-1-2-2021-06")
        .certificates(Certificate::builder().certificate_arn(&certificate).build())
        .default_actions(Action::builder().r#type(ActionTypeEnum::Forward).target_group_arn(&target_group).build())
        .send()
        .await
        .unwrap()
        .listeners
        .unwrap()
        .remove(0)
        .listener_arn
        .unwrap();

    let found = acct.discover(&["us-east-1"], &[LB, LISTENER]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);

    let b = found.get(LB, &lb);
    assert_eq!(b.configuration["Scheme"], json!("internet-facing"));
    assert_eq!(b.configuration["Type"], json!("application"));
    assert_eq!(b.configuration["VpcId"], json!(net.vpc));
    assert_eq!(b.configuration["SecurityGroups"], json!([net.security_group]));
    assert!(b.configuration["DNSName"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(b.name.as_deref(), Some("web"));
    let attributes = b.supplementary["LoadBalancerAttributes"].as_array().expect("attributes were read");
    let attribute = |key: &str| attributes.iter().find(|a| a["Key"] == key).map(|a| a["Value"].clone());
    assert_eq!(attribute("deletion_protection.enabled"), Some(json!("true")));
    assert_eq!(attribute("routing.http.drop_invalid_header_fields.enabled"), Some(json!("true")));
    assert_eq!(attribute("access_logs.s3.bucket"), Some(json!("")), "access logs are off");
    assert_eq!(b.tags.get("Owner").map(String::as_str), Some("web-team"));
    assert!(b.not_assessed.is_empty(), "{:?}", b.not_assessed);
    assert!(Discovered::has_edge(b, "in_vpc", "AWS::EC2::VPC", &net.vpc));
    assert!(Discovered::has_edge(b, "uses_security_group", "AWS::EC2::SecurityGroup", &net.security_group));
    for subnet in &net.subnets {
        assert!(Discovered::has_edge(b, "in_subnet", "AWS::EC2::Subnet", subnet));
    }

    let h = found.get(LISTENER, &http);
    assert_eq!(h.configuration["Protocol"], json!("HTTP"));
    assert_eq!(h.configuration["Port"], json!(80));
    assert_eq!(
        h.configuration["DefaultActions"][0],
        json!({"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}})
    );
    assert_eq!(h.supplementary.get("ListenerCertificates"), Some(&json!(null)), "plain HTTP has no certificates");
    assert_eq!(h.name.as_deref(), Some("HTTP:80"));
    assert!(Discovered::has_edge(h, "of_load_balancer", LB, &lb));

    let s = found.get(LISTENER, &https);
    assert_eq!(s.configuration["Protocol"], json!("HTTPS"));
    assert_eq!(s.configuration["SslPolicy"], json!("ELBSecurityPolicy-TLS13-1-2-2021-06"));
    assert_eq!(s.configuration["Certificates"][0]["CertificateArn"], json!(certificate));
    assert_eq!(s.configuration["DefaultActions"][0]["TargetGroupArn"], json!(target_group));
    assert_eq!(s.supplementary["ListenerCertificates"], json!([{"CertificateArn": certificate, "IsDefault": true}]));
    assert!(s.not_assessed.is_empty(), "{:?}", s.not_assessed);
    assert!(Discovered::has_edge(s, "of_load_balancer", LB, &lb));
}
