//! `AWS::IAM::AccountPasswordPolicy`: the account's IAM password policy (CIS 1.8, 1.9).
//! One resource per account, keyed by account id. An account without a policy is a
//! resource too, `{"Configured": false}`, because that is the risky state a check must
//! see; `GetAccountPasswordPolicy` answers `NoSuchEntity` then.

use crate::collectors::prelude::*;

/// The account password policy collector.
pub const COLLECTOR: Collector = Collector {
    resource_type: "AWS::IAM::AccountPasswordPolicy",
    service: "iam",
    global: true,
    iam_actions: &["iam:GetAccountPasswordPolicy"],
    refresh_events: &["DeleteAccountPasswordPolicy", "UpdateAccountPasswordPolicy"],
    collect: |ctx, scope| Box::pin(collect(ctx, scope)),
};

async fn collect(ctx: &ScanContext, scope: &Scope) -> CollectResult {
    let home = ctx.home_region();
    let iam = ctx.iam(&home);
    let out = iam
        .get_account_password_policy()
        .send()
        .await
        .map_err(api_err!("iam", "GetAccountPasswordPolicy", &home));
    let configuration = match absent_if_not_found(out)?.and_then(|out| out.password_policy) {
        Some(p) => obj! {
            "Configured" => v(true),
            "MinimumPasswordLength" => v(p.minimum_password_length()),
            "RequireSymbols" => v(p.require_symbols()),
            "RequireNumbers" => v(p.require_numbers()),
            "RequireUppercaseCharacters" => v(p.require_uppercase_characters()),
            "RequireLowercaseCharacters" => v(p.require_lowercase_characters()),
            "AllowUsersToChangePassword" => v(p.allow_users_to_change_password()),
            "ExpirePasswords" => v(p.expire_passwords()),
            "MaxPasswordAge" => v(p.max_password_age()),
            "PasswordReusePrevention" => v(p.password_reuse_prevention()),
            "HardExpiry" => v(p.hard_expiry()),
        },
        None => obj! { "Configured" => v(false) },
    };
    let mut r = Resource::new(scope, ctx.account_id(), configuration, ctx.now());
    r.name = Some(format!("IAM password policy of {}", ctx.account_id()));
    Ok(vec![r.seal()])
}
