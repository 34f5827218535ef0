# METADATA
# title: Bucket has an owner tag
# custom:
#   id: s3_bucket_owner_tag
#   severity: low
#   resource_types: [AWS::S3::Bucket]
#   requires: [tags]
#   remediation:
#     console: Add an Owner tag.
package meerkat.checks.s3_bucket_owner_tag

import data.meerkat.lib.tags
import rego.v1

fail contains "no owner tag" if not tags.has_owner(input)
