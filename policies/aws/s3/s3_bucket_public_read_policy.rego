# METADATA
# title: S3 bucket policy does not grant access to everyone
# description: >-
#   A bucket policy statement that allows any principal ("*"), without a condition that
#   pins callers to known accounts, networks or services, makes the bucket's objects
#   public unless Block Public Access (RestrictPublicBuckets, on the bucket or the
#   account) neutralises it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
# custom:
#   id: s3_bucket_public_read_policy
#   severity: critical
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.BucketPolicy, supplementary.PublicAccessBlockConfiguration]
#   remediation:
#     console: >-
#       S3 > the bucket > Permissions > Bucket policy: remove the statements whose
#       Principal is "*" or add a condition (aws:SourceVpce, aws:PrincipalOrgID); then
#       turn on Block public access.
#     cli: aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
#     terraform: 'aws_s3_bucket_public_access_block { restrict_public_buckets = true, block_public_policy = true }'
#   frameworks:
#     nist-800-53-r5: [AC-3, SC-7]
#     pci-dss-4.0: [1.4.4]
package meerkat.checks.s3_bucket_public_read_policy

import rego.v1

policy := input.facts.resource_policy

pab := input.facts.public_access_block

# RestrictPublicBuckets (bucket or account) limits a public policy to the owner's
# account and AWS services: the statements stay, the exposure does not.
fail contains {"reason": sprintf("statement %v allows everyone %v", [s.sid, s.actions]), "evidence": {"statement": s}} if {
	not pab.restrict_public_buckets
	pab.account_known
	some s in policy.statements
	s.public
}

# The bucket alone does not restrict, and the account's setting was not collected:
# whether the policy is effective cannot be told.
not_assessed contains "the account's S3 Block Public Access setting was not collected" if {
	not pab.restrict_public_buckets
	not pab.account_known
	policy.public
}

not_assessed contains sprintf("the bucket policy is not valid JSON: %v", [policy.error]) if {
	not policy.valid
}
