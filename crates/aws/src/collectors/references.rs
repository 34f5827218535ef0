//! How one area names a resource of another: the id an edge must carry is the id the
//! target's own collector keys it by (IAM roles and instance profiles by name, KMS keys by
//! key id), whatever form the referring API uses (an ARN, a path, an alias).

/// The name at the end of an IAM ARN, path dropped
/// (`arn:aws:iam::1:instance-profile/team/web` → `web`); `None` for anything that is not
/// an IAM ARN with a `kind/name` resource.
pub(crate) fn iam_name(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" || parts.nth(1)? != "iam" {
        return None;
    }
    let resource = parts.nth(2)?;
    let (_, path) = resource.split_once('/')?;
    path.rsplit('/').next().filter(|name| !name.is_empty())
}

/// The role name of an IAM role ARN; `None` for any other ARN or text.
pub(crate) fn role_name(arn: &str) -> Option<&str> {
    let resource = arn.splitn(6, ':').nth(5)?;
    if !resource.starts_with("role/") {
        return None;
    }
    iam_name(arn)
}

/// The key id a KMS key reference names: a key id, or a key ARN (`…:key/<id>`). Aliases
/// (`alias/…` or alias ARNs) name no key by themselves, so they give `None`, never a
/// wrong edge.
pub(crate) fn kms_key_id(reference: &str) -> Option<String> {
    let reference = reference.trim();
    if reference.is_empty() {
        return None;
    }
    if reference.starts_with("arn:") {
        let resource = reference.splitn(6, ':').nth(5)?;
        return resource.strip_prefix("key/").filter(|id| !id.is_empty()).map(str::to_owned);
    }
    if reference.starts_with("alias/") || reference.contains(':') || reference.contains('/') {
        return None;
    }
    Some(reference.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_names_drop_the_path() {
        assert_eq!(iam_name("arn:aws:iam::1:instance-profile/web"), Some("web"));
        assert_eq!(iam_name("arn:aws:iam::1:instance-profile/team/a/web"), Some("web"));
        assert_eq!(iam_name("arn:aws:iam::1:role/service-role/flow-logs"), Some("flow-logs"));
        assert_eq!(iam_name("arn:aws-us-gov:iam::1:role/a"), Some("a"));
        assert_eq!(iam_name("not-an-arn"), None);
        assert_eq!(iam_name("arn:aws:iam::1:root"), None);
        assert_eq!(iam_name("arn:aws:iam::1:role/"), None);
        assert_eq!(iam_name("arn:aws:s3:::bucket/key"), None);
    }

    #[test]
    fn role_names_come_from_role_arns_only() {
        assert_eq!(role_name("arn:aws:iam::123456789012:role/service-role/x/app-role"), Some("app-role"));
        assert_eq!(role_name("arn:aws:iam::123456789012:user/alice"), None);
        assert_eq!(role_name("app"), None);
    }

    #[test]
    fn kms_references() {
        assert_eq!(kms_key_id("1234abcd-12ab").as_deref(), Some("1234abcd-12ab"));
        assert_eq!(kms_key_id("arn:aws:kms:us-east-1:1:key/1234abcd").as_deref(), Some("1234abcd"));
        assert_eq!(kms_key_id("alias/data"), None);
        assert_eq!(kms_key_id("arn:aws:kms:us-east-1:1:alias/data"), None);
        assert_eq!(kms_key_id(" "), None);
    }
}
