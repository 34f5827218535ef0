# METADATA
# title: S3 Block Public Access is on for the account
# description: >-
#   The account-wide S3 Block Public Access setting with all four flags on stops any
#   bucket of the account from being made public by an ACL or a policy, whatever the
#   bucket's own settings.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html
# custom:
#   id: s3_account_public_access_block
#   severity: high
#   resource_types: [AWS::S3::AccountPublicAccessBlock]
#   requires: [configuration.Configured]
#   remediation:
#     console: S3 > Block Public Access settings for this account > Edit > tick Block all public access > Save.
#     cli: aws s3control put-public-access-block --account-id <account> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
#     terraform: aws_s3_account_public_access_block { block_public_acls = true, ignore_public_acls = true, block_public_policy = true, restrict_public_buckets = true }
#   frameworks:
#     cis-aws-3.0: [2.1.4]
#     nist-800-53-r5: [AC-3, SC-7]
#     pci-dss-4.0: [1.4.4]
package meerkat.checks.s3_account_public_access_block

import rego.v1

flags := ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]

fail contains {"reason": "S3 Block Public Access is not configured for the account", "evidence": {"Configured": false}} if {
	input.configuration.Configured == false
}

fail contains {"reason": sprintf("%v is off", [flag]), "evidence": {flag: object.get(input.configuration, flag, null)}} if {
	input.configuration.Configured == true
	some flag in flags
	object.get(input.configuration, flag, false) != true
}
