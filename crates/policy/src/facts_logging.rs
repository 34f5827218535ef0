//! Derived facts of the data-service, logging and monitoring checks (CloudTrail, CloudWatch,
//! Lambda), beside the shared ones of `facts.rs`:
//!
//! | type | fact | shape |
//! | --- | --- | --- |
//! | `AWS::Account` | `trails` | `[{name, region, arn, multi_region, logging, management_read, management_write, s3_data_read, s3_data_write, log_group, unread}]`, one per trail of the account; `logging` and the selector flags are null when that part could not be read; `log_group` is `{region, account, name}` or null |
//! | `AWS::Account` | `cis_monitoring` | `{<key>: {status, reason, evidence}}` for each CIS 4.x log metric filter (keys in [`CIS_FILTERS`]): `status` is `pass`, `fail` or `unknown` (a trail, or the alarm's SNS topic, that could close the chain was not read) |
//! | `AWS::CloudTrail::Trail` | `s3_bucket` | `{name, in_inventory, logging, unread, exposure, exposure_unread}`: the trail's bucket and its `BucketLoggingConfiguration` (`{}` when access logging is off), `unread` the reason when that part could not be read; `exposure` is `{public, policy_statements, acl_grants}` after Block Public Access (bucket and account), null with `exposure_unread` saying why when it cannot be decided |
//! | `AWS::Lambda::Function` | `evaluated_at` | the evaluation day (`YYYY-MM-DD`), to compare with runtime deprecation dates |
//! | `AWS::RDS::DBInstance` | `evaluated_at`, `ca_certificate_expires_in_days` | whole days until `CertificateDetails.ValidTill` (negative once expired; null when not returned) |
//! | `AWS::SecretsManager::Secret` | `evaluated_at`, `age_days`, `last_rotated_days`, `last_accessed_days`, `last_changed_days` | whole days since `CreatedDate`, `LastRotatedDate`, `LastAccessedDate`, `LastChangedDate` (null: never) |
//! | `AWS::Lambda::Function` | `execution_role` | `{known, name, admin, via}`: whether the role allows `*` on `*` (inline, AWS `AdministratorAccess`, or a customer policy whose default version is admin); `known` false when the role or one of its customer policies is not in the inventory |
//!
//! The CIS 4.x chain is: a multi-region trail that is logging read and write management
//! events → its CloudWatch Logs log group → a metric filter on that group whose pattern
//! holds every clause of the benchmark's pattern → an alarm on the filter's metric that
//! notifies an SNS topic with a confirmed subscription. Filter patterns are compared clause
//! by clause, after removing whitespace and quotes and lowercasing, so that order, spacing
//! and quoting do not matter
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html>).
//!
//! Ages are taken against the evaluation time as `facts_iam.rs` defines it: the newest
//! `last_seen` of the inventory, so that the same inventory always gives the same results.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use meerkat_model::Resource;
use serde_json::{json, Map, Value};

use crate::facts::policy_fact;

/// What the logging facts need from other resources of the inventory.
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// (account, bucket name) → its `BucketLoggingConfiguration`, or why it was not read.
    buckets: HashMap<(String, String), Result<Value, String>>,
    /// (account, bucket name) → who the bucket's policy or ACL opens it to, or why that
    /// could not be read.
    bucket_exposure: HashMap<(String, String), Result<Exposure, String>>,
    /// Account → the `configuration` of its `AWS::S3::AccountPublicAccessBlock`.
    account_blocks: HashMap<String, Value>,
    /// SNS topic ARN → its confirmed subscriptions, or why its attributes were not read.
    topics: HashMap<String, Result<u64, String>>,
    /// Role ARN → (an inline or AWS-managed policy makes it admin, customer policy ARNs).
    roles: HashMap<String, (bool, Vec<String>)>,
    /// Customer managed policy ARN → whether its default version allows `*` on `*`.
    policies: HashMap<String, bool>,
    /// The evaluation time: the newest `last_seen` of the inventory.
    evaluated_at: Option<DateTime<Utc>>,
}

impl Context {
    /// Records what `r` contributes, if anything.
    pub(crate) fn add(&mut self, r: &Resource) {
        if self.evaluated_at.is_none_or(|t| r.last_seen > t) {
            self.evaluated_at = Some(r.last_seen);
        }
        let own = r.account_id.as_str();
        match r.resource_type.as_str() {
            "AWS::S3::Bucket" => {
                let logging = match (
                    r.supplementary.get("BucketLoggingConfiguration"),
                    r.not_assessed.get("BucketLoggingConfiguration"),
                ) {
                    (_, Some(why)) => Err(why.clone()),
                    (Some(v), None) => Ok(v.clone()),
                    (None, None) => Err("BucketLoggingConfiguration was not read".to_owned()),
                };
                self.buckets.insert((own.to_owned(), r.resource_id.clone()), logging);
                self.bucket_exposure.insert((own.to_owned(), r.resource_id.clone()), Exposure::read(r));
            }
            "AWS::SNS::Topic" => {
                let confirmed = match r.not_assessed.get("Attributes") {
                    Some(why) => Err(why.clone()),
                    // SNS writes attribute values as strings ("1").
                    None => Ok(r
                        .configuration
                        .get("SubscriptionsConfirmed")
                        .and_then(Value::as_str)
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0)),
                };
                self.topics.insert(r.resource_id.clone(), confirmed);
            }
            "AWS::S3::AccountPublicAccessBlock" if r.not_assessed.is_empty() => {
                self.account_blocks.insert(own.to_owned(), r.configuration.clone());
            }
            "AWS::IAM::Role" => {
                let Some(arn) =
                    r.arn.clone().or_else(|| r.configuration.get("Arn").and_then(Value::as_str).map(str::to_owned))
                else {
                    return;
                };
                let inline = r.supplementary.get("RolePolicyList").and_then(Value::as_array).into_iter().flatten();
                let mut admin = inline.into_iter().any(|p| policy_fact(p.get("PolicyDocument"), own)["admin"] == true);
                let attached =
                    r.supplementary.get("AttachedManagedPolicies").and_then(Value::as_array).into_iter().flatten();
                let arns: Vec<String> =
                    attached.filter_map(|p| p.get("PolicyArn").and_then(Value::as_str).map(str::to_owned)).collect();
                admin |= arns.iter().any(|a| a.ends_with(":iam::aws:policy/AdministratorAccess"));
                // AWS managed policies other than AdministratorAccess are not admin.
                let customer = arns.into_iter().filter(|a| !a.contains(":iam::aws:policy/")).collect();
                self.roles.insert(arn, (admin, customer));
            }
            "AWS::IAM::Policy" => {
                let document = r.supplementary.get("PolicyVersion").and_then(|v| v.get("Document"));
                let arn =
                    r.arn.clone().or_else(|| r.configuration.get("Arn").and_then(Value::as_str).map(str::to_owned));
                if let (Some(arn), None) = (arn, r.not_assessed.get("PolicyVersion")) {
                    self.policies.insert(arn, policy_fact(document, own)["admin"] == true);
                }
            }
            _ => {}
        }
    }
}

/// Adds the logging facts of `r` to `facts`.
pub(crate) fn derive(r: &Resource, ctx: &Context, facts: &mut Map<String, Value>) {
    match r.resource_type.as_str() {
        "AWS::Account" => {
            let trails: Vec<Trail> =
                list(r, "AWS::CloudTrail::Trail").iter().map(|t| Trail::read(t, &r.account_id)).collect();
            let filters = list(r, "AWS::Logs::MetricFilter");
            let alarms = list(r, "AWS::CloudWatch::Alarm");
            let mut monitoring = Map::new();
            for f in CIS_FILTERS {
                monitoring.insert(f.key.to_owned(), cis_chain(f, &trails, filters, alarms, ctx));
            }
            facts.insert("trails".into(), Value::Array(trails.iter().map(Trail::to_json).collect()));
            facts.insert("cis_monitoring".into(), Value::Object(monitoring));
        }
        "AWS::CloudTrail::Trail" => {
            facts.insert("s3_bucket".into(), trail_bucket(r, ctx));
        }
        "AWS::Lambda::Function" => {
            facts.insert("execution_role".into(), execution_role(r, ctx));
            facts.insert("evaluated_at".into(), crate::facts::evaluation_day(ctx.now()));
        }
        "AWS::RDS::DBInstance" => {
            let valid_till = r.configuration.pointer("/CertificateDetails/ValidTill");
            facts.insert("evaluated_at".into(), crate::facts::evaluation_day(ctx.now()));
            facts.insert("ca_certificate_expires_in_days".into(), days_until(valid_till, ctx.now()));
        }
        "AWS::SecretsManager::Secret" => {
            let now = ctx.now();
            let c = &r.configuration;
            facts.insert("evaluated_at".into(), crate::facts::evaluation_day(now));
            for (fact, field) in [
                ("age_days", "CreatedDate"),
                ("last_rotated_days", "LastRotatedDate"),
                ("last_accessed_days", "LastAccessedDate"),
                ("last_changed_days", "LastChangedDate"),
            ] {
                facts.insert(fact.into(), days_since(c.get(field), now));
            }
        }
        _ => {}
    }
}

impl Context {
    fn now(&self) -> DateTime<Utc> {
        self.evaluated_at.unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
    }
}

/// Whole days from `now` to an RFC 3339 time (negative once past); null when absent.
fn days_until(v: Option<&Value>, now: DateTime<Utc>) -> Value {
    match days_since(v, now) {
        Value::Number(n) => json!(-n.as_i64().unwrap_or(0)),
        other => other,
    }
}

/// Whole days from an RFC 3339 time to `now`; null when absent or unparsable.
fn days_since(v: Option<&Value>, now: DateTime<Utc>) -> Value {
    let Some(t) = v.and_then(Value::as_str).and_then(|s| DateTime::parse_from_rfc3339(s).ok()) else {
        return Value::Null;
    };
    json!((now - t.with_timezone(&Utc)).num_days())
}

/// A summary list of the account pseudo-resource (empty when absent: the check's
/// `requires` makes that NOT_ASSESSED before the facts matter).
fn list<'a>(r: &'a Resource, key: &str) -> &'a [Value] {
    r.supplementary.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

fn text<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// What the checks need of one trail, read from its summary.
#[derive(Debug)]
struct Trail {
    name: String,
    region: String,
    arn: Option<String>,
    multi_region: bool,
    logging: Option<bool>,
    management: Option<(bool, bool)>,
    s3_data: Option<(bool, bool)>,
    /// (region, account, name) of its CloudWatch Logs group.
    log_group: Option<(String, String, String)>,
    unread: Vec<String>,
}

impl Trail {
    fn read(t: &Value, own: &str) -> Trail {
        let c = t.get("configuration").unwrap_or(&Value::Null);
        let na = t.get("not_assessed").and_then(Value::as_object);
        let unread: Vec<String> = na
            .into_iter()
            .flatten()
            .filter(|(k, _)| k.as_str() != "Tags")
            .map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or("")))
            .collect();
        let status_read = na.is_none_or(|m| !m.contains_key("TrailStatus"));
        let selectors_read =
            na.is_none_or(|m| !m.contains_key("EventSelectors") && !m.contains_key("AdvancedEventSelectors"));
        let logging = if status_read {
            Some(t.pointer("/supplementary/TrailStatus/IsLogging").and_then(Value::as_bool).unwrap_or(false))
        } else {
            None
        };
        let (management, s3_data) = if selectors_read {
            let classic = t
                .pointer("/supplementary/EventSelectors")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let advanced = t
                .pointer("/supplementary/AdvancedEventSelectors")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            (Some(management_events(classic, advanced)), Some(s3_data_events(classic, advanced)))
        } else {
            (None, None)
        };
        let log_group = text(c, "/CloudWatchLogsLogGroupArn").and_then(|arn| log_group(arn, own));
        Trail {
            name: text(c, "/Name")
                .or_else(|| t.get("resource_id").and_then(Value::as_str))
                .unwrap_or_default()
                .to_owned(),
            region: t.get("region").and_then(Value::as_str).unwrap_or_default().to_owned(),
            arn: text(c, "/TrailARN").map(str::to_owned),
            multi_region: c.get("IsMultiRegionTrail").and_then(Value::as_bool).unwrap_or(false),
            logging,
            management,
            s3_data,
            log_group,
            unread,
        }
    }

    /// Feeds CIS section 4: multi-region, logging, all management events, a log group.
    fn monitored(&self) -> bool {
        self.multi_region
            && self.logging == Some(true)
            && self.management == Some((true, true))
            && self.log_group.is_some()
    }

    /// Might feed section 4 if the parts that could not be read allow it.
    fn maybe_monitored(&self) -> bool {
        self.multi_region
            && self.log_group.is_some()
            && self.logging != Some(false)
            && self.management.is_none_or(|m| m == (true, true))
            && (self.logging.is_none() || self.management.is_none())
    }

    fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "region": self.region,
            "arn": self.arn,
            "multi_region": self.multi_region,
            "logging": self.logging,
            "management_read": self.management.map(|m| m.0),
            "management_write": self.management.map(|m| m.1),
            "s3_data_read": self.s3_data.map(|m| m.0),
            "s3_data_write": self.s3_data.map(|m| m.1),
            "log_group": self.log_group.as_ref().map(|(region, account, name)| json!({"region": region, "account": account, "name": name})),
            "unread": self.unread,
        })
    }
}

/// (region, account, name) of a log group ARN (`arn:aws:logs:<region>:<account>:log-group:<name>:*`).
fn log_group(arn: &str, own: &str) -> Option<(String, String, String)> {
    let mut parts = arn.splitn(7, ':');
    let (_, _, _, region, account, kind) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let name = parts.next()?;
    let name = name.strip_suffix(":*").unwrap_or(name);
    (kind == "log-group" && !name.is_empty())
        .then(|| (region.to_owned(), if account.is_empty() { own } else { account }.to_owned(), name.to_owned()))
}

/// Whether a selector's `readOnly` field admits read and write events
/// (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html>).
fn read_write_of_advanced(fields: &[Value]) -> (bool, bool) {
    let Some(f) = fields.iter().find(|f| f.get("Field").and_then(Value::as_str) == Some("readOnly")) else {
        return (true, true);
    };
    let has = |key: &str, value: &str| {
        f.get(key).and_then(Value::as_array).is_some_and(|v| v.iter().any(|x| x.as_str() == Some(value)))
    };
    let read = has("Equals", "true") || has("NotEquals", "false");
    let write = has("Equals", "false") || has("NotEquals", "true");
    (read, write)
}

fn field_equals(fields: &[Value], field: &str, value: &str) -> bool {
    fields.iter().any(|f| {
        f.get("Field").and_then(Value::as_str) == Some(field)
            && f.get("Equals").and_then(Value::as_array).is_some_and(|v| v.iter().any(|x| x.as_str() == Some(value)))
    })
}

fn classic_read_write(s: &Value) -> (bool, bool) {
    match s.get("ReadWriteType").and_then(Value::as_str).unwrap_or("All") {
        "All" => (true, true),
        "ReadOnly" => (true, false),
        "WriteOnly" => (false, true),
        _ => (false, false),
    }
}

fn advanced_fields(a: &Value) -> &[Value] {
    a.get("FieldSelectors").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// (read, write): whether the selectors log read and write management events.
fn management_events(classic: &[Value], advanced: &[Value]) -> (bool, bool) {
    let (mut read, mut write) = (false, false);
    for s in classic {
        // The API default is true; a selector only for data events says false.
        if s.get("IncludeManagementEvents").and_then(Value::as_bool).unwrap_or(true) {
            let (r, w) = classic_read_write(s);
            read |= r;
            write |= w;
        }
    }
    for a in advanced {
        let fields = advanced_fields(a);
        if field_equals(fields, "eventCategory", "Management") {
            let (r, w) = read_write_of_advanced(fields);
            read |= r;
            write |= w;
        }
    }
    (read, write)
}

/// Resource ARN values that mean "every bucket".
const ALL_BUCKETS: &[&str] = &["arn:aws:s3", "arn:aws:s3:::", "arn:aws-cn:s3:::", "arn:aws-us-gov:s3:::"];

/// (read, write): whether the selectors log object-level events of every bucket.
fn s3_data_events(classic: &[Value], advanced: &[Value]) -> (bool, bool) {
    let (mut read, mut write) = (false, false);
    for s in classic {
        let resources = s.get("DataResources").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let all = resources.iter().any(|d| {
            d.get("Type").and_then(Value::as_str) == Some("AWS::S3::Object")
                && d.get("Values")
                    .and_then(Value::as_array)
                    .is_some_and(|v| v.iter().any(|x| x.as_str().is_some_and(|x| ALL_BUCKETS.contains(&x))))
        });
        if all {
            let (r, w) = classic_read_write(s);
            read |= r;
            write |= w;
        }
    }
    for a in advanced {
        let fields = advanced_fields(a);
        // A `resources.ARN` field narrows the selector to some buckets or prefixes.
        let narrowed = fields.iter().any(|f| {
            f.get("Field").and_then(Value::as_str) == Some("resources.ARN")
                && ["Equals", "StartsWith"].iter().any(|k| {
                    f.get(*k)
                        .and_then(Value::as_array)
                        .is_some_and(|v| v.iter().any(|x| x.as_str().is_some_and(|x| !ALL_BUCKETS.contains(&x))))
                })
        });
        if field_equals(fields, "eventCategory", "Data")
            && field_equals(fields, "resources.type", "AWS::S3::Object")
            && !narrowed
        {
            let (r, w) = read_write_of_advanced(fields);
            read |= r;
            write |= w;
        }
    }
    (read, write)
}

/// One CIS 4.x metric filter: the clauses its pattern must hold.
#[derive(Debug)]
pub(crate) struct CisFilter {
    /// The key under `facts.cis_monitoring`.
    pub key: &'static str,
    /// What it watches, for reasons.
    pub what: &'static str,
    /// `$.eventSource` the pattern must name, if the benchmark's pattern does.
    pub source: Option<&'static str>,
    /// `$.eventName` values the pattern must name, each.
    pub names: &'static [&'static str],
    /// Other clauses, written as CloudTrail's pattern syntax writes them.
    pub clauses: &'static [&'static str],
}

/// The CIS AWS Foundations v3.0.0 section 4 metric filters, sorted by key. Event lists
/// follow the benchmark's patterns for controls 4.1–4.15.
pub(crate) const CIS_FILTERS: &[CisFilter] = &[
    CisFilter {
        key: "authentication_failures",
        what: "console authentication failures",
        source: None,
        names: &["ConsoleLogin"],
        clauses: &["$.errorMessage = \"Failed authentication\""],
    },
    CisFilter {
        key: "aws_config_changes",
        what: "AWS Config configuration changes",
        source: Some("config.amazonaws.com"),
        names: &[
            "StopConfigurationRecorder",
            "DeleteDeliveryChannel",
            "PutDeliveryChannel",
            "PutConfigurationRecorder",
        ],
        clauses: &[],
    },
    CisFilter {
        key: "cloudtrail_changes",
        what: "CloudTrail configuration changes",
        source: None,
        names: &["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"],
        clauses: &[],
    },
    CisFilter {
        key: "iam_policy_changes",
        what: "IAM policy changes",
        source: None,
        names: &[
            "DeleteGroupPolicy",
            "DeleteRolePolicy",
            "DeleteUserPolicy",
            "PutGroupPolicy",
            "PutRolePolicy",
            "PutUserPolicy",
            "CreatePolicy",
            "DeletePolicy",
            "CreatePolicyVersion",
            "DeletePolicyVersion",
            "AttachRolePolicy",
            "DetachRolePolicy",
            "AttachUserPolicy",
            "DetachUserPolicy",
            "AttachGroupPolicy",
            "DetachGroupPolicy",
        ],
        clauses: &[],
    },
    CisFilter {
        key: "kms_cmk_disable_or_deletion",
        what: "disabling or scheduled deletion of customer managed keys",
        source: Some("kms.amazonaws.com"),
        names: &["DisableKey", "ScheduleKeyDeletion"],
        clauses: &[],
    },
    CisFilter {
        key: "nacl_changes",
        what: "network ACL changes",
        source: None,
        names: &[
            "CreateNetworkAcl",
            "CreateNetworkAclEntry",
            "DeleteNetworkAcl",
            "DeleteNetworkAclEntry",
            "ReplaceNetworkAclEntry",
            "ReplaceNetworkAclAssociation",
        ],
        clauses: &[],
    },
    CisFilter {
        key: "network_gateway_changes",
        what: "network gateway changes",
        source: None,
        names: &[
            "CreateCustomerGateway",
            "DeleteCustomerGateway",
            "AttachInternetGateway",
            "CreateInternetGateway",
            "DeleteInternetGateway",
            "DetachInternetGateway",
        ],
        clauses: &[],
    },
    CisFilter {
        key: "organizations_changes",
        what: "AWS Organizations changes",
        source: Some("organizations.amazonaws.com"),
        names: &[
            "AcceptHandshake",
            "AttachPolicy",
            "CreateAccount",
            "CreateOrganizationalUnit",
            "CreatePolicy",
            "DeclineHandshake",
            "DeleteOrganization",
            "DeleteOrganizationalUnit",
            "DeletePolicy",
            "DetachPolicy",
            "DisablePolicyType",
            "EnablePolicyType",
            "InviteAccountToOrganization",
            "LeaveOrganization",
            "MoveAccount",
            "RemoveAccountFromOrganization",
            "UpdatePolicy",
            "UpdateOrganizationalUnit",
        ],
        clauses: &[],
    },
    CisFilter {
        key: "root_usage",
        what: "root user activity",
        source: None,
        names: &[],
        clauses: &[
            "$.userIdentity.type = \"Root\"",
            "$.userIdentity.invokedBy NOT EXISTS",
            "$.eventType != \"AwsServiceEvent\"",
        ],
    },
    CisFilter {
        key: "route_table_changes",
        what: "route table changes",
        source: Some("ec2.amazonaws.com"),
        names: &[
            "CreateRoute",
            "CreateRouteTable",
            "ReplaceRoute",
            "ReplaceRouteTableAssociation",
            "DeleteRouteTable",
            "DeleteRoute",
            "DisassociateRouteTable",
        ],
        clauses: &[],
    },
    CisFilter {
        key: "s3_bucket_policy_changes",
        what: "S3 bucket policy changes",
        source: Some("s3.amazonaws.com"),
        names: &[
            "PutBucketAcl",
            "PutBucketPolicy",
            "PutBucketCors",
            "PutBucketLifecycle",
            "PutBucketReplication",
            "DeleteBucketPolicy",
            "DeleteBucketCors",
            "DeleteBucketLifecycle",
            "DeleteBucketReplication",
        ],
        clauses: &[],
    },
    CisFilter {
        key: "security_group_changes",
        what: "security group changes",
        source: None,
        names: &[
            "AuthorizeSecurityGroupIngress",
            "AuthorizeSecurityGroupEgress",
            "RevokeSecurityGroupIngress",
            "RevokeSecurityGroupEgress",
            "CreateSecurityGroup",
            "DeleteSecurityGroup",
        ],
        clauses: &[],
    },
    CisFilter {
        key: "sign_in_without_mfa",
        what: "console sign-in without MFA",
        source: None,
        names: &["ConsoleLogin"],
        clauses: &["$.additionalEventData.MFAUsed != \"Yes\""],
    },
    CisFilter {
        key: "unauthorized_api_calls",
        what: "unauthorized API calls",
        source: None,
        names: &[],
        clauses: &["$.errorCode = \"*UnauthorizedOperation\"", "$.errorCode = \"AccessDenied*\""],
    },
    CisFilter {
        key: "vpc_changes",
        what: "VPC changes",
        source: None,
        names: &[
            "CreateVpc",
            "DeleteVpc",
            "ModifyVpcAttribute",
            "AcceptVpcPeeringConnection",
            "CreateVpcPeeringConnection",
            "DeleteVpcPeeringConnection",
            "RejectVpcPeeringConnection",
            "AttachClassicLinkVpc",
            "DetachClassicLinkVpc",
            "DisableVpcClassicLink",
            "EnableVpcClassicLink",
        ],
        clauses: &[],
    },
];

/// A filter pattern without whitespace and quotes, lowercased: `{ ($.eventName = "X") }`
/// and `{($.eventName=X)}` read the same.
fn normalise(pattern: &str) -> String {
    pattern.chars().filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'').flat_map(char::to_lowercase).collect()
}

/// Whether `clause` (normalised) occurs in `pattern` (normalised) as a whole clause: not
/// followed by more of a name (`$.eventname=createroute` is not in `…=createroutetable`).
fn has_clause(pattern: &str, clause: &str) -> bool {
    pattern.match_indices(clause).any(|(at, _)| {
        pattern[at + clause.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '*'))
    })
}

impl CisFilter {
    /// The clauses a pattern lacks (empty when it matches).
    fn missing(&self, pattern: &str) -> Vec<String> {
        let p = normalise(pattern);
        let source = self.source.map(|s| format!("$.eventsource={}", s.to_ascii_lowercase()));
        let names = self.names.iter().map(|n| format!("$.eventname={}", n.to_ascii_lowercase()));
        let clauses = self.clauses.iter().map(|c| normalise(c));
        source.into_iter().chain(names).chain(clauses).filter(|c| !has_clause(&p, c)).collect()
    }
}

/// Whether an alarm watches `(namespace, metric)` and notifies an SNS topic.
fn alarm_watches(a: &Value, namespace: &str, metric: &str) -> bool {
    let c = a.get("configuration").unwrap_or(&Value::Null);
    let direct = text(c, "/MetricName") == Some(metric) && text(c, "/Namespace") == Some(namespace);
    let in_math = c.get("Metrics").and_then(Value::as_array).into_iter().flatten().any(|m| {
        text(m, "/MetricStat/Metric/MetricName") == Some(metric)
            && text(m, "/MetricStat/Metric/Namespace") == Some(namespace)
    });
    direct || in_math
}

/// Whom an alarm notifies, as CIS 4.x asks: an SNS topic with at least one confirmed
/// subscription.
enum Delivery {
    /// A topic with subscribers.
    Subscribed,
    /// An SNS topic that is not in the inventory or whose attributes were not read.
    Unverified(String),
    /// No enabled SNS action, or only topics without subscribers.
    Nobody,
}

fn alarm_delivery(a: &Value, ctx: &Context) -> Delivery {
    let c = a.get("configuration").unwrap_or(&Value::Null);
    if c.get("ActionsEnabled").and_then(Value::as_bool) == Some(false) {
        return Delivery::Nobody;
    }
    let topics = c
        .get("AlarmActions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|x| x.starts_with("arn:aws") && x.contains(":sns:"));
    let mut unverified = None;
    for topic in topics {
        match ctx.topics.get(topic) {
            Some(Ok(n)) if *n > 0 => return Delivery::Subscribed,
            Some(Ok(_)) => {}
            Some(Err(why)) => unverified = Some(format!("topic {topic} could not be read: {why}")),
            None => unverified = Some(format!("topic {topic} is not in the inventory")),
        }
    }
    unverified.map_or(Delivery::Nobody, Delivery::Unverified)
}

/// The status of one CIS 4.x control for the account.
fn cis_chain(f: &CisFilter, trails: &[Trail], filters: &[Value], alarms: &[Value], ctx: &Context) -> Value {
    let monitored: Vec<&Trail> = trails.iter().filter(|t| t.monitored()).collect();
    let mut matching = Vec::new();
    let mut near = Vec::new();
    let mut unverified = Vec::new();
    for t in &monitored {
        let Some((region, _, group)) = &t.log_group else { continue };
        for mf in filters {
            let c = mf.get("configuration").unwrap_or(&Value::Null);
            if mf.get("region").and_then(Value::as_str) != Some(region.as_str())
                || text(c, "/logGroupName") != Some(group.as_str())
            {
                continue;
            }
            let missing = f.missing(text(c, "/filterPattern").unwrap_or_default());
            let name = text(c, "/filterName").unwrap_or_default();
            if !missing.is_empty() {
                near.push((name.to_owned(), missing));
                continue;
            }
            let metrics = c.get("metricTransformations").and_then(Value::as_array).into_iter().flatten();
            let mut watching = Vec::new();
            let mut notifying = Vec::new();
            for m in metrics {
                let (Some(ns), Some(metric)) = (text(m, "/metricNamespace"), text(m, "/metricName")) else { continue };
                for a in alarms.iter().filter(|a| a.get("region").and_then(Value::as_str) == Some(region.as_str())) {
                    if alarm_watches(a, ns, metric) {
                        let alarm = a.get("resource_id").cloned().unwrap_or(Value::Null);
                        match alarm_delivery(a, ctx) {
                            Delivery::Subscribed => notifying.push(alarm),
                            Delivery::Unverified(why) => {
                                unverified.push(format!("alarm {}: {why}", alarm.as_str().unwrap_or_default()))
                            }
                            Delivery::Nobody => watching.push(alarm),
                        }
                    }
                }
            }
            let chain = json!({"trail": t.name, "region": region, "log_group": group, "filter": name, "alarms": notifying, "alarms_without_subscribed_topic": watching});
            if !notifying.is_empty() {
                return json!({"status": "pass", "reason": format!("{} are alarmed", f.what), "evidence": chain});
            }
            matching.push(chain);
        }
    }
    if trails.iter().any(Trail::maybe_monitored) {
        let unread: Vec<String> = trails
            .iter()
            .filter(|t| t.maybe_monitored())
            .flat_map(|t| t.unread.iter().map(move |u| format!("trail {}: {u}", t.name)))
            .collect();
        return json!({"status": "unknown", "reason": format!("a trail that may feed CloudWatch Logs could not be read ({})", unread.join("; ")), "evidence": null});
    }
    if !unverified.is_empty() {
        return json!({"status": "unknown", "reason": format!("the alarm's SNS topic could not be checked for subscribers ({})", unverified.join("; ")), "evidence": null});
    }
    if monitored.is_empty() {
        let evidence: Vec<Value> = trails.iter().map(Trail::to_json).collect();
        return json!({"status": "fail", "reason": "no multi-region trail that is logging read and write management events delivers to CloudWatch Logs", "evidence": {"trails": evidence}});
    }
    let groups: Vec<Value> =
        monitored.iter().map(|t| json!({"trail": t.name, "log_group": t.log_group.as_ref().map(|g| &g.2)})).collect();
    if matching.is_empty() {
        let near: Vec<Value> =
            near.into_iter().map(|(name, missing)| json!({"filter": name, "missing": missing})).collect();
        return json!({"status": "fail", "reason": format!("no metric filter for {} on the trail's log group", f.what), "evidence": {"log_groups": groups, "other_filters": near}});
    }
    json!({"status": "fail", "reason": format!("the metric filter for {} has no alarm that notifies an SNS topic with a confirmed subscription", f.what), "evidence": {"filters": matching}})
}

/// Who a bucket's policy and ACL open it to, before Block Public Access.
#[derive(Debug)]
struct Exposure {
    /// Sids (or indexes) of policy statements that allow anyone.
    policy: Vec<Value>,
    /// ACL grants to AllUsers or AuthenticatedUsers.
    acl: Vec<Value>,
    /// The bucket's own Block Public Access flags (`RestrictPublicBuckets`, `IgnorePublicAcls`).
    restrict_public_buckets: bool,
    ignore_public_acls: bool,
}

/// The ACL grantee groups that make a bucket public.
const PUBLIC_GROUPS: &[&str] =
    &["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

impl Exposure {
    fn read(r: &Resource) -> Result<Exposure, String> {
        for part in ["BucketPolicy", "BucketAcl", "PublicAccessBlockConfiguration"] {
            if let Some(why) = r.not_assessed.get(part) {
                return Err(format!("{part}: {why}"));
            }
            if !r.supplementary.contains_key(part) {
                return Err(format!("{part} was not read"));
            }
        }
        let fact = policy_fact(r.supplementary.get("BucketPolicy"), &r.account_id);
        let policy = fact["statements"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["public"] == true)
            .map(|s| s["sid"].clone())
            .collect();
        let grants = r
            .supplementary
            .get("BucketAcl")
            .and_then(|a| a.get("Grants"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        let acl = grants
            .filter(|g| g.pointer("/Grantee/URI").and_then(Value::as_str).is_some_and(|u| PUBLIC_GROUPS.contains(&u)))
            .map(|g| json!({"grantee": g.pointer("/Grantee/URI"), "permission": g.get("Permission")}))
            .collect();
        let block = r.supplementary.get("PublicAccessBlockConfiguration");
        let flag = |name: &str| block.and_then(|b| b.get(name)).and_then(Value::as_bool).unwrap_or(false);
        Ok(Exposure {
            policy,
            acl,
            restrict_public_buckets: flag("RestrictPublicBuckets"),
            ignore_public_acls: flag("IgnorePublicAcls"),
        })
    }
}

/// The trail's bucket: its access logging and whether it is public. S3 applies the
/// stricter of the bucket's and the account's Block Public Access
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>);
/// `public` is null when the account's setting is not in the inventory and only it could
/// block what the bucket opens.
fn trail_bucket(r: &Resource, ctx: &Context) -> Value {
    let Some(name) = r.configuration.get("S3BucketName").and_then(Value::as_str) else {
        return Value::Null;
    };
    let key = (r.account_id.clone(), name.to_owned());
    let mut out = match ctx.buckets.get(&key) {
        None => json!({"name": name, "in_inventory": false, "logging": null, "unread": null}),
        Some(Ok(logging)) => json!({"name": name, "in_inventory": true, "logging": logging, "unread": null}),
        Some(Err(why)) => json!({"name": name, "in_inventory": true, "logging": null, "unread": why}),
    };
    let (public, exposure_unread) = match ctx.bucket_exposure.get(&key) {
        None => (Value::Null, Value::Null),
        Some(Err(why)) => (Value::Null, json!(why)),
        Some(Ok(e)) => {
            let account = ctx.account_blocks.get(&r.account_id);
            let account_flag = |n: &str| account.and_then(|a| a.get(n)).and_then(Value::as_bool);
            let policy_open = !e.policy.is_empty()
                && !e.restrict_public_buckets
                && account_flag("RestrictPublicBuckets") != Some(true);
            let acl_open = !e.acl.is_empty() && !e.ignore_public_acls && account_flag("IgnorePublicAcls") != Some(true);
            let exposed =
                (!e.policy.is_empty() && !e.restrict_public_buckets) || (!e.acl.is_empty() && !e.ignore_public_acls);
            if exposed && account.is_none() {
                (Value::Null, json!("the account's S3 Block Public Access setting is not in the inventory"))
            } else {
                let public = policy_open || acl_open;
                (
                    json!({"public": public, "policy_statements": if policy_open { json!(e.policy) } else { json!([]) }, "acl_grants": if acl_open { json!(e.acl) } else { json!([]) }}),
                    Value::Null,
                )
            }
        }
    };
    if let Value::Object(m) = &mut out {
        m.insert("exposure".into(), public);
        m.insert("exposure_unread".into(), exposure_unread);
    }
    out
}

/// The function's execution role and whether it is admin.
fn execution_role(r: &Resource, ctx: &Context) -> Value {
    let Some(arn) = r.configuration.get("Role").and_then(Value::as_str) else {
        return json!({"known": true, "name": null, "admin": false, "via": []});
    };
    let name = arn.rsplit('/').next().unwrap_or(arn);
    let Some((admin, customer)) = ctx.roles.get(arn) else {
        return json!({"known": false, "name": name, "admin": false, "via": []});
    };
    let mut via: Vec<&str> = Vec::new();
    if *admin {
        via.push("an inline policy or AdministratorAccess");
    }
    let mut known = true;
    let mut seen = HashSet::new();
    for p in customer.iter().filter(|p| seen.insert(p.as_str())) {
        match ctx.policies.get(p) {
            Some(true) => via.push(p),
            Some(false) => {}
            None => known = false,
        }
    }
    let is_admin = !via.is_empty();
    json!({"known": known || is_admin, "name": name, "admin": is_admin, "via": via})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cis_filters_are_sorted_by_key() {
        let keys: Vec<&str> = CIS_FILTERS.iter().map(|f| f.key).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
    }

    fn filter(key: &str) -> &'static CisFilter {
        CIS_FILTERS.iter().find(|f| f.key == key).expect("known key")
    }

    #[test]
    fn patterns_match_whatever_spacing_quoting_and_order() {
        let root = filter("root_usage");
        assert!(root.missing(r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#).is_empty());
        assert!(root
            .missing(
                r#"{($.eventType!=AwsServiceEvent)&&($.userIdentity.invokedBy NOT EXISTS)&&($.userIdentity.type=Root)}"#
            )
            .is_empty());
        assert_eq!(root.missing(r#"{ $.userIdentity.type = "Root" }"#).len(), 2);
        let unauthorized = filter("unauthorized_api_calls");
        assert!(unauthorized
            .missing(r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }"#)
            .is_empty());
        let mfa = filter("sign_in_without_mfa");
        assert!(mfa
            .missing(r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }"#)
            .is_empty());
        assert!(!mfa
            .missing(r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "Yes") }"#)
            .is_empty());
    }

    #[test]
    fn an_event_name_is_not_matched_by_a_longer_one() {
        let routes = filter("route_table_changes");
        let without_create_route = r#"{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) ||
            ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }"#;
        assert_eq!(routes.missing(without_create_route), vec!["$.eventname=createroute".to_owned()]);
    }

    fn account(trail_extra: Value, pattern: &str, alarm_actions: Value) -> Resource {
        let scope = meerkat_model::Scope {
            account_id: "1".into(),
            region: "global".into(),
            resource_type: "AWS::Account".into(),
        };
        let mut r = Resource::new(&scope, "1", json!({}), chrono::Utc::now());
        let mut trail = json!({"resource_id": "t", "region": "us-east-1", "configuration": {"Name": "t", "IsMultiRegionTrail": true,
            "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:1:log-group:trail:*"},
            "supplementary": {"TrailStatus": {"IsLogging": true}, "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true}], "AdvancedEventSelectors": []},
            "not_assessed": {}});
        if let (Some(t), Some(extra)) = (trail.as_object_mut(), trail_extra.as_object()) {
            for (k, v) in extra {
                t.insert(k.clone(), v.clone());
            }
        }
        r.supplementary.insert("AWS::CloudTrail::Trail".into(), json!([trail]));
        r.supplementary.insert(
            "AWS::Logs::MetricFilter".into(),
            json!([{"resource_id": "trail:f", "region": "us-east-1", "configuration": {
            "filterName": "f", "logGroupName": "trail", "filterPattern": pattern,
            "metricTransformations": [{"metricName": "M", "metricNamespace": "CIS"}]}}]),
        );
        r.supplementary.insert(
            "AWS::CloudWatch::Alarm".into(),
            json!([{"resource_id": "a", "region": "us-east-1", "configuration": {
            "MetricName": "M", "Namespace": "CIS", "AlarmActions": alarm_actions}}]),
        );
        r
    }

    fn status(r: &Resource, key: &str) -> Value {
        let mut facts = Map::new();
        let mut ctx = Context::default();
        ctx.topics.insert("arn:aws:sns:us-east-1:1:alerts".into(), Ok(1));
        ctx.topics.insert("arn:aws:sns:us-east-1:1:nobody".into(), Ok(0));
        derive(r, &ctx, &mut facts);
        facts["cis_monitoring"][key]["status"].clone()
    }

    #[test]
    fn the_chain_needs_every_link() {
        let kms =
            r#"{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}"#;
        let sns = json!(["arn:aws:sns:us-east-1:1:alerts"]);
        assert_eq!(status(&account(json!({}), kms, sns.clone()), "kms_cmk_disable_or_deletion"), "pass");
        assert_eq!(status(&account(json!({}), kms, sns.clone()), "root_usage"), "fail");
        assert_eq!(status(&account(json!({}), kms, json!([])), "kms_cmk_disable_or_deletion"), "fail");
        assert_eq!(
            status(&account(json!({}), kms, json!(["arn:aws:sns:us-east-1:1:nobody"])), "kms_cmk_disable_or_deletion"),
            "fail"
        );
        assert_eq!(
            status(
                &account(json!({}), kms, json!(["arn:aws:sns:us-east-1:1:elsewhere"])),
                "kms_cmk_disable_or_deletion"
            ),
            "unknown"
        );
        let stopped = json!({"supplementary": {"TrailStatus": {"IsLogging": false}, "EventSelectors": [{"ReadWriteType": "All"}]}});
        assert_eq!(status(&account(stopped, kms, sns.clone()), "kms_cmk_disable_or_deletion"), "fail");
        let write_only = json!({"supplementary": {"TrailStatus": {"IsLogging": true}, "EventSelectors": [{"ReadWriteType": "WriteOnly"}]}});
        assert_eq!(status(&account(write_only, kms, sns.clone()), "kms_cmk_disable_or_deletion"), "fail");
        let unread = json!({"supplementary": {"EventSelectors": [{"ReadWriteType": "All"}]}, "not_assessed": {"TrailStatus": "AccessDenied: x"}});
        assert_eq!(status(&account(unread, kms, sns), "kms_cmk_disable_or_deletion"), "unknown");
    }

    #[test]
    fn s3_data_events_need_every_bucket() {
        let classic = [
            json!({"ReadWriteType": "WriteOnly", "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}),
        ];
        assert_eq!(s3_data_events(&classic, &[]), (false, true));
        let one_bucket = [
            json!({"ReadWriteType": "All", "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::b/"]}]}),
        ];
        assert_eq!(s3_data_events(&one_bucket, &[]), (false, false));
        let advanced = [
            json!({"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "readOnly", "Equals": ["true"]}]}),
        ];
        assert_eq!(s3_data_events(&[], &advanced), (true, false));
        let mgmt = [json!({"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]})];
        assert_eq!(management_events(&[], &mgmt), (true, true));
    }

    #[test]
    fn secret_ages_are_whole_days_to_the_newest_last_seen() {
        let scope = meerkat_model::Scope {
            account_id: "1".into(),
            region: "us-east-1".into(),
            resource_type: "AWS::SecretsManager::Secret".into(),
        };
        let seen =
            DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").map(|t| t.with_timezone(&Utc)).expect("valid time");
        let r = Resource::new(&scope, "s", json!({"LastRotatedDate": "2025-09-01T12:00:00Z"}), seen);
        let mut ctx = Context::default();
        ctx.add(&r);
        let mut facts = Map::new();
        derive(&r, &ctx, &mut facts);
        assert_eq!(facts["last_rotated_days"], 121);
        assert_eq!(facts["last_accessed_days"], Value::Null);
    }

    #[test]
    fn a_trail_bucket_is_public_unless_block_public_access_stops_it() {
        let scope = |t: &str| meerkat_model::Scope {
            account_id: "1".into(),
            region: "us-east-1".into(),
            resource_type: t.into(),
        };
        let now = chrono::Utc::now();
        let mut bucket = Resource::new(&scope("AWS::S3::Bucket"), "logs", json!({}), now);
        bucket.supplementary.insert("BucketPolicy".into(), json!({"Statement": [{"Sid": "open", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}));
        bucket.supplementary.insert("BucketAcl".into(), json!({"Grants": []}));
        bucket.supplementary.insert("PublicAccessBlockConfiguration".into(), Value::Null);
        bucket.supplementary.insert("BucketLoggingConfiguration".into(), json!({}));
        let trail = Resource::new(&scope("AWS::CloudTrail::Trail"), "t", json!({"S3BucketName": "logs"}), now);
        let exposure = |blocks: Option<bool>| {
            let mut ctx = Context::default();
            ctx.add(&bucket);
            if let Some(restrict) = blocks {
                ctx.add(&Resource::new(
                    &scope("AWS::S3::AccountPublicAccessBlock"),
                    "1",
                    json!({"RestrictPublicBuckets": restrict}),
                    now,
                ));
            }
            trail_bucket(&trail, &ctx)["exposure"].clone()
        };
        assert_eq!(exposure(Some(false))["public"], true);
        assert_eq!(exposure(Some(true))["public"], false);
        assert_eq!(exposure(None), Value::Null, "undecided without the account's setting");
    }

    #[test]
    fn log_group_arns_name_region_account_and_group() {
        assert_eq!(
            log_group("arn:aws:logs:eu-west-1:2:log-group:/aws/trail:*", "1"),
            Some(("eu-west-1".into(), "2".into(), "/aws/trail".into()))
        );
        assert_eq!(log_group("arn:aws:s3:::b", "1"), None);
    }
}
