# METADATA
# title: S3 bucket is covered by all four Block Public Access settings
# description: >-
#   Block Public Access stops ACLs and bucket policies from making a bucket public.
#   S3 applies the stricter of the bucket's and the account's settings, so the bucket
#   passes when each of the four flags is on at either level. A flag off at the bucket
#   with the account's setting not collected is NOT_ASSESSED.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
# custom:
#   id: s3_bucket_public_access_block
#   severity: high
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.PublicAccessBlockConfiguration]
#   remediation:
#     console: S3 > the bucket > Permissions > Block public access (bucket settings) > Edit > tick Block all public access > Save changes (or turn it on for the whole account).
#     cli: aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
#     terraform: aws_s3_bucket_public_access_block { block_public_acls = true, ignore_public_acls = true, block_public_policy = true, restrict_public_buckets = true }
#   frameworks:
#     cis-aws-3.0: [2.1.4]
#     nist-800-53-r5: [AC-3, SC-7]
#     pci-dss-4.0: ["1.4.4"]
package meerkat.checks.s3_bucket_public_access_block

import rego.v1

pab := input.facts.public_access_block

flags := {
	"BlockPublicAcls": pab.block_public_acls,
	"IgnorePublicAcls": pab.ignore_public_acls,
	"BlockPublicPolicy": pab.block_public_policy,
	"RestrictPublicBuckets": pab.restrict_public_buckets,
}

off contains flag if {
	some flag, on in flags
	on == false
}

fail contains {"reason": sprintf("%v is off for the bucket and the account", [flag]), "evidence": {"bucket": input.supplementary.PublicAccessBlockConfiguration}} if {
	pab.account_known
	some flag in off
}

not_assessed contains sprintf("%v is off for the bucket and the account's S3 Block Public Access setting was not collected", [concat(", ", sort(off))]) if {
	not pab.account_known
	count(off) > 0
}
