//! `AWS::RDS::DBInstance`: engine and version, class, network exposure
//! (`PubliclyAccessible`, endpoint, VPC security groups, subnet group), encryption at rest
//! and its key, backups, Multi-AZ, deletion protection, IAM authentication, minor version
//! upgrades, the CA certificate, enhanced monitoring, Performance Insights, log exports,
//! associated roles and tags.
//!
//! DescribeDBInstances also lists the instances of Aurora, DocumentDB and Neptune
//! clusters; they are kept (their `Engine` tells them apart) because their network
//! exposure is per instance.

use aws_sdk_rds::types::{DbInstance, DbSubnetGroup};

use super::{rds_tags, tag_list};
use crate::collectors::references::kms_key_id;
use crate::collectors::references::role_name;
use crate::collectors::prelude::*;

/// The DB instance collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::RDS::DBInstance",
    service: "rds",
    global: false,
    iam_actions: &["rds:DescribeDBInstances"],
    refresh_events: &[
        "AddRoleToDBInstance",
        "AddTagsToResource",
        "CreateDBInstance",
        "CreateDBInstanceReadReplica",
        "DeleteDBInstance",
        "ModifyDBInstance",
        "PromoteReadReplica",
        "RemoveRoleFromDBInstance",
        "RemoveTagsFromResource",
        "RestoreDBInstanceFromDBSnapshot",
        "RestoreDBInstanceFromS3",
        "RestoreDBInstanceToPointInTime",
        "StartActivityStream",
        "StopActivityStream",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let instances = ctx
        .rds(&scope.region)
        .describe_db_instances()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("rds", "DescribeDBInstances", &scope.region))?;
    Ok(instances.iter().map(|i| resource(ctx, scope, i)).collect())
}

fn resource(ctx: &ScanContext, scope: &Scope, db: &DbInstance) -> Resource {
    let id = db.db_instance_identifier().unwrap_or_default();
    let configuration = obj! {
        "DBInstanceIdentifier" => s(db.db_instance_identifier()),
        "DBInstanceArn" => s(db.db_instance_arn()),
        "DbiResourceId" => s(db.dbi_resource_id()),
        "DBInstanceClass" => s(db.db_instance_class()),
        "Engine" => s(db.engine()),
        "EngineVersion" => s(db.engine_version()),
        "EngineLifecycleSupport" => s(db.engine_lifecycle_support()),
        "LicenseModel" => s(db.license_model()),
        "DBInstanceStatus" => s(db.db_instance_status()),
        "DBClusterIdentifier" => s(db.db_cluster_identifier()),
        "MasterUsername" => s(db.master_username()),
        "MasterUserSecret" => db.master_user_secret().map(|m| obj! {
            "SecretArn" => s(m.secret_arn()),
            "SecretStatus" => s(m.secret_status()),
            "KmsKeyId" => s(m.kms_key_id()),
        }).unwrap_or(Value::Null),
        "DBName" => s(db.db_name()),
        "Endpoint" => db.endpoint().map(endpoint).unwrap_or(Value::Null),
        "ListenerEndpoint" => db.listener_endpoint().map(endpoint).unwrap_or(Value::Null),
        "DbInstancePort" => v(db.db_instance_port()),
        "PubliclyAccessible" => v(db.publicly_accessible()),
        "NetworkType" => s(db.network_type()),
        "CustomerOwnedIpEnabled" => v(db.customer_owned_ip_enabled()),
        "VpcSecurityGroups" => list(db.vpc_security_groups(), |g| obj! {
            "VpcSecurityGroupId" => s(g.vpc_security_group_id()),
            "Status" => s(g.status()),
        }),
        "DBSecurityGroups" => list(db.db_security_groups(), |g| obj! {
            "DBSecurityGroupName" => s(g.db_security_group_name()),
            "Status" => s(g.status()),
        }),
        "DBSubnetGroup" => db.db_subnet_group().map(subnet_group).unwrap_or(Value::Null),
        "AvailabilityZone" => s(db.availability_zone()),
        "SecondaryAvailabilityZone" => s(db.secondary_availability_zone()),
        "MultiAZ" => v(db.multi_az()),
        "StorageType" => s(db.storage_type()),
        "AllocatedStorage" => v(db.allocated_storage()),
        "MaxAllocatedStorage" => v(db.max_allocated_storage()),
        "Iops" => v(db.iops()),
        "StorageThroughput" => v(db.storage_throughput()),
        "StorageEncrypted" => v(db.storage_encrypted()),
        "KmsKeyId" => s(db.kms_key_id()),
        "TdeCredentialArn" => s(db.tde_credential_arn()),
        "BackupRetentionPeriod" => v(db.backup_retention_period()),
        "PreferredBackupWindow" => s(db.preferred_backup_window()),
        "BackupTarget" => s(db.backup_target()),
        "LatestRestorableTime" => t(db.latest_restorable_time()),
        "DBInstanceAutomatedBackupsReplications" => list(db.db_instance_automated_backups_replications(), |r| obj! {
            "DBInstanceAutomatedBackupsArn" => s(r.db_instance_automated_backups_arn()),
        }),
        "AwsBackupRecoveryPointArn" => s(db.aws_backup_recovery_point_arn()),
        "CopyTagsToSnapshot" => v(db.copy_tags_to_snapshot()),
        "DeletionProtection" => v(db.deletion_protection()),
        "IAMDatabaseAuthenticationEnabled" => v(db.iam_database_authentication_enabled()),
        "AutoMinorVersionUpgrade" => v(db.auto_minor_version_upgrade()),
        "PreferredMaintenanceWindow" => s(db.preferred_maintenance_window()),
        "CACertificateIdentifier" => s(db.ca_certificate_identifier()),
        "CertificateDetails" => db.certificate_details().map(|c| obj! {
            "CAIdentifier" => s(c.ca_identifier()),
            "ValidTill" => t(c.valid_till()),
        }).unwrap_or(Value::Null),
        "MonitoringInterval" => v(db.monitoring_interval()),
        "MonitoringRoleArn" => s(db.monitoring_role_arn()),
        "EnhancedMonitoringResourceArn" => s(db.enhanced_monitoring_resource_arn()),
        "PerformanceInsightsEnabled" => v(db.performance_insights_enabled()),
        "PerformanceInsightsKMSKeyId" => s(db.performance_insights_kms_key_id()),
        "PerformanceInsightsRetentionPeriod" => v(db.performance_insights_retention_period()),
        "DatabaseInsightsMode" => s(db.database_insights_mode()),
        "EnabledCloudwatchLogsExports" => v(db.enabled_cloudwatch_logs_exports()),
        "DBParameterGroups" => list(db.db_parameter_groups(), |g| obj! {
            "DBParameterGroupName" => s(g.db_parameter_group_name()),
            "ParameterApplyStatus" => s(g.parameter_apply_status()),
        }),
        "OptionGroupMemberships" => list(db.option_group_memberships(), |g| obj! {
            "OptionGroupName" => s(g.option_group_name()),
            "Status" => s(g.status()),
        }),
        "AssociatedRoles" => list(db.associated_roles(), |r| obj! {
            "RoleArn" => s(r.role_arn()),
            "FeatureName" => s(r.feature_name()),
            "Status" => s(r.status()),
        }),
        "DomainMemberships" => list(db.domain_memberships(), |d| obj! {
            "Domain" => s(d.domain()),
            "Status" => s(d.status()),
            "FQDN" => s(d.fqdn()),
            "IAMRoleName" => s(d.iam_role_name()),
        }),
        "CustomIamInstanceProfile" => s(db.custom_iam_instance_profile()),
        "ActivityStreamStatus" => s(db.activity_stream_status()),
        "ActivityStreamMode" => s(db.activity_stream_mode()),
        "ActivityStreamKmsKeyId" => s(db.activity_stream_kms_key_id()),
        "ActivityStreamKinesisStreamName" => s(db.activity_stream_kinesis_stream_name()),
        "ReadReplicaSourceDBInstanceIdentifier" => s(db.read_replica_source_db_instance_identifier()),
        "ReadReplicaSourceDBClusterIdentifier" => s(db.read_replica_source_db_cluster_identifier()),
        "ReadReplicaDBInstanceIdentifiers" => v(db.read_replica_db_instance_identifiers()),
        "ReadReplicaDBClusterIdentifiers" => v(db.read_replica_db_cluster_identifiers()),
        "ReplicaMode" => s(db.replica_mode()),
        "PendingModifiedValues" => db.pending_modified_values().map(|p| obj! {
            // MasterUserPassword is left out: it is a credential.
            "DBInstanceClass" => s(p.db_instance_class()),
            "AllocatedStorage" => v(p.allocated_storage()),
            "Port" => v(p.port()),
            "BackupRetentionPeriod" => v(p.backup_retention_period()),
            "MultiAZ" => v(p.multi_az()),
            "EngineVersion" => s(p.engine_version()),
            "StorageType" => s(p.storage_type()),
            "CACertificateIdentifier" => s(p.ca_certificate_identifier()),
            "DBSubnetGroupName" => s(p.db_subnet_group_name()),
            "IAMDatabaseAuthenticationEnabled" => v(p.iam_database_authentication_enabled()),
        }).unwrap_or(Value::Null),
        "StatusInfos" => list(db.status_infos(), |i| obj! {
            "StatusType" => s(i.status_type()),
            "Normal" => v(i.normal()),
            "Status" => s(i.status()),
            "Message" => s(i.message()),
        }),
        "InstanceCreateTime" => t(db.instance_create_time()),
        "MultiTenant" => v(db.multi_tenant()),
        "TagList" => tag_list(db.tag_list()),
    };
    let mut r = Resource::new(scope, id, configuration, ctx.now());
    r.arn = db.db_instance_arn().map(str::to_owned);
    r.name = Some(id.to_owned());
    r.tags = rds_tags(db.tag_list());
    // Status moves through `backing-up`, `modifying`, `storage-optimization` … on its own,
    // and LatestRestorableTime advances every few minutes: neither is a configuration change.
    r.volatile = vec![
        "configuration.DBInstanceStatus".into(),
        "configuration.LatestRestorableTime".into(),
        "configuration.StatusInfos".into(),
    ];
    for g in db.vpc_security_groups().iter().filter_map(|g| g.vpc_security_group_id()) {
        r.relationships.push(Relationship::new("uses_security_group", "AWS::EC2::SecurityGroup", g));
    }
    if let Some(group) = db.db_subnet_group() {
        if let Some(name) = group.db_subnet_group_name() {
            r.relationships.push(Relationship::new("in_subnet_group", "AWS::RDS::DBSubnetGroup", name));
        }
        if let Some(vpc) = group.vpc_id() {
            r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", vpc));
        }
    }
    let keys = [db.kms_key_id(), db.performance_insights_kms_key_id(), db.activity_stream_kms_key_id()];
    for key in keys.into_iter().flatten().filter_map(kms_key_id) {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }
    let roles = db.associated_roles().iter().filter_map(|a| a.role_arn()).chain(db.monitoring_role_arn());
    for role in roles.filter_map(role_name) {
        r.relationships.push(Relationship::new("uses_role", "AWS::IAM::Role", role));
    }
    r.seal()
}

fn endpoint(e: &aws_sdk_rds::types::Endpoint) -> Value {
    obj! { "Address" => s(e.address()), "Port" => v(e.port()), "HostedZoneId" => s(e.hosted_zone_id()) }
}

/// `DBSubnetGroup` as DescribeDBInstances and DescribeDBSubnetGroups show it.
pub(crate) fn subnet_group(g: &DbSubnetGroup) -> Value {
    obj! {
        "DBSubnetGroupName" => s(g.db_subnet_group_name()),
        "DBSubnetGroupDescription" => s(g.db_subnet_group_description()),
        "DBSubnetGroupArn" => s(g.db_subnet_group_arn()),
        "VpcId" => s(g.vpc_id()),
        "SubnetGroupStatus" => s(g.subnet_group_status()),
        "SupportedNetworkTypes" => v(g.supported_network_types()),
        "Subnets" => list(g.subnets(), |sn| obj! {
            "SubnetIdentifier" => s(sn.subnet_identifier()),
            "SubnetAvailabilityZone" => sn.subnet_availability_zone().map(|az| obj! { "Name" => s(az.name()) }).unwrap_or(Value::Null),
            "SubnetStatus" => s(sn.subnet_status()),
        }),
    }
}
