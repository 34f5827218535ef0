//! `AWS::IAM::AccountSummary`: `GetAccountSummary`'s map (root MFA and root access keys
//! for CIS 1.4/1.5, signing certificates, quotas, entity counts) and the assigned virtual
//! MFA devices, whose serials tell whether the root user's MFA is virtual or hardware
//! (CIS 1.6). One resource per account, keyed by account id.

use aws_sdk_iam::types::AssignmentStatusType;

use crate::collectors::prelude::*;

/// The account summary collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::AccountSummary",
    service: "iam",
    global: true,
    iam_actions: &["iam:GetAccountSummary", "iam:ListVirtualMFADevices"],
    // The account-level flags: root keys, root MFA, signing certificates.
    refresh_events: &[
        "CreateAccessKey",
        "CreateVirtualMFADevice",
        "DeactivateMFADevice",
        "DeleteAccessKey",
        "DeleteSigningCertificate",
        "DeleteVirtualMFADevice",
        "EnableMFADevice",
        "UploadSigningCertificate",
    ],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

/// Entry counts that follow the creation and deletion of other resources, each of which
/// has its own versioned record; versioning them here again would turn every new user
/// into a change of the account summary.
const COUNTS: &[&str] = &[
    "Groups",
    "InstanceProfiles",
    "MFADevices",
    "MFADevicesInUse",
    "Policies",
    "PolicyVersionsInUse",
    "Providers",
    "Roles",
    "ServerCertificates",
    "Users",
];

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let out = iam.get_account_summary().send().await.map_err(api_err!("iam", "GetAccountSummary", &home))?;
    let summary: BTreeMap<&str, i32> =
        out.summary_map().map(|m| m.iter().map(|(k, n)| (k.as_str(), *n)).collect()).unwrap_or_default();
    let configuration = obj! { "SummaryMap" => v(&summary) };
    let mut r = Resource::new(scope, ctx.account_id(), configuration, ctx.now());
    r.name = Some(format!("IAM account summary of {}", ctx.account_id()));

    let devices = iam
        .list_virtual_mfa_devices()
        .assignment_status(AssignmentStatusType::Assigned)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(api_err!("iam", "ListVirtualMFADevices", &home));
    supplement(
        &mut r,
        "VirtualMFADevices",
        devices.map(|devices| {
            Some(list(&devices, |d| {
                obj! {
                    "SerialNumber" => v(d.serial_number()),
                    "EnableDate" => t(d.enable_date()),
                    "User" => d.user().map(|u| obj! {
                        "UserName" => v(u.user_name()),
                        "UserId" => v(u.user_id()),
                        "Arn" => v(u.arn()),
                    }).unwrap_or(Value::Null),
                }
            }))
        }),
    );
    r.volatile = COUNTS.iter().map(|k| format!("configuration.SummaryMap.{k}")).collect();
    Ok(vec![r.seal()])
}
