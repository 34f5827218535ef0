# METADATA
# title: S3 bucket policy denies requests without TLS
# description: >-
#   S3 answers plain HTTP as well as HTTPS. Only a bucket policy statement that denies
#   every S3 action ("s3:*") to every principal when aws:SecureTransport is false makes
#   the bucket refuse unencrypted requests, whose data and signed headers can otherwise
#   be read or replayed on the network.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
#   - https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule
# custom:
#   id: s3_bucket_secure_transport_policy
#   severity: medium
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.BucketPolicy]
#   remediation:
#     console: >-
#       S3 > the bucket > Permissions > Bucket policy > Edit: add a statement with
#       Effect Deny, Principal "*", Action "s3:*", Resource the bucket and "bucket/*",
#       Condition {"Bool": {"aws:SecureTransport": "false"}} > Save changes.
#     cli: aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json (the current policy plus the Deny statement on aws:SecureTransport false)
#     terraform: 'aws_s3_bucket_policy with a statement { effect = "Deny", principals { type = "*", identifiers = ["*"] }, actions = ["s3:*"], condition { test = "Bool", variable = "aws:SecureTransport", values = ["false"] } }'
#   frameworks:
#     cis-aws-3.0: [2.1.1]
#     nist-800-53-r5: [SC-8, SC-8(1)]
#     pci-dss-4.0: ["4.2.1"]
package meerkat.checks.s3_bucket_secure_transport_policy

import rego.v1

policy := input.facts.resource_policy

denies_http if {
	some s in policy.statements
	s.effect == "Deny"
	s.any_principal
	some action in s.actions
	action in {"s3:*", "*"}
	some c in s.conditions
	c.key == "aws:securetransport"
	lower(c.operator) in {"bool", "boolifexists"}
	"false" in c.values
}

fail contains {"reason": "the bucket has no policy, so plain HTTP requests are accepted", "evidence": {"BucketPolicy": null}} if {
	not policy.present
}

fail contains {"reason": "no policy statement denies s3:* when aws:SecureTransport is false", "evidence": {"statements": count(policy.statements)}} if {
	policy.present
	policy.valid
	not denies_http
}

not_assessed contains sprintf("the bucket policy is not valid JSON: %v", [policy.error]) if {
	not policy.valid
}
