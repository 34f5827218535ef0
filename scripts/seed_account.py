#!/usr/bin/env python3
"""Builds AWS accounts in the moto emulator for Meerkat's demo and benchmarks.

    seed_account.py --endpoint URL demo          a small, realistic account (two regions)
    seed_account.py --endpoint URL drift         the demo account's next hour: SSH opened
                                                 to the world, an instance terminated, a
                                                 bucket deleted
    seed_account.py --endpoint URL scale N       about N resources, for benchmarks
    seed_account.py cloudtrail OUTFILE           a day of the demo account's CloudTrail as
                                                 one gzipped delivery file: ordinary activity
                                                 plus a few things a detection should catch
                                                 (and one malformed record); beside it,
                                                 OUTFILE.intel.netset: a FireHOL-style list of
                                                 the attack's addresses (category tor-exit);
                   [--history-days N]            and N days of ordinary activity before it,
                                                 OUTFILE.history-<day>.json.gz, one per day
    seed_account.py --endpoint URL upload-trail BUCKET FILE...
                                                 put delivery files into a bucket under
                                                 CloudTrail's key layout (AWSLogs/…/yyyy/mm/dd/)

Runs with the boto3 that moto installs into the project's venv (scripts/setup-emulator.sh).
Resources carry Owner tags so that attribution has something to find.
"""

import argparse
import datetime
import gzip
import io
import json
import os
import random
import re
import sys
import uuid
import zipfile

import boto3

REGIONS = ["us-east-1", "eu-west-1"]
CREDS = dict(aws_access_key_id="testing", aws_secret_access_key="testing")


def client(endpoint, service, region="us-east-1"):
    config = None
    if service == "s3":
        from botocore.config import Config

        config = Config(s3={"addressing_style": "path"})
    return boto3.client(service, endpoint_url=endpoint, region_name=region, config=config, **CREDS)


def tags(owner, **extra):
    pairs = {"Owner": owner, **extra}
    return [{"Key": k, "Value": v} for k, v in pairs.items()]


def lambda_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return {'ok': True}\n")
    return buf.getvalue()


def seed_network(ec2, cidr, owner):
    vpc = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=[{"ResourceType": "vpc", "Tags": tags(owner, Name="shop")}])["Vpc"]["VpcId"]
    base = cidr.split(".")
    public = ec2.create_subnet(VpcId=vpc, CidrBlock=f"{base[0]}.{base[1]}.1.0/24",
                               TagSpecifications=[{"ResourceType": "subnet", "Tags": tags(owner, Name="public")}])["Subnet"]["SubnetId"]
    private = ec2.create_subnet(VpcId=vpc, CidrBlock=f"{base[0]}.{base[1]}.2.0/24",
                                TagSpecifications=[{"ResourceType": "subnet", "Tags": tags(owner, Name="private")}])["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=public, MapPublicIpOnLaunch={"Value": True})
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rt, SubnetId=public)
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=public, AllocationId=eip)["NatGateway"]["NatGatewayId"]
    private_rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=private_rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    ec2.associate_route_table(RouteTableId=private_rt, SubnetId=private)
    return vpc, public, private


def seed_demo(endpoint):
    ec2 = client(endpoint, "ec2")
    vpc, public, private = seed_network(ec2, "10.20.0.0/16", "alice")
    web_sg = ec2.create_security_group(GroupName="web", Description="public web tier", VpcId=vpc,
                                       TagSpecifications=[{"ResourceType": "security-group", "Tags": tags("alice")}])["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=web_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    ])
    db_sg = ec2.create_security_group(GroupName="db", Description="database tier", VpcId=vpc,
                                      TagSpecifications=[{"ResourceType": "security-group", "Tags": tags("bob")}])["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=db_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": web_sg}]},
    ])
    iam = client(endpoint, "iam")
    trust_ec2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="web-server", AssumeRolePolicyDocument=json.dumps(trust_ec2), Tags=tags("alice"))
    iam.attach_role_policy(RoleName="web-server", PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    iam.create_instance_profile(InstanceProfileName="web-server")
    iam.add_role_to_instance_profile(InstanceProfileName="web-server", RoleName="web-server")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    web = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=public,
                            SecurityGroupIds=[web_sg], IamInstanceProfile={"Name": "web-server"},
                            UserData="#!/bin/bash\nexport DB_PASSWORD=hunter2\n",
                            MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
                            TagSpecifications=[{"ResourceType": "instance", "Tags": tags("alice", Name="web-1")}])["Instances"][0]["InstanceId"]
    ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.small", SubnetId=private,
                      SecurityGroupIds=[db_sg], MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                      TagSpecifications=[{"ResourceType": "instance", "Tags": tags("bob", Name="batch-1")}])
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=20, Encrypted=False,
                            TagSpecifications=[{"ResourceType": "volume", "Tags": tags("bob", Name="scratch")}])["VolumeId"]
    snap = ec2.create_snapshot(VolumeId=vol, Description="scratch backup")["SnapshotId"]
    ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"])
    ami = ec2.create_image(InstanceId=web, Name="web-golden")["ImageId"]
    ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Add": [{"UserId": "210987654321"}]})

    s3 = client(endpoint, "s3")
    # The flow logs' bucket first: moto (like AWS) refuses a flow log to a missing bucket.
    s3.create_bucket(Bucket="shop-flow-logs")
    ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3",
                         LogDestination="arn:aws:s3:::shop-flow-logs")
    s3.create_bucket(Bucket="shop-public-assets")
    s3.put_bucket_policy(Bucket="shop-public-assets", Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shop-public-assets/*"}]}))
    s3.put_bucket_tagging(Bucket="shop-public-assets", Tagging={"TagSet": tags("alice")})
    s3.create_bucket(Bucket="shop-invoices")
    s3.put_bucket_encryption(Bucket="shop-invoices", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
    s3.put_bucket_versioning(Bucket="shop-invoices", VersioningConfiguration={"Status": "Enabled"})
    s3.put_public_access_block(Bucket="shop-invoices", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_tagging(Bucket="shop-invoices", Tagging={"TagSet": tags("bob", DataClass="confidential")})
    s3.create_bucket(Bucket="shop-tmp-exports")

    iam.create_user(UserName="alice", Tags=tags("alice"))
    iam.create_login_profile(UserName="alice", Password="Sup3r-secret!pw")
    iam.create_access_key(UserName="alice")
    iam.create_user(UserName="deploy-bot", Tags=tags("platform"))
    iam.create_access_key(UserName="deploy-bot")
    iam.create_group(GroupName="admins")
    iam.attach_group_policy(GroupName="admins", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    iam.add_user_to_group(GroupName="admins", UserName="alice")
    iam.put_user_policy(UserName="deploy-bot", PolicyName="deploy", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    iam.create_role(RoleName="partner-audit", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": "sts:AssumeRole"}]}))
    iam.create_policy(PolicyName="invoices-read", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::shop-invoices/*"}]}))
    trust_lambda = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    lambda_role = iam.create_role(RoleName="thumbnailer", AssumeRolePolicyDocument=json.dumps(trust_lambda))["Role"]["Arn"]

    aws_lambda = client(endpoint, "lambda")
    aws_lambda.create_function(FunctionName="thumbnailer", Runtime="python3.9", Role=lambda_role, Handler="handler.handler",
                               Code={"ZipFile": lambda_zip()}, Environment={"Variables": {"DB_PASSWORD": "hunter2", "STAGE": "prod"}},
                               Tags={"Owner": "carol"})
    aws_lambda.create_function_url_config(FunctionName="thumbnailer", AuthType="NONE")

    kms = client(endpoint, "kms")
    key = kms.create_key(Description="invoices", Tags=[{"TagKey": "Owner", "TagValue": "bob"}])["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/invoices", TargetKeyId=key)

    rds = client(endpoint, "rds")
    rds.create_db_subnet_group(DBSubnetGroupName="shop-db", DBSubnetGroupDescription="shop", SubnetIds=[public, private])
    rds.create_db_instance(DBInstanceIdentifier="orders", Engine="postgres", DBInstanceClass="db.t3.micro",
                           MasterUsername="admin", MasterUserPassword="not-a-real-one", AllocatedStorage=20,
                           PubliclyAccessible=True, StorageEncrypted=False, DBSubnetGroupName="shop-db",
                           VpcSecurityGroupIds=[db_sg], Tags=tags("bob"))

    client(endpoint, "cloudtrail").create_trail(Name="org-trail", S3BucketName="shop-flow-logs", IsMultiRegionTrail=True)
    client(endpoint, "sqs").create_queue(QueueName="orders", tags={"Owner": "bob"})
    client(endpoint, "sns").create_topic(Name="alerts")
    logs = client(endpoint, "logs")
    logs.create_log_group(logGroupName="/shop/app")
    client(endpoint, "secretsmanager").create_secret(Name="orders-db", SecretString="not-a-real-one")
    client(endpoint, "guardduty", "eu-west-1").create_detector(Enable=True)

    elb = client(endpoint, "elbv2")
    lb = elb.create_load_balancer(Name="shop-web", Subnets=[public, private], SecurityGroups=[web_sg], Scheme="internet-facing")
    tg = elb.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb["LoadBalancers"][0]["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])

    # A second region, with less in it.
    ec2_eu = client(endpoint, "ec2", "eu-west-1")
    seed_network(ec2_eu, "10.30.0.0/16", "dave")
    s3.create_bucket(Bucket="shop-eu-backups", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    print(json.dumps({"web_security_group": web_sg, "web_instance": web, "vpc": vpc}))


def drift(endpoint):
    ec2 = client(endpoint, "ec2")
    web_sg = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["web"]}])["SecurityGroups"][0]["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=web_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "debug, remove later"}]}])
    batch = ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["batch-1"]}])["Reservations"][0]["Instances"][0]["InstanceId"]
    ec2.terminate_instances(InstanceIds=[batch])
    client(endpoint, "s3").delete_bucket(Bucket="shop-tmp-exports")
    print(json.dumps({"web_security_group": web_sg, "terminated": batch}))


def scale(endpoint, total):
    """About `total` resources, spread over the collected types the way real accounts are:
    many security groups, instances, volumes, buckets, roles and users."""
    ec2 = client(endpoint, "ec2")
    iam = client(endpoint, "iam")
    s3 = client(endpoint, "s3")
    sqs = client(endpoint, "sqs")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    made = 0
    batch = 0
    while made < total:
        vpc = ec2.create_vpc(CidrBlock=f"10.{batch % 250}.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{batch % 250}.1.0/24")["Subnet"]["SubnetId"]
        made += 2
        for i in range(10):
            sg = ec2.create_security_group(GroupName=f"sg-{batch}-{i}", Description="bench", VpcId=vpc)["GroupId"]
            ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 22 + i, "ToPort": 22 + i, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
            made += 1
        # Each instance brings an ENI and a root volume with it.
        ec2.run_instances(ImageId=image, MinCount=5, MaxCount=5, InstanceType="t3.micro", SubnetId=subnet,
                          TagSpecifications=[{"ResourceType": "instance", "Tags": tags(f"team-{batch % 7}")}])
        made += 15
        for i in range(5):
            s3.create_bucket(Bucket=f"bench-{batch}-{i}")
            sqs.create_queue(QueueName=f"bench-{batch}-{i}")
            made += 2
        for i in range(5):
            iam.create_user(UserName=f"user-{batch}-{i}")
            iam.create_role(RoleName=f"role-{batch}-{i}", AssumeRolePolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
            made += 2
        batch += 1
        print(f"seeded ~{made} resources", file=sys.stderr, end="\r")
    print(json.dumps({"resources": made}))

ACCOUNT = "123456789012"


def cloudtrail(outfile, history_days=0):
    """Writes a CloudTrail delivery file (gzipped {"Records": [...]}) for the demo account:
    ~200 ordinary events from a few principals, plus a trail stopped from an unusual
    address, a root console sign-in, a sign-in without MFA, a burst of failed sign-ins,
    an access key created for another user, and one malformed record. Deterministic."""
    rng = random.Random(11)
    start = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=datetime.timezone.utc)

    def user(name):
        return {"type": "IAMUser", "principalId": "AIDA" + name.upper().replace("-", "") + "EXAMPLE",
                "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}", "accountId": ACCOUNT,
                "accessKeyId": "AKIA" + name.upper().replace("-", "")[:8].ljust(8, "X") + "EXAMPLE", "userName": name}

    def role(name, session):
        return {"type": "AssumedRole", "principalId": f"AROAEXAMPLE{name.upper()[:6]}:{session}",
                "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/{session}", "accountId": ACCOUNT,
                "accessKeyId": "ASIAEXAMPLE" + name.upper()[:6],
                "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": f"AROAEXAMPLE{name.upper()[:6]}",
                                                     "arn": f"arn:aws:iam::{ACCOUNT}:role/{name}",
                                                     "accountId": ACCOUNT, "userName": name},
                                   "attributes": {"creationDate": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                  "mfaAuthenticated": "false"}}}

    def event(minutes, identity, source, name, ip, agent, region="us-east-1", params=None, response=None, **extra):
        record = {
            "eventVersion": "1.09", "userIdentity": identity,
            "eventTime": (start + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": source, "eventName": name, "awsRegion": region, "sourceIPAddress": ip,
            "userAgent": agent, "requestParameters": params, "responseElements": response,
            "requestID": str(uuid.UUID(int=rng.getrandbits(128))), "eventID": str(uuid.UUID(int=rng.getrandbits(128))),
            "readOnly": name.startswith(("Get", "List", "Describe")), "eventType": "AwsApiCall",
            "managementEvent": True, "recipientAccountId": ACCOUNT, "eventCategory": "Management",
        }
        record.update(extra)
        return record

    cli = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5 exe/x86_64.ubuntu.22"
    sdk = "Boto3/1.34.50 md/Botocore#1.34.50 ua/2.0 os/linux#6.5 lang/python#3.11.8"
    tf = "APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0"
    console = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
    alice, bob, bot = user("alice"), user("bob"), user("deploy-bot")
    app, ci = role("shop-app", "i-0a1b2c3d4e5f60718"), role("ci-deployer", "gha-run-8812")
    office, ci_ip, app_ip = "192.0.2.10", "198.51.100.20", "10.0.1.15"
    benign = [
        (alice, "s3.amazonaws.com", "ListBuckets", office, cli, None),
        (alice, "ec2.amazonaws.com", "DescribeInstances", office, console, {"instancesSet": {}}),
        (alice, "iam.amazonaws.com", "ListUsers", office, console, None),
        (alice, "cloudtrail.amazonaws.com", "LookupEvents", office, console, None),
        (bob, "ec2.amazonaws.com", "DescribeSecurityGroups", "192.0.2.11", cli, {"securityGroupIdSet": {}}),
        (bob, "rds.amazonaws.com", "DescribeDBInstances", "192.0.2.11", cli, None),
        (bob, "sts.amazonaws.com", "GetCallerIdentity", "192.0.2.11", cli, None),
        (bot, "sts.amazonaws.com", "AssumeRole", ci_ip, sdk,
         {"roleArn": f"arn:aws:iam::{ACCOUNT}:role/ci-deployer", "roleSessionName": "gha-run-8812"}),
        (ci, "lambda.amazonaws.com", "GetFunction", ci_ip, tf, {"functionName": "shop-orders"}),
        (ci, "ec2.amazonaws.com", "DescribeVpcs", ci_ip, tf, None),
        (ci, "s3.amazonaws.com", "GetBucketPolicy", ci_ip, tf, {"bucketName": "shop-public-assets"}),
        (ci, "iam.amazonaws.com", "GetRole", ci_ip, tf, {"roleName": "shop-app"}),
        (app, "kms.amazonaws.com", "Decrypt", app_ip, sdk, None),
        (app, "sqs.amazonaws.com", "ReceiveMessage", app_ip, sdk, None),
        (app, "secretsmanager.amazonaws.com", "GetSecretValue", app_ip, sdk, {"secretId": "shop/db"}),
        (app, "sns.amazonaws.com", "Publish", app_ip, sdk, None),
    ]
    # The weeks before: the same principals doing the same work from the same places,
    # office hours for people, around the clock for the app; one delivery file per day,
    # so that the identity baselines have learned by the day of the incident.
    for day in range(history_days, 0, -1):
        daily = [event(2 - day * 1440, alice, "signin.amazonaws.com", "ConsoleLogin", office, console,
                       response={"ConsoleLogin": "Success"}, eventType="AwsConsoleSignIn",
                       additionalEventData={"LoginTo": "https://console.aws.amazon.com/", "MobileVersion": "No",
                                            "MFAUsed": "Yes", "MFAIdentifier": f"arn:aws:iam::{ACCOUNT}:mfa/alice"})]
        for i in range(150):
            identity, source, name, ip, agent, params = rng.choice(benign)
            daily.append(event(rng.randint(0, 600) - day * 1440, identity, source, name, ip, agent,
                               region=rng.choice(["us-east-1", "us-east-1", "eu-west-1"]), params=params))
        daily.sort(key=lambda r: r["eventTime"])
        stamp = (start - datetime.timedelta(days=day)).strftime("%Y%m%dT0800Z")
        with gzip.open(f"{outfile}.history-{stamp}.json.gz", "wt", encoding="utf-8") as f:
            json.dump({"Records": daily}, f)
    records = []
    # Alice signs in to the console with MFA in the morning; a benign key rotation for herself.
    records.append(event(2, alice, "signin.amazonaws.com", "ConsoleLogin", office, console,
                         response={"ConsoleLogin": "Success"}, eventType="AwsConsoleSignIn",
                         additionalEventData={"LoginTo": "https://console.aws.amazon.com/", "MobileVersion": "No",
                                              "MFAUsed": "Yes", "MFAIdentifier": f"arn:aws:iam::{ACCOUNT}:mfa/alice"}))
    records.append(event(30, alice, "iam.amazonaws.com", "CreateAccessKey", office, console, params={},
                         response={"accessKey": {"accessKeyId": "AKIAALICENEWEXAMPLE", "status": "Active",
                                                 "userName": "alice"}}))
    for i in range(200):
        identity, source, name, ip, agent, params = rng.choice(benign)
        records.append(event(rng.randint(0, 600), identity, source, name, ip, agent,
                             region=rng.choice(["us-east-1", "us-east-1", "eu-west-1"]), params=params))
    # What a detection should catch.
    records.append(event(140, bot, "cloudtrail.amazonaws.com", "StopLogging", "185.220.101.34", cli,
                         params={"name": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/org-trail"}))
    root = {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT}
    records.append(event(200, root, "signin.amazonaws.com", "ConsoleLogin", "203.0.113.77", console,
                         response={"ConsoleLogin": "Success"}, eventType="AwsConsoleSignIn",
                         additionalEventData={"LoginTo": "https://console.aws.amazon.com/", "MobileVersion": "No",
                                              "MFAUsed": "Yes"}))
    records.append(event(320, alice, "signin.amazonaws.com", "ConsoleLogin", "203.0.113.140", console,
                         response={"ConsoleLogin": "Success"}, eventType="AwsConsoleSignIn",
                         additionalEventData={"LoginTo": "https://console.aws.amazon.com/", "MobileVersion": "No",
                                              "MFAUsed": "No"}))
    for i in range(8):
        records.append(event(400 + i * 0.5, alice, "signin.amazonaws.com", "ConsoleLogin", "45.134.26.9", console,
                             response={"ConsoleLogin": "Failure"}, errorMessage="Failed authentication",
                             eventType="AwsConsoleSignIn",
                             additionalEventData={"LoginTo": "https://console.aws.amazon.com/",
                                                  "MobileVersion": "No", "MFAUsed": "No"}))
    records.append(event(330, alice, "iam.amazonaws.com", "CreateAccessKey", "203.0.113.140", console,
                         params={"userName": "deploy-bot"},
                         response={"accessKey": {"accessKeyId": "AKIADEPLOYBOT2EXAMPLE", "status": "Active",
                                                 "userName": "deploy-bot"}}))
    records.sort(key=lambda r: r["eventTime"])
    # One malformed record, as a truncated upload or a buggy forwarder leaves: no eventTime.
    bad = dict(records[50])
    del bad["eventTime"]
    records.insert(50, bad)
    with gzip.open(outfile, "wt", encoding="utf-8") as f:
        json.dump({"Records": records}, f)
    # A tiny threat-intel list in FireHOL netset form: the addresses of the password
    # guessing and of the stopped trail, as a Tor exit list would have them.
    intel = outfile + ".intel.netset"
    with open(intel, "w", encoding="utf-8") as f:
        f.write("#\n# demo_tor_exits\n#\n# Category        : tor-exit\n# Maintainer      : Meerkat demo\n#\n"
                "45.134.26.9\n185.220.101.34/32\n")
    print(json.dumps({"file": outfile, "records": len(records), "intel": intel, "history_days": history_days}))


def upload_trail(endpoint, bucket, files):
    """Puts delivery files into `bucket` under CloudTrail's key layout, as CloudTrail
    delivers them: AWSLogs/<account>/CloudTrail/us-east-1/<yyyy>/<mm>/<dd>/<file>."""
    s3 = client(endpoint, "s3")
    s3.create_bucket(Bucket=bucket)
    keys = []
    for path in files:
        name = os.path.basename(path)
        stamp = re.search(r"(\d{8})T", name)
        day = stamp.group(1) if stamp else "20261124"
        key = f"AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/{day[:4]}/{day[4:6]}/{day[6:]}/{ACCOUNT}_CloudTrail_us-east-1_{name}"
        with open(path, "rb") as f:
            s3.put_object(Bucket=bucket, Key=key, Body=f.read())
        keys.append(key)
    print(json.dumps({"bucket": bucket, "keys": len(keys)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", help="the emulator (all commands but cloudtrail)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo")
    sub.add_parser("drift")
    s = sub.add_parser("scale")
    s.add_argument("total", type=int)
    u = sub.add_parser("upload-trail")
    u.add_argument("bucket")
    u.add_argument("files", nargs="+")
    c = sub.add_parser("cloudtrail")
    c.add_argument("outfile")
    c.add_argument("--history-days", type=int, default=0,
                   help="also write this many days of ordinary activity before, one file per day")
    args = parser.parse_args()
    if args.command == "cloudtrail":
        return cloudtrail(args.outfile, args.history_days)
    if not args.endpoint:
        parser.error("--endpoint is required for " + args.command)
    if args.command == "upload-trail":
        return upload_trail(args.endpoint, args.bucket, args.files)
    if args.command == "demo":
        seed_demo(args.endpoint)
    elif args.command == "drift":
        drift(args.endpoint)
    else:
        scale(args.endpoint, args.total)


if __name__ == "__main__":
    main()
