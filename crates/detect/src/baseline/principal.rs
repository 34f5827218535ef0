//! Who a baseline is kept for: the principal behind a call.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::View;

/// The longest principal key kept; longer ones (hostile input) are cut, so memory per
/// principal stays bounded.
const MAX_KEY: usize = 512;

/// What kind of identity a baseline belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// An IAM user (`userIdentity.type` `IAMUser`), by its ARN.
    User,
    /// An IAM role, by its ARN: every session of the role (`AssumedRole`) shares one
    /// baseline, so the role is the peer group of its sessions.
    Role,
    /// The account's root user.
    Root,
    /// A federated identity: `FederatedUser` by its ARN, `WebIdentityUser` and
    /// `SAMLUser` by their `principalId` (provider and subject).
    Federated,
}

/// The principal a record's baseline is kept under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// The key: an ARN (`arn:aws:iam::111122223333:role/ci`), or `web-identity:…` /
    /// `saml:…` and the `principalId` for identities without one.
    pub key: String,
    /// Its kind.
    pub kind: PrincipalKind,
}

impl Principal {
    /// The principal of a record, or `None` for calls no baseline is kept for: AWS
    /// services (`AWSService`), other accounts (`AWSAccount`), `Unknown` (a failed
    /// sign-in with a user name that does not exist) and records without `userIdentity`.
    ///
    /// ```
    /// use meerkat_detect::{baseline::{Principal, PrincipalKind}, Event, Origin};
    /// let raw = serde_json::json!({"eventTime": "2024-05-01T10:00:00Z", "eventSource": "s3.amazonaws.com",
    ///     "eventName": "ListBuckets", "userIdentity": {"type": "AssumedRole",
    ///     "arn": "arn:aws:sts::111122223333:assumed-role/ci/run-42",
    ///     "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111122223333:role/ci"}}}});
    /// let event = Event::from_value(raw, Origin { path: std::path::Path::new("-").into(), index: 0 }).unwrap();
    /// let principal = Principal::of(&event.view()).unwrap();
    /// assert_eq!((principal.key.as_str(), principal.kind), ("arn:aws:iam::111122223333:role/ci", PrincipalKind::Role));
    /// ```
    pub fn of(view: &View<'_>) -> Option<Principal> {
        key_of(view).map(|(key, kind)| Principal { key: key.into_owned(), kind })
    }
}

/// [`Principal::of`] without a copy when the key is a field of the record (an ARN).
pub(crate) fn key_of<'a>(view: &View<'a>) -> Option<(Cow<'a, str>, PrincipalKind)> {
    let id = &view.user_identity;
    let (key, kind): (Cow<'a, str>, _) = match some(id.kind)? {
        "IAMUser" => {
            let key = match some(id.arn) {
                Some(arn) => Cow::Borrowed(arn),
                None => Cow::Owned(format!("arn:aws:iam::{}:user/{}", some(id.account_id)?, some(id.user_name)?)),
            };
            (key, PrincipalKind::User)
        }
        "AssumedRole" => {
            let issuer = id.session_issuer.as_ref().and_then(|i| some(i.arn));
            let key = match issuer {
                Some(arn) => Cow::Borrowed(arn),
                None => Cow::Owned(role_of_session(some(id.arn)?)?),
            };
            (key, PrincipalKind::Role)
        }
        "Root" => {
            let key = match some(id.arn) {
                Some(arn) => Cow::Borrowed(arn),
                None => Cow::Owned(format!("arn:aws:iam::{}:root", some(id.account_id)?)),
            };
            (key, PrincipalKind::Root)
        }
        "FederatedUser" => (Cow::Borrowed(some(id.arn).or(some(id.principal_id))?), PrincipalKind::Federated),
        "WebIdentityUser" => {
            let id = some(id.principal_id).or(some(id.user_name))?;
            (Cow::Owned(format!("web-identity:{id}")), PrincipalKind::Federated)
        }
        "SAMLUser" => {
            let id = some(id.principal_id).or(some(id.user_name))?;
            (Cow::Owned(format!("saml:{id}")), PrincipalKind::Federated)
        }
        _ => return None,
    };
    Some((cut(key), kind))
}

/// A field's text, unless absent or blank.
fn some(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|s| !s.is_empty())
}

/// `arn:aws:sts::1:assumed-role/Name/session` → `arn:aws:iam::1:role/Name`, for a
/// session record without `sessionIssuer` (the role's path is not in the session
/// ARN, so this is a fallback only).
fn role_of_session(arn: &str) -> Option<String> {
    let (head, rest) = arn.split_once(":assumed-role/")?;
    let role = rest.split('/').next().filter(|r| !r.is_empty())?;
    let head = head.strip_prefix("arn:")?;
    let (partition, account) = head.split_once(":sts::")?;
    Some(format!("arn:{partition}:iam::{account}:role/{role}"))
}

fn cut(key: Cow<'_, str>) -> Cow<'_, str> {
    if key.len() <= MAX_KEY {
        return key;
    }
    let mut end = MAX_KEY;
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(key[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_arn_fallback() {
        assert_eq!(
            role_of_session("arn:aws:sts::111122223333:assumed-role/ci/run-1").as_deref(),
            Some("arn:aws:iam::111122223333:role/ci")
        );
        assert_eq!(role_of_session("arn:aws-cn:sts::1:assumed-role/r/s").as_deref(), Some("arn:aws-cn:iam::1:role/r"));
        assert_eq!(role_of_session("arn:aws:sts::1:assumed-role//s"), None);
        assert_eq!(role_of_session("nonsense"), None);
    }

    #[test]
    fn long_keys_are_cut_on_a_char_boundary() {
        let key = cut(Cow::Owned("é".repeat(400)));
        assert!(key.len() <= MAX_KEY && key.chars().all(|c| c == 'é'));
    }
}
