# METADATA
# title: S3 bucket ACL does not grant access to everyone
# description: >-
#   A bucket ACL grant to the AllUsers group opens the bucket to anyone on the internet;
#   a grant to AuthenticatedUsers opens it to anyone with any AWS account. READ lists
#   the objects, WRITE lets anyone upload, READ_ACP / WRITE_ACP expose or hand over the
#   permissions themselves. IgnorePublicAcls (bucket or account) makes S3 disregard such
#   grants, and then the bucket passes.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
# custom:
#   id: s3_bucket_acl_not_public
#   severity: critical
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.BucketAcl, supplementary.PublicAccessBlockConfiguration]
#   remediation:
#     console: S3 > the bucket > Permissions > Access control list (ACL) > Edit > clear every permission of Everyone (public access) and Authenticated users group > Save; better, set Object Ownership to Bucket owner enforced to disable ACLs.
#     cli: aws s3api put-bucket-acl --bucket <bucket> --acl private && aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'
#     terraform: 'aws_s3_bucket_ownership_controls { rule { object_ownership = "BucketOwnerEnforced" } } and no aws_s3_bucket_acl with public-read / public-read-write / authenticated-read'
#   frameworks:
#     nist-800-53-r5: [AC-3, SC-7]
#     pci-dss-4.0: ["1.4.4"]
package meerkat.checks.s3_bucket_acl_not_public

import rego.v1

pab := input.facts.public_access_block

group(uri) := name if {
	name := trim_prefix(uri, "http://acs.amazonaws.com/groups/global/")
}

fail contains {"reason": sprintf("the ACL grants %v to %v", [g.permission, group(g.grantee)]), "evidence": g} if {
	pab.account_known
	not pab.ignore_public_acls
	some g in input.facts.acl_public_grants
}

not_assessed contains "the ACL has public grants and the account's S3 Block Public Access setting was not collected" if {
	not pab.account_known
	not pab.ignore_public_acls
	count(input.facts.acl_public_grants) > 0
}
