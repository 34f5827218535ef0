//! `AWS::Lambda::Function`: runtime, handler, execution role, VPC placement, environment
//! variable names, encryption key, tracing, layers, package type, architectures, code
//! signing, tags; the resource-based policy (`GetPolicy`) and the function URL
//! (`GetFunctionUrlConfig`, where `AuthType: NONE` means anyone on the internet may invoke).
//!
//! Environment variable values are never stored: each is replaced by `<redacted>`, so a
//! check can still see which names exist (`DB_PASSWORD`) without Meerkat holding the
//! secret. The policy and URL are those of the unqualified function; URLs and policies of
//! aliases and versions are not read.

use aws_sdk_lambda::types::FunctionConfiguration;

use crate::collectors::references::role_name;
use crate::collectors::references::kms_key_id;
use crate::collectors::prelude::*;

/// What every environment variable value is replaced with.
pub const REDACTED: &str = "<redacted>";

/// The function collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::Lambda::Function",
    service: "lambda",
    global: false,
    iam_actions: &["lambda:GetFunctionUrlConfig", "lambda:GetPolicy", "lambda:ListFunctions", "lambda:ListTags"],
    // CloudTrail records Lambda's management events with the API version in the name.
    refresh_events: &[
        "AddPermission20150331",
        "AddPermission20150331v2",
        "CreateFunction20150331",
        "CreateFunctionUrlConfig20211031",
        "DeleteFunction20150331",
        "DeleteFunctionUrlConfig20211031",
        "PublishVersion20150331",
        "RemovePermission20150331",
        "RemovePermission20150331v2",
        "TagResource20170331",
        "TagResource20170331v2",
        "UntagResource20170331",
        "UntagResource20170331v2",
        "UpdateFunctionCode20150331",
        "UpdateFunctionCode20150331v2",
        "UpdateFunctionConfiguration20150331",
        "UpdateFunctionConfiguration20150331v2",
        "UpdateFunctionUrlConfig20211031",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let functions = ctx
        .lambda(&scope.region)
        .list_functions()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("lambda", "ListFunctions", &scope.region))?;
    Ok(ctx.fan_out(functions, |f| resource(ctx, scope, f)).await)
}

async fn resource(ctx: &ScanContext, scope: &Scope, f: FunctionConfiguration) -> Resource {
    let name = f.function_name().unwrap_or_default().to_owned();
    let client = ctx.lambda(&scope.region);
    let mut r = Resource::new(scope, name.clone(), configuration(&f), ctx.now());
    r.arn = f.function_arn().map(str::to_owned);
    r.name = Some(name.clone());
    // State turns Inactive after weeks without invocations and back on the next one.
    r.volatile =
        vec!["configuration.State".into(), "configuration.StateReason".into(), "configuration.StateReasonCode".into()];
    if let Some(role) = f.role().and_then(role_name) {
        r.relationships.push(Relationship::new("uses_role", "AWS::IAM::Role", role));
    }
    if let Some(vpc) = f.vpc_config() {
        for subnet in vpc.subnet_ids() {
            r.relationships.push(Relationship::new("in_subnet", "AWS::EC2::Subnet", subnet));
        }
        for group in vpc.security_group_ids() {
            r.relationships.push(Relationship::new("uses_security_group", "AWS::EC2::SecurityGroup", group));
        }
        if let Some(id) = vpc.vpc_id().filter(|id| !id.is_empty()) {
            r.relationships.push(Relationship::new("in_vpc", "AWS::EC2::VPC", id));
        }
    }
    if let Some(key) = f.kms_key_arn().and_then(kms_key_id) {
        r.relationships.push(Relationship::new("uses_kms_key", "AWS::KMS::Key", key));
    }

    let policy =
        client.get_policy().function_name(&name).send().await.map_err(api_err!("lambda", "GetPolicy", &scope.region));
    supplement(&mut r, "Policy", absent_if_not_found(policy).map(|o| o.and_then(|p| p.policy().map(policy_document))));

    let url = client
        .get_function_url_config()
        .function_name(&name)
        .send()
        .await
        .map_err(api_err!("lambda", "GetFunctionUrlConfig", &scope.region));
    supplement(
        &mut r,
        "FunctionUrlConfig",
        absent_if_not_found(url).map(|o| {
            o.map(|u| {
                obj! {
                    "FunctionUrl" => v(u.function_url()),
                    "FunctionArn" => v(u.function_arn()),
                    "AuthType" => v(u.auth_type().as_str()),
                    "InvokeMode" => s(u.invoke_mode()),
                    "Cors" => u.cors().map(|c| obj! {
                        "AllowCredentials" => v(c.allow_credentials()),
                        "AllowHeaders" => v(c.allow_headers()),
                        "AllowMethods" => v(c.allow_methods()),
                        "AllowOrigins" => v(c.allow_origins()),
                        "ExposeHeaders" => v(c.expose_headers()),
                        "MaxAge" => v(c.max_age()),
                    }).unwrap_or(Value::Null),
                    "CreationTime" => v(u.creation_time()),
                    "LastModifiedTime" => v(u.last_modified_time()),
                }
            })
        }),
    );

    if let Some(arn) = f.function_arn() {
        match client.list_tags().resource(arn).send().await.map_err(api_err!("lambda", "ListTags", &scope.region)) {
            Ok(out) => {
                r.tags =
                    out.tags().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
            }
            Err(e) => {
                r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
            }
        }
    }
    r.seal()
}

fn configuration(f: &FunctionConfiguration) -> Value {
    obj! {
        "FunctionName" => s(f.function_name()),
        "FunctionArn" => s(f.function_arn()),
        "Description" => s(f.description()),
        "Runtime" => s(f.runtime()),
        "RuntimeVersionConfig" => f.runtime_version_config().map(|c| obj! { "RuntimeVersionArn" => s(c.runtime_version_arn()) }).unwrap_or(Value::Null),
        "Role" => s(f.role()),
        "Handler" => s(f.handler()),
        "PackageType" => s(f.package_type()),
        "Architectures" => list(f.architectures(), |a| v(a.as_str())),
        "CodeSize" => v(f.code_size()),
        "CodeSha256" => s(f.code_sha256()),
        "Version" => s(f.version()),
        "RevisionId" => s(f.revision_id()),
        "LastModified" => s(f.last_modified()),
        "Timeout" => v(f.timeout()),
        "MemorySize" => v(f.memory_size()),
        "EphemeralStorage" => f.ephemeral_storage().map(|e| obj! { "Size" => v(e.size()) }).unwrap_or(Value::Null),
        "VpcConfig" => f.vpc_config().map(|c| obj! {
            "SubnetIds" => v(c.subnet_ids()),
            "SecurityGroupIds" => v(c.security_group_ids()),
            "VpcId" => s(c.vpc_id()),
            "Ipv6AllowedForDualStack" => v(c.ipv6_allowed_for_dual_stack()),
        }).unwrap_or(Value::Null),
        "Environment" => f.environment().map(|e| obj! {
            "Variables" => e.variables().map(|vars| {
                Value::Object(vars.keys().map(|k| (k.clone(), Value::String(REDACTED.to_owned()))).collect())
            }).unwrap_or(Value::Null),
            "Error" => e.error().map(|err| obj! { "ErrorCode" => s(err.error_code()), "Message" => s(err.message()) }).unwrap_or(Value::Null),
        }).unwrap_or(Value::Null),
        "KMSKeyArn" => s(f.kms_key_arn()),
        "TracingConfig" => f.tracing_config().map(|c| obj! { "Mode" => s(c.mode()) }).unwrap_or(Value::Null),
        "DeadLetterConfig" => f.dead_letter_config().map(|c| obj! { "TargetArn" => s(c.target_arn()) }).unwrap_or(Value::Null),
        "Layers" => list(f.layers(), |l| obj! {
            "Arn" => s(l.arn()),
            "CodeSize" => v(l.code_size()),
            "SigningProfileVersionArn" => s(l.signing_profile_version_arn()),
            "SigningJobArn" => s(l.signing_job_arn()),
        }),
        "FileSystemConfigs" => list(f.file_system_configs(), |c| obj! { "Arn" => v(c.arn()), "LocalMountPath" => v(c.local_mount_path()) }),
        "ImageConfigResponse" => f.image_config_response().and_then(|c| c.image_config()).map(|c| obj! {
            "ImageConfig" => obj! {
                "EntryPoint" => v(c.entry_point()),
                "Command" => v(c.command()),
                "WorkingDirectory" => s(c.working_directory()),
            },
        }).unwrap_or(Value::Null),
        "SigningProfileVersionArn" => s(f.signing_profile_version_arn()),
        "SigningJobArn" => s(f.signing_job_arn()),
        "MasterArn" => s(f.master_arn()),
        "SnapStart" => f.snap_start().map(|c| obj! { "ApplyOn" => s(c.apply_on()), "OptimizationStatus" => s(c.optimization_status()) }).unwrap_or(Value::Null),
        "LoggingConfig" => f.logging_config().map(|c| obj! {
            "LogFormat" => s(c.log_format()),
            "ApplicationLogLevel" => s(c.application_log_level()),
            "SystemLogLevel" => s(c.system_log_level()),
            "LogGroup" => s(c.log_group()),
        }).unwrap_or(Value::Null),
        "State" => s(f.state()),
        "StateReason" => s(f.state_reason()),
        "StateReasonCode" => s(f.state_reason_code()),
        "LastUpdateStatus" => s(f.last_update_status()),
    }
}
