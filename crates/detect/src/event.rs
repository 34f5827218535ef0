//! One CloudTrail record: the raw JSON, kept whole, plus a typed view of the fields
//! detections read most.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

/// Where a record came from: the file (`-` for standard input) and its index there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file; shared by every record of it, so keeping it costs a pointer.
    pub path: Arc<Path>,
    /// Zero-based index of the record in the file (the line for JSON Lines).
    pub index: u64,
}

/// A CloudTrail record. The raw value is what rules see (any field, any depth); the
/// [`View`] is a borrowed, typed reading of the hot fields, built on demand so that
/// nothing is copied or parsed twice.
#[derive(Debug, Clone)]
pub struct Event {
    raw: Value,
    time: DateTime<Utc>,
    origin: Origin,
}

impl Event {
    /// Checks that `raw` is a CloudTrail record (an object with `eventTime`,
    /// `eventSource` and `eventName`) and wraps it. The error is the reason it is not.
    ///
    /// ```
    /// use meerkat_detect::{Event, Origin};
    /// let raw = serde_json::json!({"eventTime": "2024-05-01T10:00:00Z",
    ///     "eventSource": "iam.amazonaws.com", "eventName": "CreateUser"});
    /// let origin = Origin { path: std::path::Path::new("-").into(), index: 0 };
    /// let event = Event::from_value(raw, origin).unwrap();
    /// assert_eq!(event.view().event_name, "CreateUser");
    /// ```
    pub fn from_value(raw: Value, origin: Origin) -> Result<Self, String> {
        let Value::Object(map) = &raw else {
            return Err(format!("expected a JSON object, found {}", kind(&raw)));
        };
        for field in ["eventSource", "eventName"] {
            match map.get(field) {
                Some(Value::String(_)) => {}
                Some(other) => return Err(format!("{field} is {}, not a string", kind(other))),
                None => return Err(format!("no {field}")),
            }
        }
        let time = match map.get("eventTime") {
            Some(Value::String(text)) => DateTime::parse_from_rfc3339(text)
                .map_err(|error| format!("eventTime {text:?} is not an RFC 3339 time: {error}"))?
                .with_timezone(&Utc),
            Some(other) => return Err(format!("eventTime is {}, not a string", kind(other))),
            None => return Err("no eventTime".to_string()),
        };
        Ok(Self { raw, time, origin })
    }

    /// The record as CloudTrail wrote it.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Gives the raw record back.
    pub fn into_raw(self) -> Value {
        self.raw
    }

    /// `eventTime`, parsed: the clock of windows and correlations.
    pub fn time(&self) -> DateTime<Utc> {
        self.time
    }

    /// Where the record was read.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// `eventID`, CloudTrail's unique id of the record.
    pub fn id(&self) -> Option<&str> {
        self.raw.get("eventID").and_then(Value::as_str)
    }

    /// The typed view of the hot fields.
    pub fn view(&self) -> View<'_> {
        let get = |key: &str| self.raw.get(key).and_then(Value::as_str);
        let identity = self.raw.get("userIdentity");
        let id_get = |key: &str| identity.and_then(|v| v.get(key)).and_then(Value::as_str);
        let issuer = identity
            .and_then(|v| v.get("sessionContext"))
            .and_then(|v| v.get("sessionIssuer"));
        let issuer_get = |key: &str| issuer.and_then(|v| v.get(key)).and_then(Value::as_str);
        View {
            event_time: self.time,
            // Checked present in from_value.
            event_source: get("eventSource").unwrap_or_default(),
            event_name: get("eventName").unwrap_or_default(),
            event_id: get("eventID"),
            aws_region: get("awsRegion"),
            recipient_account_id: get("recipientAccountId"),
            source_ip_address: get("sourceIPAddress"),
            user_agent: get("userAgent"),
            error_code: get("errorCode"),
            error_message: get("errorMessage"),
            user_identity: UserIdentity {
                kind: id_get("type"),
                arn: id_get("arn"),
                account_id: id_get("accountId"),
                principal_id: id_get("principalId"),
                user_name: id_get("userName"),
                access_key_id: id_get("accessKeyId"),
                session_issuer: issuer.map(|_| SessionIssuer {
                    kind: issuer_get("type"),
                    arn: issuer_get("arn"),
                    user_name: issuer_get("userName"),
                    account_id: issuer_get("accountId"),
                }),
            },
            request_parameters: self.raw.get("requestParameters").filter(|v| !v.is_null()),
            response_elements: self.raw.get("responseElements").filter(|v| !v.is_null()),
        }
    }
}

/// The hot fields of a record, borrowed from it. Absent and non-string fields are `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View<'a> {
    /// `eventTime`.
    pub event_time: DateTime<Utc>,
    /// `eventSource`, the service (`iam.amazonaws.com`).
    pub event_source: &'a str,
    /// `eventName`, the API action (`CreateAccessKey`).
    pub event_name: &'a str,
    /// `eventID`.
    #[serde(rename = "eventID")]
    pub event_id: Option<&'a str>,
    /// `awsRegion`.
    pub aws_region: Option<&'a str>,
    /// `recipientAccountId`, the account the call was made in.
    pub recipient_account_id: Option<&'a str>,
    /// `sourceIPAddress`: an IP, or a service name for calls AWS made itself.
    #[serde(rename = "sourceIPAddress")]
    pub source_ip_address: Option<&'a str>,
    /// `userAgent`.
    pub user_agent: Option<&'a str>,
    /// `errorCode` (`AccessDenied`, …); `None` for a call that succeeded.
    pub error_code: Option<&'a str>,
    /// `errorMessage` (`Failed authentication` for a failed console login).
    pub error_message: Option<&'a str>,
    /// `userIdentity`.
    pub user_identity: UserIdentity<'a>,
    /// `requestParameters`, when present and not null.
    pub request_parameters: Option<&'a Value>,
    /// `responseElements`, when present and not null.
    pub response_elements: Option<&'a Value>,
}

/// `userIdentity`: who made the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserIdentity<'a> {
    /// `type`: `IAMUser`, `AssumedRole`, `Root`, `FederatedUser`, `AWSService`, …
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    /// `arn`.
    pub arn: Option<&'a str>,
    /// `accountId`.
    pub account_id: Option<&'a str>,
    /// `principalId`.
    pub principal_id: Option<&'a str>,
    /// `userName` (IAM users, root).
    pub user_name: Option<&'a str>,
    /// `accessKeyId`: `AKIA…` long-lived, `ASIA…` temporary.
    pub access_key_id: Option<&'a str>,
    /// `sessionContext.sessionIssuer`: the role behind an assumed-role session.
    pub session_issuer: Option<SessionIssuer<'a>>,
}

/// `userIdentity.sessionContext.sessionIssuer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionIssuer<'a> {
    /// `type` (`Role`).
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    /// `arn` of the role.
    pub arn: Option<&'a str>,
    /// `userName`: the role name.
    pub user_name: Option<&'a str>,
    /// `accountId`.
    pub account_id: Option<&'a str>,
}

/// The JSON kind of a value, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn origin() -> Origin {
        Origin { path: Path::new("t.json").into(), index: 3 }
    }

    #[test]
    fn view_reads_hot_fields() {
        let raw = json!({
            "eventTime": "2024-05-01T10:00:00Z", "eventSource": "sts.amazonaws.com",
            "eventName": "GetCallerIdentity", "eventID": "e1", "awsRegion": "eu-west-1",
            "sourceIPAddress": "203.0.113.9", "errorCode": "AccessDenied",
            "requestParameters": null,
            "userIdentity": {"type": "AssumedRole", "accessKeyId": "ASIAX",
                "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::1:role/r"}}}
        });
        let event = Event::from_value(raw, origin()).unwrap();
        let view = event.view();
        assert_eq!(view.event_id, Some("e1"));
        assert_eq!(view.user_identity.kind, Some("AssumedRole"));
        assert_eq!(view.user_identity.session_issuer.unwrap().arn, Some("arn:aws:iam::1:role/r"));
        assert_eq!(view.request_parameters, None);
        assert_eq!(view.error_code, Some("AccessDenied"));
        assert_eq!(event.time().to_rfc3339(), "2024-05-01T10:00:00+00:00");
    }

    #[test]
    fn rejects_non_records_with_reason() {
        for (raw, want) in [
            (json!([1]), "expected a JSON object, found an array"),
            (json!({"eventName": "X", "eventSource": "s"}), "no eventTime"),
            (json!({"eventTime": "yesterday", "eventName": "X", "eventSource": "s"}), "not an RFC 3339"),
            (json!({"eventTime": "2024-05-01T10:00:00Z", "eventName": 4, "eventSource": "s"}), "eventName is a number"),
        ] {
            let error = Event::from_value(raw, origin()).unwrap_err();
            assert!(error.contains(want), "{error}");
        }
    }
}
