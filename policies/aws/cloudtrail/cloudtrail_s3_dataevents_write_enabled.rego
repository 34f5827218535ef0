# METADATA
# title: CloudTrail logs S3 object-level write events of every bucket
# description: >-
#   Management events do not show who wrote or deleted which object. Object-level (data
#   event) logging of S3 write events on every bucket does, and is what an investigation of
#   tampering needs. Judged on the account: a logging trail must select S3 object write
#   events for all buckets (`arn:aws:s3`), with basic or advanced event selectors.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html
# custom:
#   id: cloudtrail_s3_dataevents_write_enabled
#   severity: low
#   resource_types: [AWS::Account]
#   requires: [supplementary.AWS::CloudTrail::Trail]
#   remediation:
#     console: >-
#       CloudTrail > Trails > the trail > Data events > Edit > Data event type S3, Log selector
#       template: Log writeOnly events (or all events), all current and future buckets > Save
#       changes.
#     cli: >-
#       aws cloudtrail put-event-selectors --trail-name <name> --event-selectors
#       '[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3"]}]}]'
#     terraform: >-
#       aws_cloudtrail { event_selector { read_write_type = "All", data_resource { type =
#       "AWS::S3::Object", values = ["arn:aws:s3"] } } }
#   frameworks:
#     cis-aws-3.0: ["3.8"]
#     nist-800-53-r5: [AU-2, AU-12]
#     pci-dss-4.0: ["10.2.1"]
package meerkat.checks.cloudtrail_s3_dataevents_write_enabled

import rego.v1

trails := input.facts.trails

good := [t.name | some t in trails; t.logging == true; t.s3_data_write == true]

unknown := [t.name |
	some t in trails
	not t.logging == false
	not t.s3_data_write == false
	count(t.unread) > 0
]

fail contains {"reason": "no logging trail records S3 object-level write events of every bucket", "evidence": {"trails": [{"name": t.name, "logging": t.logging, "s3_data_write": t.s3_data_write} | some t in trails]}} if {
	count(good) == 0
}

not_assessed contains sprintf("trails %v could not be read whole", [unknown]) if {
	count(good) == 0
	count(unknown) > 0
}
