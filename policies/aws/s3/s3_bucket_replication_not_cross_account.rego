# METADATA
# title: S3 bucket does not replicate to another account
# description: >-
#   A replication rule copies every new object to its destination bucket. When that
#   bucket belongs to another account, the data leaves this account's control, and a
#   rule added by an intruder is a quiet exfiltration channel. Fails on each enabled
#   rule whose destination names an account other than the bucket's own; review and
#   mute the rules that are deliberate (a backup account of the organization).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html
# custom:
#   id: s3_bucket_replication_not_cross_account
#   severity: low
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.ReplicationConfiguration]
#   remediation:
#     console: S3 > the bucket > Management > Replication rules > select the rule to the other account > Delete (or Edit it to a destination in this account).
#     cli: aws s3api delete-bucket-replication --bucket <bucket> (or put-bucket-replication with the rules to keep)
#     terraform: remove the rule from aws_s3_bucket_replication_configuration, or point destination { bucket } at a bucket of this account
#   frameworks:
#     nist-800-53-r5: [AC-4]
package meerkat.checks.s3_bucket_replication_not_cross_account

import rego.v1

fail contains {"reason": sprintf("rule %v replicates to %v in account %v", [object.get(r, "ID", "?"), r.Destination.Bucket, r.Destination.Account]), "evidence": r} if {
	some r in object.get(input.supplementary.ReplicationConfiguration, "Rules", [])
	r.Status == "Enabled"
	is_string(r.Destination.Account)
	r.Destination.Account != input.account_id
}
