//! Elastic Load Balancing v2 collectors: Application, Network and Gateway Load Balancers
//! and their listeners, both keyed by ARN (what CloudFormation's `Ref` returns; names are
//! not unique across load balancer types).

use aws_sdk_elasticloadbalancingv2::Client;

use super::prelude::*;
use super::Collector;

pub mod listener;
pub mod load_balancer;

/// ELBv2 collectors, one line each.
pub const COLLECTORS: &[&Collector] = &[&load_balancer::COLLECTOR, &listener::COLLECTOR];

/// DescribeTags takes at most 20 ARNs per call.
const TAG_BATCH: usize = 20;

/// Tags of `arns` by ARN, read 20 at a time; a failed batch is an error for each of its ARNs.
pub(crate) async fn tags_by_arn(
    client: &Client,
    region: &str,
    arns: &[String],
) -> BTreeMap<String, Result<BTreeMap<String, String>, ApiError>> {
    let mut out = BTreeMap::new();
    for batch in arns.chunks(TAG_BATCH) {
        let answer = client
            .describe_tags()
            .set_resource_arns(Some(batch.to_vec()))
            .send()
            .await
            .map_err(api_err!("elasticloadbalancingv2", "DescribeTags", region));
        match answer {
            Ok(answer) => {
                for arn in batch {
                    out.insert(arn.clone(), Ok(BTreeMap::new()));
                }
                for description in answer.tag_descriptions() {
                    if let Some(arn) = description.resource_arn() {
                        out.insert(arn.to_owned(), Ok(tags(description.tags().iter().map(|t| (t.key(), t.value())))));
                    }
                }
            }
            Err(e) => {
                for arn in batch {
                    out.insert(arn.clone(), Err(e.clone()));
                }
            }
        }
    }
    out
}

/// Puts the tags read for `r`'s ARN into it, or the error into `not_assessed`.
pub(crate) fn apply_tags(r: &mut Resource, tags: Option<&Result<BTreeMap<String, String>, ApiError>>) {
    match tags {
        Some(Ok(tags)) => r.tags = tags.clone(),
        Some(Err(e)) => {
            r.not_assessed.insert("Tags".into(), format!("{}: {}", e.code, e.message));
        }
        None => {
            r.not_assessed.insert("Tags".into(), "DescribeTags did not answer for this ARN".into());
        }
    }
}
