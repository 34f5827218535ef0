//! IAM Access Analyzer: moto 5.2.5 has no Access Analyzer at all, so the scope must come
//! back "not assessed" with the error, never as an empty (and so "no analyzer") scope.

use meerkat_aws::ErrorKind;

use crate::common::account;

const ANALYZER: &str = "AWS::AccessAnalyzer::Analyzer";

#[tokio::test(flavor = "multi_thread")]
async fn unsupported_service_is_not_assessed_rather_than_empty() {
    let acct = account();
    let found = acct.discover(&["us-east-1"], &[ANALYZER]).await;
    assert!(found.collected.is_empty(), "the scope must not read as collected: {:?}", found.collected);
    assert!(found.of_type(ANALYZER).is_empty());
    let (scope, error) = found.failed.first().expect("the scope is reported not assessed");
    assert_eq!(found.failed.len(), 1);
    assert_eq!(scope.resource_type, ANALYZER);
    assert_eq!(scope.region, "us-east-1");
    assert_eq!(error.service, "accessanalyzer");
    assert_eq!(error.operation, "ListAnalyzers");
    assert_eq!(error.http_status, Some(500), "{error}");
    assert_eq!(error.kind, ErrorKind::Unavailable, "{error}");
}
