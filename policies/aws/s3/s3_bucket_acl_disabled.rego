# METADATA
# title: S3 bucket has ACLs disabled (Object Ownership is bucket owner enforced)
# description: >-
#   With Object Ownership set to BucketOwnerEnforced, S3 ignores every ACL: access is
#   decided by policies alone, the bucket owner owns every object, and no object can be
#   made public or handed to another account by an ACL at upload. Buckets created
#   before April 2023 (and buckets set to ObjectWriter or BucketOwnerPreferred) still
#   honour ACLs.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
# custom:
#   id: s3_bucket_acl_disabled
#   severity: medium
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.OwnershipControls]
#   remediation:
#     console: S3 > the bucket > Permissions > Object Ownership > Edit > ACLs disabled (recommended) > Save changes (first move any access granted by ACLs into the bucket policy).
#     cli: aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'
#     terraform: 'aws_s3_bucket_ownership_controls { rule { object_ownership = "BucketOwnerEnforced" } }'
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.s3_bucket_acl_disabled

import rego.v1

ownership := [r.ObjectOwnership | some r in object.get(input.supplementary.OwnershipControls, "Rules", [])]

fail contains {"reason": "no Object Ownership setting: ACLs are honoured (ObjectWriter)", "evidence": {"OwnershipControls": null}} if {
	input.supplementary.OwnershipControls == null
}

fail contains {"reason": sprintf("Object Ownership is %v: ACLs are honoured", [concat(", ", ownership)]), "evidence": {"OwnershipControls": input.supplementary.OwnershipControls}} if {
	input.supplementary.OwnershipControls != null
	not "BucketOwnerEnforced" in ownership
}
