//! EC2 and VPC: instances, subnets, route tables, gateways, network ACLs, interfaces,
//! Elastic IPs, volumes, snapshots, images, EBS encryption by default, flow logs, security
//! groups and VPCs. Every test builds its resources in its own emulated account and finds
//! them by id: moto's accounts start with a default VPC and ~1,300 catalogue snapshots.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::time::Instant;

use aws_sdk_ec2::types::{
    AttributeBooleanValue, DomainType, FlowLogsResourceType,
    HttpTokensState, IamInstanceProfileSpecification, InstanceMetadataOptionsRequest, InstanceMetadataTagsState, InstanceType,
    IpPermission, IpRange, Ipv6Range, LaunchPermission, LaunchPermissionModifications, LogDestinationType, PermissionGroup,
    PortRange, ResourceType, RuleAction, Tag, TagSpecification, TrafficType, UserIdGroupPair, VolumeType,
};
use meerkat_model::{config_hash, Resource};
use meerkat_testkit::{FailingEndpoint, FailureMode};
use serde_json::json;

use crate::common::{account, Discovered, TestAccount};

const INSTANCE: &str = "AWS::EC2::Instance";
const SUBNET: &str = "AWS::EC2::Subnet";
const ROUTE_TABLE: &str = "AWS::EC2::RouteTable";
const IGW: &str = "AWS::EC2::InternetGateway";
const NAT: &str = "AWS::EC2::NatGateway";
const NACL: &str = "AWS::EC2::NetworkAcl";
const ENI: &str = "AWS::EC2::NetworkInterface";
const EIP: &str = "AWS::EC2::EIP";
const VOLUME: &str = "AWS::EC2::Volume";
const SNAPSHOT: &str = "AWS::EC2::Snapshot";
const IMAGE: &str = "AWS::EC2::Image";
const EBS_DEFAULT: &str = "AWS::EC2::EbsEncryptionByDefault";
const FLOW_LOG: &str = "AWS::EC2::FlowLog";
const SG: &str = "AWS::EC2::SecurityGroup";
const VPC: &str = "AWS::EC2::VPC";

/// An AMI id moto accepts without checking its catalogue.
const AMI: &str = "ami-12345678";

/// User data with a secret in it; only its fingerprint may reach the inventory.
const USER_DATA: &str = "#!/bin/bash\nexport DB_PASSWORD=hunter2\n";
const USER_DATA_SHA256: &str = "2ddbfd29c05cea36ad2e0b373dd0507799b9dc96de4252b7904689e32a53c46a";

async fn ec2(acct: &TestAccount, region: &str) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&acct.sdk(region).await)
}

fn name_tag(resource_type: ResourceType, name: &str) -> TagSpecification {
    TagSpecification::builder().resource_type(resource_type).tags(Tag::builder().key("Name").value(name).build()).build()
}

fn edge(r: &Resource, kind: &str, target_type: &str, target_id: &str) {
    assert!(
        Discovered::has_edge(r, kind, target_type, target_id),
        "{} {} has no {kind} edge to {target_type} {target_id}; edges: {:?}",
        r.resource_type,
        r.resource_id,
        r.relationships
    );
}

/// A VPC with one subnet in `cidr` (a /16; the subnet is its first /24), in us-east-1a.
async fn network(client: &aws_sdk_ec2::Client, cidr: &str) -> (String, String) {
    let vpc = client.create_vpc().cidr_block(cidr).send().await.unwrap().vpc.unwrap().vpc_id.unwrap();
    let subnet_cidr = cidr.replacen(".0.0/16", ".1.0/24", 1);
    let subnet = client
        .create_subnet()
        .vpc_id(&vpc)
        .cidr_block(subnet_cidr)
        .availability_zone("us-east-1a")
        .send()
        .await
        .unwrap()
        .subnet
        .unwrap()
        .subnet_id
        .unwrap();
    (vpc, subnet)
}

async fn security_group(client: &aws_sdk_ec2::Client, vpc: &str, name: &str) -> String {
    client.create_security_group().group_name(name).description(name).vpc_id(vpc).send().await.unwrap().group_id.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn instances_with_profile_metadata_options_user_data_and_edges() {
    let acct = account();
    let client = ec2(&acct, "us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&acct.sdk("us-east-1").await);
    iam.create_role().role_name("web").assume_role_policy_document("{}").send().await.unwrap();
    iam.create_instance_profile().instance_profile_name("web-profile").path("/team/").send().await.unwrap();
    iam.add_role_to_instance_profile().instance_profile_name("web-profile").role_name("web").send().await.unwrap();
    client.create_key_pair().key_name("deploy").send().await.unwrap();
    let (vpc, subnet) = network(&client, "10.7.0.0/16").await;
    let sg = security_group(&client, &vpc, "web").await;

    let web = client
        .run_instances()
        .image_id(AMI)
        .instance_type(InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .subnet_id(&subnet)
        .security_group_ids(&sg)
        .key_name("deploy")
        .user_data(aws_smithy_types::base64::encode(USER_DATA))
        .iam_instance_profile(IamInstanceProfileSpecification::builder().name("web-profile").build())
        .metadata_options(
            InstanceMetadataOptionsRequest::builder()
                .http_tokens(HttpTokensState::Required)
                .http_put_response_hop_limit(1)
                .instance_metadata_tags(InstanceMetadataTagsState::Enabled)
                .build(),
        )
        .tag_specifications(name_tag(ResourceType::Instance, "web"))
        .send()
        .await
        .unwrap()
        .instances
        .unwrap()
        .remove(0);
    let web_id = web.instance_id().unwrap().to_owned();
    let web_eni = web.network_interfaces()[0].network_interface_id().unwrap().to_owned();
    let root_volume = web.block_device_mappings()[0].ebs().unwrap().volume_id().unwrap().to_owned();
    let data_volume =
        client.create_volume().availability_zone("us-east-1a").size(10).send().await.unwrap().volume_id.unwrap();
    client.attach_volume().volume_id(&data_volume).instance_id(&web_id).device("/dev/sdf").send().await.unwrap();

    // IMDSv1 allowed and no user data: the risky-by-default variant.
    let legacy = client.run_instances().image_id(AMI).min_count(1).max_count(1).send().await.unwrap().instances.unwrap().remove(0);
    let legacy_id = legacy.instance_id().unwrap().to_owned();
    let gone = client.run_instances().image_id(AMI).min_count(1).max_count(1).send().await.unwrap().instances.unwrap().remove(0);
    let gone_id = gone.instance_id().unwrap().to_owned();
    client.terminate_instances().instance_ids(&gone_id).send().await.unwrap();

    let found = acct.discover(&["us-east-1"], &[INSTANCE]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let r = found.get(INSTANCE, &web_id);
    let c = &r.configuration;
    assert_eq!(r.name.as_deref(), Some("web"));
    assert_eq!(r.tags.get("Name").map(String::as_str), Some("web"));
    assert_eq!(r.arn.as_deref(), Some(format!("arn:aws:ec2:us-east-1:{}:instance/{web_id}", acct.account.id).as_str()));
    assert_eq!(c["InstanceType"], json!("t3.micro"));
    assert_eq!(c["ImageId"], json!(AMI));
    assert_eq!(c["KeyName"], json!("deploy"));
    assert_eq!(c["State"]["Name"], json!("running"));
    assert_eq!(c["SubnetId"], json!(subnet));
    assert_eq!(c["VpcId"], json!(vpc));
    assert!(c["PrivateIpAddress"].as_str().is_some_and(|ip| ip.starts_with("10.7.1.")), "{}", c["PrivateIpAddress"]);
    assert!(c["PrivateDnsName"].is_string());
    assert_eq!(c["MetadataOptions"]["HttpTokens"], json!("required"));
    assert_eq!(c["MetadataOptions"]["HttpEndpoint"], json!("enabled"));
    assert_eq!(c["MetadataOptions"]["HttpPutResponseHopLimit"], json!(1));
    assert_eq!(c["MetadataOptions"]["InstanceMetadataTags"], json!("enabled"));
    let profile_arn = c["IamInstanceProfile"]["Arn"].as_str().unwrap();
    assert_eq!(profile_arn, format!("arn:aws:iam::{}:instance-profile/team/web-profile", acct.account.id));
    assert!(c["IamInstanceProfile"]["Id"].is_string());
    assert_eq!(c["Monitoring"]["State"], json!("disabled"));
    assert!(c["LaunchTime"].is_string());
    assert_eq!(c["NetworkInterfaces"][0]["NetworkInterfaceId"], json!(web_eni));
    assert_eq!(c["NetworkInterfaces"][0]["Groups"][0]["GroupId"], json!(sg));
    let devices = c["BlockDeviceMappings"].as_array().unwrap();
    let device = |volume: &str| devices.iter().find(|d| d["Ebs"]["VolumeId"] == json!(volume)).unwrap_or_else(|| panic!("{volume} not in {devices:?}"));
    assert_eq!(device(&root_volume)["Ebs"]["DeleteOnTermination"], json!(true));
    assert_eq!(device(&data_volume)["DeviceName"], json!("/dev/sdf"));
    assert_eq!(device(&data_volume)["Ebs"]["DeleteOnTermination"], json!(false));

    // User data: a fingerprint of the decoded script, never the script.
    assert_eq!(r.supplementary["UserData"], json!({"Present": true, "Length": USER_DATA.len(), "Sha256": USER_DATA_SHA256}));
    let everything = serde_json::to_string(r).unwrap();
    assert!(!everything.contains("hunter2") && !everything.contains(&aws_smithy_types::base64::encode(USER_DATA)));

    edge(r, "in_subnet", SUBNET, &subnet);
    edge(r, "in_vpc", VPC, &vpc);
    edge(r, "uses_security_group", SG, &sg);
    edge(r, "has_network_interface", ENI, &web_eni);
    edge(r, "attached_to", VOLUME, &root_volume);
    edge(r, "attached_to", VOLUME, &data_volume);
    edge(r, "uses_instance_profile", "AWS::IAM::InstanceProfile", "web-profile");

    // LaunchTime moves on stop/start without a configuration change: out of the hash.
    assert!(r.volatile.contains(&"configuration.LaunchTime".to_owned()));
    let mut restarted = r.clone();
    restarted.configuration["LaunchTime"] = json!("2031-01-01T00:00:00Z");
    assert_eq!(config_hash(&restarted), r.config_hash);

    let l = found.get(INSTANCE, &legacy_id);
    assert_eq!(l.supplementary["UserData"], json!({"Present": false, "Length": 0, "Sha256": null}));
    assert_eq!(l.configuration["MetadataOptions"]["HttpTokens"], json!("optional"), "moto's default, as AWS's for most AMIs");
    assert!(l.configuration.get("IamInstanceProfile").is_none());
    assert!(!l.relationships.iter().any(|e| e.kind == "uses_instance_profile"));
    assert!(l.not_assessed.is_empty(), "{:?}", l.not_assessed);

    assert!(found.of_type(INSTANCE).iter().all(|i| i.resource_id != gone_id), "terminated instances are not resources");
}

#[tokio::test(flavor = "multi_thread")]
async fn subnets_route_tables_and_internet_gateways() {
    let acct = account();
    let client = ec2(&acct, "us-east-1").await;
    let vpc = client.create_vpc().cidr_block("10.8.0.0/16").amazon_provided_ipv6_cidr_block(true).send().await.unwrap().vpc.unwrap();
    let vpc_id = vpc.vpc_id().unwrap().to_owned();
    let described = client.describe_vpcs().vpc_ids(&vpc_id).send().await.unwrap();
    let vpc_v6 = described.vpcs()[0].ipv6_cidr_block_association_set()[0].ipv6_cidr_block().unwrap().to_owned();
    let subnet_v6 = vpc_v6.replace("/56", "/64");
    let public = client
        .create_subnet()
        .vpc_id(&vpc_id)
        .cidr_block("10.8.1.0/24")
        .ipv6_cidr_block(&subnet_v6)
        .availability_zone("us-east-1b")
        .tag_specifications(name_tag(ResourceType::Subnet, "public"))
        .send()
        .await
        .unwrap()
        .subnet
        .unwrap()
        .subnet_id
        .unwrap();
    let private = client.create_subnet().vpc_id(&vpc_id).cidr_block("10.8.2.0/24").send().await.unwrap().subnet.unwrap().subnet_id.unwrap();
    client.modify_subnet_attribute().subnet_id(&public).map_public_ip_on_launch(AttributeBooleanValue::builder().value(true).build()).send().await.unwrap();
    client
        .modify_subnet_attribute()
        .subnet_id(&public)
        .assign_ipv6_address_on_creation(AttributeBooleanValue::builder().value(true).build())
        .send()
        .await
        .unwrap();

    let igw = client
        .create_internet_gateway()
        .tag_specifications(name_tag(ResourceType::InternetGateway, "edge"))
        .send()
        .await
        .unwrap()
        .internet_gateway
        .unwrap()
        .internet_gateway_id
        .unwrap();
    client.attach_internet_gateway().internet_gateway_id(&igw).vpc_id(&vpc_id).send().await.unwrap();
    let public_rt = client.create_route_table().vpc_id(&vpc_id).send().await.unwrap().route_table.unwrap().route_table_id.unwrap();
    client.create_route().route_table_id(&public_rt).destination_cidr_block("0.0.0.0/0").gateway_id(&igw).send().await.unwrap();
    client.create_route().route_table_id(&public_rt).destination_ipv6_cidr_block("::/0").gateway_id(&igw).send().await.unwrap();
    let association = client.associate_route_table().route_table_id(&public_rt).subnet_id(&public).send().await.unwrap().association_id.unwrap();

    // The private subnet keeps the VPC's main table, which routes through a NAT gateway.
    let allocation = client.allocate_address().domain(DomainType::Vpc).send().await.unwrap().allocation_id.unwrap();
    let nat = client
        .create_nat_gateway()
        .subnet_id(&public)
        .allocation_id(&allocation)
        .send()
        .await
        .unwrap()
        .nat_gateway
        .unwrap()
        .nat_gateway_id
        .unwrap();
    let tables = client.describe_route_tables().filters(aws_sdk_ec2::types::Filter::builder().name("vpc-id").values(&vpc_id).build()).send().await.unwrap();
    let main_rt = tables
        .route_tables()
        .iter()
        .find(|t| t.associations().iter().any(|a| a.main() == Some(true)))
        .and_then(|t| t.route_table_id())
        .unwrap()
        .to_owned();
    client.create_route().route_table_id(&main_rt).destination_cidr_block("0.0.0.0/0").nat_gateway_id(&nat).send().await.unwrap();

    let found = acct.discover(&["us-east-1"], &[SUBNET, ROUTE_TABLE, IGW, NAT, EIP]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);

    let p = found.get(SUBNET, &public);
    assert_eq!(p.name.as_deref(), Some("public"));
    assert_eq!(p.configuration["MapPublicIpOnLaunch"], json!(true));
    assert_eq!(p.configuration["AssignIpv6AddressOnCreation"], json!(true));
    assert_eq!(p.configuration["AvailabilityZone"], json!("us-east-1b"));
    assert_eq!(p.configuration["CidrBlock"], json!("10.8.1.0/24"));
    assert_eq!(p.configuration["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"], json!(subnet_v6));
    assert_eq!(p.arn.as_deref(), Some(format!("arn:aws:ec2:us-east-1:{}:subnet/{public}", acct.account.id).as_str()));
    assert!(p.volatile.contains(&"configuration.AvailableIpAddressCount".to_owned()));
    assert_eq!(p.supplementary["RouteTableAssociation"], json!({"RouteTableId": public_rt, "RouteTableAssociationId": association, "Main": false}));
    edge(p, "in_vpc", VPC, &vpc_id);
    edge(p, "associated_with", ROUTE_TABLE, &public_rt);

    let q = found.get(SUBNET, &private);
    assert_eq!(q.configuration["MapPublicIpOnLaunch"], json!(false));
    assert_eq!(q.supplementary["RouteTableAssociation"]["RouteTableId"], json!(main_rt));
    assert_eq!(q.supplementary["RouteTableAssociation"]["Main"], json!(true), "no explicit association: the main table applies");
    edge(q, "associated_with", ROUTE_TABLE, &main_rt);
    assert!(!Discovered::has_edge(q, "associated_with", ROUTE_TABLE, &public_rt));

    let rt = found.get(ROUTE_TABLE, &public_rt);
    let routes = rt.configuration["Routes"].as_array().unwrap();
    assert!(routes.contains(&json!({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"})), "{routes:?}");
    assert!(routes.iter().any(|r| r["DestinationIpv6CidrBlock"] == json!("::/0") && r["GatewayId"] == json!(igw)));
    assert!(routes.iter().any(|r| r["GatewayId"] == json!("local")));
    assert_eq!(rt.configuration["Associations"][0]["SubnetId"], json!(public));
    assert_eq!(rt.configuration["Associations"][0]["Main"], json!(false));
    edge(rt, "in_vpc", VPC, &vpc_id);
    edge(rt, "routes_to", IGW, &igw);
    edge(rt, "associated_with", SUBNET, &public);
    assert!(!rt.relationships.iter().any(|e| e.resource_id == "local"), "the local route is the VPC itself");

    let main = found.get(ROUTE_TABLE, &main_rt);
    assert!(main.configuration["Associations"].as_array().unwrap().iter().any(|a| a["Main"] == json!(true)));
    edge(main, "routes_to", NAT, &nat);
    assert!(!main.relationships.iter().any(|e| e.kind == "associated_with"), "the main table has no explicit subnet");

    let g = found.get(IGW, &igw);
    assert_eq!(g.name.as_deref(), Some("edge"));
    assert_eq!(g.configuration["Attachments"], json!([{"VpcId": vpc_id, "State": "available"}]));
    edge(g, "in_vpc", VPC, &vpc_id);

    let n = found.get(NAT, &nat);
    assert_eq!(n.configuration["State"], json!("available"));
    assert_eq!(n.configuration["SubnetId"], json!(public));
    assert_eq!(n.configuration["VpcId"], json!(vpc_id));
    let address = &n.configuration["NatGatewayAddresses"][0];
    assert_eq!(address["AllocationId"], json!(allocation));
    assert!(address["PublicIp"].is_string() && address["PrivateIp"].is_string());
    edge(n, "in_subnet", SUBNET, &public);
    edge(n, "in_vpc", VPC, &vpc_id);
    edge(n, "has_network_interface", ENI, address["NetworkInterfaceId"].as_str().unwrap());

    // The NAT gateway's address is an Elastic IP attached to its interface.
    let e = found.get(EIP, &allocation);
    assert_eq!(e.configuration["PublicIp"], address["PublicIp"]);
    assert_eq!(e.configuration["Domain"], json!("vpc"));
    edge(e, "attached_to", ENI, address["NetworkInterfaceId"].as_str().unwrap());
    assert!(e.configuration.get("InstanceId").is_none(), "moto answers an empty InstanceId; it is no instance");
    assert!(!e.relationships.iter().any(|x| x.resource_type == INSTANCE));
}

#[tokio::test(flavor = "multi_thread")]
async fn elastic_ips_and_network_interfaces() {
    let acct = account();
    let client = ec2(&acct, "us-east-1").await;
    let (vpc, subnet) = network(&client, "10.9.0.0/16").await;
    let sg = security_group(&client, &vpc, "app").await;
    let instance = client
        .run_instances()
        .image_id(AMI)
        .min_count(1)
        .max_count(1)
        .subnet_id(&subnet)
        .security_group_ids(&sg)
        .send()
        .await
        .unwrap()
        .instances
        .unwrap()
        .remove(0);
    let instance_id = instance.instance_id().unwrap().to_owned();
    let primary_eni = instance.network_interfaces()[0].network_interface_id().unwrap().to_owned();
    let attached = client
        .allocate_address()
        .domain(DomainType::Vpc)
        .tag_specifications(name_tag(ResourceType::ElasticIp, "front"))
        .send()
        .await
        .unwrap();
    let attached_id = attached.allocation_id().unwrap().to_owned();
    client.associate_address().allocation_id(&attached_id).instance_id(&instance_id).send().await.unwrap();
    let idle = client.allocate_address().domain(DomainType::Vpc).send().await.unwrap().allocation_id.unwrap();
    let spare = client
        .create_network_interface()
        .subnet_id(&subnet)
        .groups(&sg)
        .description("spare")
        .tag_specifications(name_tag(ResourceType::NetworkInterface, "spare"))
        .send()
        .await
        .unwrap()
        .network_interface
        .unwrap()
        .network_interface_id
        .unwrap();

    let found = acct.discover(&["us-east-1"], &[EIP, ENI]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);

    let a = found.get(EIP, &attached_id);
    assert_eq!(a.name.as_deref(), Some("front"));
    assert_eq!(a.configuration["PublicIp"], json!(attached.public_ip().unwrap()));
    assert_eq!(a.configuration["InstanceId"], json!(instance_id));
    assert!(a.configuration["AssociationId"].is_string());
    assert_eq!(a.arn.as_deref(), Some(format!("arn:aws:ec2:us-east-1:{}:elastic-ip/{attached_id}", acct.account.id).as_str()));
    edge(a, "attached_to", INSTANCE, &instance_id);
    let i = found.get(EIP, &idle);
    assert!(i.configuration.get("AssociationId").is_none() && i.relationships.is_empty(), "{i:?}");

    let p = found.get(ENI, &primary_eni);
    assert_eq!(p.configuration["Attachment"]["InstanceId"], json!(instance_id));
    assert_eq!(p.configuration["Attachment"]["DeviceIndex"], json!(0));
    assert_eq!(p.configuration["InterfaceType"], json!("interface"));
    assert_eq!(p.configuration["RequesterManaged"], json!(false));
    assert_eq!(p.configuration["Association"]["PublicIp"], json!(attached.public_ip().unwrap()), "the Elastic IP is the interface's public address");
    assert!(p.configuration["PrivateIpAddress"].as_str().is_some_and(|ip| ip.starts_with("10.9.1.")));
    edge(p, "attached_to", INSTANCE, &instance_id);
    edge(p, "uses_security_group", SG, &sg);
    edge(p, "in_subnet", SUBNET, &subnet);
    edge(p, "in_vpc", VPC, &vpc);

    let s = found.get(ENI, &spare);
    assert_eq!(s.name.as_deref(), Some("spare"));
    assert_eq!(s.configuration["Status"], json!("available"));
    assert_eq!(s.configuration["Description"], json!("spare"));
    assert_eq!(s.configuration["Groups"], json!([{"GroupId": sg, "GroupName": "app"}]));
    assert!(s.configuration.get("Attachment").is_none());
    assert!(!s.relationships.iter().any(|e| e.kind == "attached_to"));
    edge(s, "uses_security_group", SG, &sg);
}

#[tokio::test(flavor = "multi_thread")]
async fn network_acls_with_entries_and_associations() {
    let acct = account();
    let client = ec2(&acct, "us-east-1").await;
    let (vpc, subnet) = network(&client, "10.10.0.0/16").await;
    let acl = client
        .create_network_acl()
        .vpc_id(&vpc)
        .tag_specifications(name_tag(ResourceType::NetworkAcl, "locked"))
        .send()
        .await
        .unwrap()
        .network_acl
        .unwrap()
        .network_acl_id
        .unwrap();
    client
        .create_network_acl_entry()
        .network_acl_id(&acl)
        .rule_number(100)
        .protocol("6")
        .rule_action(RuleAction::Allow)
        .egress(false)
        .cidr_block("0.0.0.0/0")
        .port_range(PortRange::builder().from(22).to(22).build())
        .send()
        .await
        .unwrap();
    client
        .create_network_acl_entry()
        .network_acl_id(&acl)
        .rule_number(110)
        .protocol("-1")
        .rule_action(RuleAction::Deny)
        .egress(true)
        .ipv6_cidr_block("::/0")
        .send()
        .await
        .unwrap();
    let default_acl = client
        .describe_network_acls()
        .filters(aws_sdk_ec2::types::Filter::builder().name("association.subnet-id").values(&subnet).build())
        .send()
        .await
        .unwrap()
        .network_acls
        .unwrap()
        .remove(0);
    let old_association = default_acl
        .associations()
        .iter()
        .find(|a| a.subnet_id() == Some(subnet.as_str()))
        .and_then(|a| a.network_acl_association_id())
        .unwrap()
        .to_owned();
    client.replace_network_acl_association().association_id(old_association).network_acl_id(&acl).send().await.unwrap();

    let found = acct.discover(&["us-east-1"], &[NACL]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let a = found.get(NACL, &acl);
    assert_eq!(a.name.as_deref(), Some("locked"));
    assert_eq!(a.configuration["IsDefault"], json!(false));
    let entries = a.configuration["Entries"].as_array().unwrap();
    assert!(entries.contains(&json!({"RuleNumber": 100, "Egress": false, "Protocol": "6", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}})), "{entries:?}");
    assert!(entries.contains(&json!({"RuleNumber": 110, "Egress": true, "Protocol": "-1", "RuleAction": "deny", "Ipv6CidrBlock": "::/0"})), "{entries:?}");
    assert_eq!(a.configuration["Associations"][0]["SubnetId"], json!(subnet));
    edge(a, "in_vpc", VPC, &vpc);
    edge(a, "associated_with", SUBNET, &subnet);

    let d = found.get(NACL, default_acl.network_acl_id().unwrap());
    assert_eq!(d.configuration["IsDefault"], json!(true));
    assert!(!Discovered::has_edge(d, "associated_with", SUBNET, &subnet), "the subnet moved to the custom ACL");
    assert!(d.configuration["Entries"].as_array().unwrap().iter().any(|e| e["RuleNumber"] == json!(32767) && e["RuleAction"] == json!("deny")));
}

#[tokio::test(flavor = "multi_thread")]
async fn volumes_with_encryption_and_attachments() {
    let acct = account();
    let client = ec2(&acct, "us-east-1").await;
    let kms = aws_sdk_kms::Client::new(&acct.sdk("us-east-1").await);
    let key = kms.create_key().send().await.unwrap().key_metadata.unwrap();
    let key_arn = key.arn().unwrap().to_owned();
    let encrypted = client
        .create_volume()
        .availability_zone("us-east-1a")
        .size(20)
        .volume_type(VolumeType::Gp3)
        .encrypted(true)
        .kms_key_id(&key_arn)
        .tag_specifications(name_tag(ResourceType::Volume, "data"))
        .send()
        .await
        .unwrap()
        .volume_id
        .unwrap();
    let plain = client.create_volume().availability_zone("us-east-1a").size(8).send().await.unwrap().volume_id.unwrap();
    let instance = client.run_instances().image_id(AMI).min_count(1).max_count(1).send().await.unwrap().instances.unwrap().remove(0);
    let instance_id = instance.instance_id().unwrap().to_owned();
    client.attach_volume().volume_id(&encrypted).instance_id(&instance_id).device("/dev/sdg").send().await.unwrap();

    let found = acct.discover(&["us-east-1"], &[VOLUME]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let e = found.get(VOLUME, &encrypted);
    assert_eq!(e.name.as_deref(), Some("data"));
    assert_eq!(e.configuration["Encrypted"], json!(true));
    assert_eq!(e.configuration["KmsKeyId"], json!(key_arn));
    assert_eq!(e.configuration["Size"], json!(20));
    assert_eq!(e.configuration["VolumeType"], json!("gp3"));
    assert_eq!(e.configuration["State"], json!("in-use"));
    assert_eq!(e.configuration["Attachments"][0]["InstanceId"], json!(instance_id));
    assert_eq!(e.configuration["Attachments"][0]["Device"], json!("/dev/sdg"));
    edge(e, "attached_to", INSTANCE, &instance_id);
    edge(e, "uses_kms_key", "AWS::KMS::Key", key.key_id());

    let p = found.get(VOLUME, &plain);
    assert_eq!(p.configuration["Encrypted"], json!(false));
    assert_eq!(p.configuration["State"], json!("available"));
    assert!(p.configuration.get("KmsKeyId").is_none());
    assert!(p.relationships.is_empty(), "{:?}", p.relationships);
}

#[tokio::test(flavor = "multi_thread")]
async fn snapshots_owned_only_with_create_volume_permissions() {
    let acct = account();
    let client = ec2(&acct, "us-east-1").await;
    let kms = aws_sdk_kms::Client::new(&acct.sdk("us-east-1").await);
    let key = kms.create_key().send().await.unwrap().key_metadata.unwrap();
    let volume = client.create_volume().availability_zone("us-east-1a").size(8).send().await.unwrap().volume_id.unwrap();
    let snapshot = |description: &'static str| {
        let client = client.clone();
        let volume = volume.clone();
        async move { client.create_snapshot().volume_id(volume).description(description).send().await.unwrap().snapshot_id.unwrap() }
    };
    let private = snapshot("private").await;
    let public = snapshot("public").await;
    let shared = snapshot("shared").await;
    // moto reads only the flat GroupName.N / UserId.N parameters of ModifySnapshotAttribute,
    // not the CreateVolumePermission structure; both are valid AWS requests.
    let modify = |id: &str| {
        client
            .modify_snapshot_attribute()
            .snapshot_id(id)
            .attribute(aws_sdk_ec2::types::SnapshotAttributeName::CreateVolumePermission)
            .operation_type(aws_sdk_ec2::types::OperationType::Add)
    };
    modify(&public).group_names("all").send().await.unwrap();
    modify(&shared).user_ids("111122223333").send().await.unwrap();
    let encrypted = client
        .copy_snapshot()
        .source_snapshot_id(&private)
        .source_region("us-east-1")
        .encrypted(true)
        .kms_key_id(key.arn().unwrap())
        .send()
        .await
        .unwrap()
        .snapshot_id
        .unwrap();

    let started = Instant::now();
    let found = acct.discover(&["us-east-1"], &[SNAPSHOT]).await;
    eprintln!("snapshot scope: {:?}, {} API calls", started.elapsed(), found.stats.api_calls);
    assert!(found.failed.is_empty(), "{:?}", found.failed);

    // moto answers its ~1,300 catalogue snapshots of Amazon accounts even to
    // OwnerIds=["self"]; none of them is this account's.
    let snapshots = found.of_type(SNAPSHOT);
    assert!(snapshots.iter().all(|s| s.configuration["OwnerId"] == json!(acct.account.id)), "a foreign snapshot was inventoried");
    let mut ids: Vec<&str> = snapshots.iter().map(|s| s.resource_id.as_str()).collect();
    ids.sort_unstable();
    let mut ours = vec![private.as_str(), public.as_str(), shared.as_str(), encrypted.as_str()];
    ours.sort_unstable();
    assert_eq!(ids, ours);

    let p = found.get(SNAPSHOT, &private);
    assert_eq!(p.supplementary["CreateVolumePermissions"], json!([]));
    assert_eq!(p.configuration["VolumeId"], json!(volume));
    assert_eq!(p.configuration["Encrypted"], json!(false));
    assert_eq!(p.configuration["Description"], json!("private"));
    assert_eq!(p.arn.as_deref(), Some(format!("arn:aws:ec2:us-east-1::snapshot/{private}").as_str()));
    assert!(p.volatile.contains(&"configuration.Progress".to_owned()));
    assert_eq!(found.get(SNAPSHOT, &public).supplementary["CreateVolumePermissions"], json!([{"Group": "all"}]));
    assert_eq!(found.get(SNAPSHOT, &shared).supplementary["CreateVolumePermissions"], json!([{"UserId": "111122223333"}]));
    let e = found.get(SNAPSHOT, &encrypted);
    assert_eq!(e.configuration["Encrypted"], json!(true));
    assert_eq!(e.configuration["KmsKeyId"], json!(key.arn().unwrap()));
    edge(e, "uses_kms_key", "AWS::KMS::Key", key.key_id());
    assert!(snapshots.iter().all(|s| s.not_assessed.is_empty()));
}

#[tokio::test(flavor = "multi_thread")]
async fn images_owned_only_with_launch_permissions() {
    let acct = account();
    let client = ec2(&acct, "us-east-1").await;
    let instance = client.run_instances().image_id(AMI).min_count(1).max_count(1).send().await.unwrap().instances.unwrap().remove(0);
    let instance_id = instance.instance_id().unwrap();
    let private = client.create_image().instance_id(instance_id).name("golden-private").send().await.unwrap().image_id.unwrap();
    let public = client.create_image().instance_id(instance_id).name("golden-public").send().await.unwrap().image_id.unwrap();
    let shared = client.create_image().instance_id(instance_id).name("golden-shared").send().await.unwrap().image_id.unwrap();
    let add = |id: &str, permission: LaunchPermission| {
        client
            .modify_image_attribute()
            .image_id(id)
            .launch_permission(LaunchPermissionModifications::builder().add(permission).build())
            .send()
    };
    add(&public, LaunchPermission::builder().group(PermissionGroup::All).build()).await.unwrap();
    add(&shared, LaunchPermission::builder().user_id("111122223333").build()).await.unwrap();

    let found = acct.discover(&["us-east-1"], &[IMAGE]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let images = found.of_type(IMAGE);
    assert_eq!(images.len(), 3, "only owned images, not moto's catalogue: {:?}", images.iter().map(|i| &i.resource_id).collect::<Vec<_>>());
    assert!(images.iter().all(|i| i.configuration["OwnerId"] == json!(acct.account.id)));

    let p = found.get(IMAGE, &private);
    assert_eq!(p.name.as_deref(), Some("golden-private"));
    assert_eq!(p.configuration["SourceInstanceId"], json!(instance_id));
    assert_eq!(p.supplementary["LaunchPermissions"], json!([]));
    assert_eq!(p.configuration["Public"], json!(false));
    assert_eq!(p.arn.as_deref(), Some(format!("arn:aws:ec2:us-east-1::image/{private}").as_str()));
    let device = &p.configuration["BlockDeviceMappings"][0];
    assert!(device["Ebs"]["SnapshotId"].as_str().is_some_and(|s| s.starts_with("snap-")), "{device}");
    assert!(device["Ebs"]["Encrypted"].is_boolean() || device["Ebs"].get("Encrypted").is_none());
    assert!(p.volatile.contains(&"configuration.LastLaunchedTime".to_owned()));

    let u = found.get(IMAGE, &public);
    assert_eq!(u.configuration["Public"], json!(true));
    assert_eq!(u.supplementary["LaunchPermissions"], json!([{"Group": "all"}]));
    assert_eq!(found.get(IMAGE, &shared).supplementary["LaunchPermissions"], json!([{"UserId": "111122223333"}]));
}

#[tokio::test(flavor = "multi_thread")]
async fn ebs_encryption_by_default_per_region() {
    let acct = account();
    ec2(&acct, "eu-west-1").await.enable_ebs_encryption_by_default().send().await.unwrap();

    let found = acct.discover(&["us-east-1", "eu-west-1"], &[EBS_DEFAULT]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let us = found.get(EBS_DEFAULT, "us-east-1");
    assert_eq!(us.region, "us-east-1");
    assert_eq!(us.configuration["EbsEncryptionByDefault"], json!(false));
    let eu = found.get(EBS_DEFAULT, "eu-west-1");
    assert_eq!(eu.region, "eu-west-1");
    assert_eq!(eu.configuration["EbsEncryptionByDefault"], json!(true));
    // moto has no GetEbsDefaultKmsKeyId (HTTP 500): the key is not assessed, never guessed.
    for r in [us, eu] {
        assert!(r.configuration.get("KmsKeyId").is_none());
        assert!(r.not_assessed.get("KmsKeyId").is_some_and(|e| e.contains("500")), "{:?}", r.not_assessed);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn flow_logs_watch_and_log_to() {
    let acct = account();
    let client = ec2(&acct, "us-east-1").await;
    let (vpc, subnet) = network(&client, "10.11.0.0/16").await;
    let bucket = format!("flow-logs-{}", acct.account.id);
    acct.s3("us-east-1").await.create_bucket().bucket(&bucket).send().await.unwrap();
    let logs = aws_sdk_cloudwatchlogs::Client::new(&acct.sdk("us-east-1").await);
    logs.create_log_group().log_group_name("/vpc/flows").send().await.unwrap();
    let role = format!("arn:aws:iam::{}:role/service-role/flow-logs", acct.account.id);

    let to_s3 = client
        .create_flow_logs()
        .resource_type(FlowLogsResourceType::Vpc)
        .resource_ids(&vpc)
        .traffic_type(TrafficType::All)
        .log_destination_type(LogDestinationType::S3)
        // moto looks the whole ARN resource up as a bucket name, so no key prefix here.
        .log_destination(format!("arn:aws:s3:::{bucket}"))
        .tag_specifications(name_tag(ResourceType::VpcFlowLog, "vpc-all"))
        .send()
        .await
        .unwrap();
    assert!(to_s3.unsuccessful().is_empty(), "{:?}", to_s3.unsuccessful());
    let to_s3 = to_s3.flow_log_ids()[0].clone();
    let to_logs = client
        .create_flow_logs()
        .resource_type(FlowLogsResourceType::Subnet)
        .resource_ids(&subnet)
        .traffic_type(TrafficType::Reject)
        .log_group_name("/vpc/flows")
        .deliver_logs_permission_arn(&role)
        .log_format("${srcaddr} ${dstaddr} ${action}")
        .send()
        .await
        .unwrap()
        .flow_log_ids()[0]
        .clone();

    let found = acct.discover(&["us-east-1"], &[FLOW_LOG]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    let s = found.get(FLOW_LOG, &to_s3);
    assert_eq!(s.name.as_deref(), Some("vpc-all"));
    assert_eq!(s.configuration["ResourceId"], json!(vpc));
    assert_eq!(s.configuration["TrafficType"], json!("ALL"));
    assert_eq!(s.configuration["LogDestinationType"], json!("s3"));
    assert_eq!(s.configuration["LogDestination"], json!(format!("arn:aws:s3:::{bucket}")));
    assert_eq!(s.configuration["FlowLogStatus"], json!("ACTIVE"));
    edge(s, "watches", VPC, &vpc);
    edge(s, "logs_to", "AWS::S3::Bucket", &bucket);

    let l = found.get(FLOW_LOG, &to_logs);
    assert_eq!(l.configuration["ResourceId"], json!(subnet));
    assert_eq!(l.configuration["TrafficType"], json!("REJECT"));
    assert_eq!(l.configuration["LogDestinationType"], json!("cloud-watch-logs"));
    assert_eq!(l.configuration["LogGroupName"], json!("/vpc/flows"));
    assert_eq!(l.configuration["LogFormat"], json!("${srcaddr} ${dstaddr} ${action}"));
    assert_eq!(l.configuration["DeliverLogsPermissionArn"], json!(role));
    edge(l, "watches", SUBNET, &subnet);
    edge(l, "logs_to", "AWS::Logs::LogGroup", "/vpc/flows");
    edge(l, "uses_role", "AWS::IAM::Role", "flow-logs");
}

#[tokio::test(flavor = "multi_thread")]
async fn security_groups_and_vpcs_in_a_second_region() {
    let acct = account();
    let region = "eu-west-1";
    let client = ec2(&acct, region).await;
    let vpc = client
        .create_vpc()
        .cidr_block("10.12.0.0/16")
        .amazon_provided_ipv6_cidr_block(true)
        .tag_specifications(name_tag(ResourceType::Vpc, "prod"))
        .send()
        .await
        .unwrap()
        .vpc
        .unwrap()
        .vpc_id
        .unwrap();
    let web = client
        .create_security_group()
        .group_name("web")
        .description("public web")
        .vpc_id(&vpc)
        .tag_specifications(
            TagSpecification::builder().resource_type(ResourceType::SecurityGroup).tags(Tag::builder().key("Owner").value("alice").build()).build(),
        )
        .send()
        .await
        .unwrap()
        .group_id
        .unwrap();
    let db = security_group(&client, &vpc, "db").await;
    client
        .authorize_security_group_ingress()
        .group_id(&web)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").description("ssh from anywhere").build())
                .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    client
        .authorize_security_group_ingress()
        .group_id(&db)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(5432)
                .to_port(5432)
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&web).build())
                .build(),
        )
        .send()
        .await
        .unwrap();

    let found = acct.discover(&["us-east-1", region], &[SG, VPC]).await;
    assert!(found.failed.is_empty(), "{:?}", found.failed);
    assert!(found.collected.iter().any(|s| s.region == region && s.resource_type == SG));

    let w = found.get(SG, &web);
    assert_eq!(w.region, region);
    assert_eq!(w.arn.as_deref(), Some(format!("arn:aws:ec2:{region}:{}:security-group/{web}", acct.account.id).as_str()));
    assert_eq!(w.name.as_deref(), Some("web"));
    assert_eq!(w.tags.get("Owner").map(String::as_str), Some("alice"));
    let ssh = w.configuration["IpPermissions"].as_array().unwrap().iter().find(|p| p["FromPort"] == json!(22)).unwrap();
    assert_eq!(ssh["IpProtocol"], json!("tcp"));
    assert_eq!(ssh["ToPort"], json!(22));
    assert_eq!(ssh["IpRanges"], json!([{"CidrIp": "0.0.0.0/0", "Description": "ssh from anywhere"}]));
    assert_eq!(ssh["Ipv6Ranges"], json!([{"CidrIpv6": "::/0"}]));
    edge(w, "in_vpc", VPC, &vpc);

    let d = found.get(SG, &db);
    let pg = &d.configuration["IpPermissions"][0];
    assert_eq!(pg["FromPort"], json!(5432));
    assert_eq!(pg["UserIdGroupPairs"][0]["GroupId"], json!(web));
    assert_eq!(pg["IpRanges"], json!([]));
    edge(d, "allows_traffic_with", SG, &web);
    assert!(!Discovered::has_edge(w, "allows_traffic_with", SG, &db), "the edge follows the rule's direction");

    let v = found.get(VPC, &vpc);
    assert_eq!(v.region, region);
    assert_eq!(v.name.as_deref(), Some("prod"));
    assert_eq!(v.configuration["CidrBlock"], json!("10.12.0.0/16"));
    assert_eq!(v.configuration["IsDefault"], json!(false));
    assert!(v.configuration["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"].as_str().is_some_and(|c| c.ends_with("/56")));
    // Each region has its own default VPC; this one was made in eu-west-1 only.
    assert!(found.of_type(VPC).iter().any(|x| x.region == "us-east-1" && x.configuration["IsDefault"] == json!(true)));
    assert!(!found.of_type(VPC).iter().any(|x| x.region == "us-east-1" && x.resource_id == vpc));
}

#[tokio::test(flavor = "multi_thread")]
async fn denied_detail_calls_are_not_assessed_and_denied_lists_fail_the_scope() {
    let acct = account();
    let client = ec2(&acct, "us-east-1").await;
    let (_, subnet) = network(&client, "10.13.0.0/16").await;
    let instance = client
        .run_instances()
        .image_id(AMI)
        .min_count(1)
        .max_count(1)
        .user_data(aws_smithy_types::base64::encode(USER_DATA))
        .send()
        .await
        .unwrap()
        .instances
        .unwrap()
        .remove(0);
    let instance_id = instance.instance_id().unwrap().to_owned();
    let volume = client.create_volume().availability_zone("us-east-1a").size(8).send().await.unwrap().volume_id.unwrap();
    let snapshot = client.create_snapshot().volume_id(&volume).send().await.unwrap().snapshot_id.unwrap();
    let image = client.create_image().instance_id(&instance_id).name("denied").send().await.unwrap().image_id.unwrap();

    let proxy = DenyingProxy::start(
        &acct.endpoint,
        &["DescribeImageAttribute", "DescribeInstanceAttribute", "DescribeRouteTables", "DescribeSnapshotAttribute", "GetEbsEncryptionByDefault"],
    );
    let mut options = acct.options(&["us-east-1"], &[INSTANCE, SNAPSHOT, IMAGE, SUBNET, ROUTE_TABLE, EBS_DEFAULT]);
    options.endpoint_url = Some(proxy.endpoint());
    let found = acct.discover_with(options).await;

    // Detail calls: the part is not assessed, never reported absent.
    let i = found.get(INSTANCE, &instance_id);
    assert!(i.not_assessed.get("UserData").is_some_and(|e| e.starts_with("UnauthorizedOperation")), "{:?}", i.not_assessed);
    assert!(!i.supplementary.contains_key("UserData"));
    let s = found.get(SNAPSHOT, &snapshot);
    assert!(s.not_assessed.contains_key("CreateVolumePermissions"), "{:?}", s.not_assessed);
    assert!(!s.supplementary.contains_key("CreateVolumePermissions"));
    let m = found.get(IMAGE, &image);
    assert!(m.not_assessed.contains_key("LaunchPermissions"), "{:?}", m.not_assessed);
    assert!(!m.supplementary.contains_key("LaunchPermissions"));
    let n = found.get(SUBNET, &subnet);
    assert!(n.not_assessed.contains_key("RouteTableAssociation"), "{:?}", n.not_assessed);
    assert!(!n.relationships.iter().any(|e| e.kind == "associated_with"));

    // Main list calls: the whole scope is not assessed.
    let failed: Vec<(&str, &str)> = found.failed.iter().map(|(scope, e)| (scope.resource_type.as_str(), e.operation.as_str())).collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed.contains(&(ROUTE_TABLE, "DescribeRouteTables")));
    assert!(failed.contains(&(EBS_DEFAULT, "GetEbsEncryptionByDefault")));
    assert!(found.failed.iter().all(|(_, e)| e.code == "UnauthorizedOperation"));
    assert!(found.of_type(ROUTE_TABLE).is_empty() && found.of_type(EBS_DEFAULT).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn every_ec2_scope_behind_access_denied_is_not_assessed() {
    let acct = account();
    let failing = FailingEndpoint::start(FailureMode::AccessDenied).unwrap();
    let mut options = acct.options(&["eu-west-1"], &[]);
    options.resource_types = meerkat_aws::SERVICES.iter().flat_map(|s| s.iter()).filter(|c| c.service == "ec2").map(|c| c.resource_type.to_owned()).collect();
    options.service_endpoints.insert("ec2".into(), failing.endpoint());
    let found = acct.discover_with(options.clone()).await;
    assert!(found.resources.is_empty());
    assert!(found.collected.is_empty());
    assert_eq!(found.failed.len(), options.resource_types.len());
    assert!(found.failed.iter().all(|(scope, e)| scope.region == "eu-west-1" && e.kind == meerkat_aws::ErrorKind::AccessDenied), "{:?}", found.failed);
}

/// A proxy in front of the emulator that refuses the named EC2 actions with
/// `UnauthorizedOperation`, as an IAM policy lacking them would, and passes the rest on.
struct DenyingProxy {
    addr: std::net::SocketAddr,
}

impl DenyingProxy {
    fn start(upstream: &str, denied: &'static [&'static str]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let upstream = upstream.trim_start_matches("http://").to_owned();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let upstream = upstream.clone();
                std::thread::spawn(move || {
                    let _ = relay(conn, &upstream, denied);
                });
            }
        });
        Self { addr }
    }

    fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Serves one request per connection; every answer says `Connection: close`.
fn relay(mut client: TcpStream, upstream: &str, denied: &[&str]) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let header_end = loop {
        let n = client.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
        if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..header_end]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while request.len() < header_end + length {
        let n = client.read(&mut buf)?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&request[header_end..]);
    let action = body.split('&').find_map(|kv| kv.strip_prefix("Action=")).unwrap_or_default().to_owned();
    let answer = if denied.contains(&action.as_str()) {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>UnauthorizedOperation</Code>\
                   <Message>You are not authorized to perform this operation.</Message></Error></Errors>\
                   <RequestID>denied</RequestID></Response>";
        format!("HTTP/1.1 403 Forbidden\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{xml}", xml.len()).into_bytes()
    } else {
        let mut moto = TcpStream::connect(upstream)?;
        moto.write_all(&request)?;
        let mut answer = Vec::new();
        moto.read_to_end(&mut answer)?;
        answer
    };
    client.write_all(&answer)?;
    client.shutdown(Shutdown::Write)?;
    // Drain until the client closes, so that the close is not a reset.
    let _ = client.read(&mut buf);
    Ok(())
}
