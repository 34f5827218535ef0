# METADATA
# title: A multi-region CloudTrail trail logs all management events
# description: >-
#   CloudTrail's event history keeps 90 days of management events and no more. A
#   multi-region trail that is logging, with read and write management events, keeps the
#   record of every API call in every region — including regions nobody uses, where an
#   attacker would go. Judged on the account: at least one trail must be multi-region,
#   logging, and select read and write management events.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
# custom:
#   id: cloudtrail_multi_region_enabled
#   severity: high
#   resource_types: [AWS::Account]
#   requires: [supplementary.AWS::CloudTrail::Trail]
#   remediation:
#     console: >-
#       CloudTrail > Trails > Create trail (or the existing trail > Edit): Enable for all
#       accounts/regions (multi-region), Management events: Read and Write; then Start logging.
#     cli: >-
#       aws cloudtrail create-trail --name <name> --s3-bucket-name <bucket>
#       --is-multi-region-trail; aws cloudtrail put-event-selectors --trail-name <name>
#       --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'; aws
#       cloudtrail start-logging --name <name>
#     terraform: >-
#       aws_cloudtrail { is_multi_region_trail = true, enable_logging = true, event_selector {
#       read_write_type = "All", include_management_events = true } }
#   frameworks:
#     cis-aws-3.0: ["3.1"]
#     nist-800-53-r5: [AU-2, AU-12]
#     pci-dss-4.0: ["10.2.1"]
package meerkat.checks.cloudtrail_multi_region_enabled

import rego.v1

trails := input.facts.trails

good := [t.name | some t in trails; t.multi_region; t.logging == true; t.management_read == true; t.management_write == true]

# Multi-region trails with a part that could not be read and nothing known against them.
unknown := [t.name |
	some t in trails
	t.multi_region
	not t.logging == false
	not t.management_read == false
	not t.management_write == false
	count(t.unread) > 0
]

state(t) := {"name": t.name, "region": t.region, "logging": t.logging, "management_read": t.management_read, "management_write": t.management_write}

fail contains {"reason": "no multi-region trail", "evidence": {"trails": [state(t) | some t in trails]}} if {
	count([t | some t in trails; t.multi_region]) == 0
}

fail contains {"reason": "no multi-region trail is logging read and write management events", "evidence": {"trails": [state(t) | some t in trails; t.multi_region]}} if {
	count([t | some t in trails; t.multi_region]) > 0
	count(good) == 0
}

not_assessed contains sprintf("trails %v could not be read whole", [unknown]) if {
	count(good) == 0
	count(unknown) > 0
}
