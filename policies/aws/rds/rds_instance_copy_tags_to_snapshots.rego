# METADATA
# title: RDS instance copies its tags to snapshots
# description: >-
#   Tags carry ownership, data classification and cost allocation. Snapshots that do not
#   inherit them are the untagged, unowned copies of production data that nobody reviews or
#   deletes.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Tagging.html#USER_Tagging.CopyTags
# custom:
#   id: rds_instance_copy_tags_to_snapshots
#   severity: low
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [configuration.CopyTagsToSnapshot]
#   remediation:
#     console: >-
#       RDS > Databases > the instance > Modify > Additional configuration > Backup > Copy tags
#       to snapshots > Apply immediately.
#     cli: >-
#       aws rds modify-db-instance --db-instance-identifier <id> --copy-tags-to-snapshot
#       --apply-immediately
#     terraform: >-
#       aws_db_instance { copy_tags_to_snapshot = true }
package meerkat.checks.rds_instance_copy_tags_to_snapshots

import rego.v1

fail contains {"reason": "tags are not copied to snapshots", "evidence": {"CopyTagsToSnapshot": false}} if {
	input.configuration.CopyTagsToSnapshot == false
	not input.configuration.DBClusterIdentifier
}

# Snapshot settings of an Aurora, DocumentDB or Neptune
# instance are its cluster's, which is not collected.
not_assessed contains sprintf("decided by DB cluster %v, which is not collected", [input.configuration.DBClusterIdentifier]) if {
	input.configuration.DBClusterIdentifier
}
