# METADATA
# title: CloudTrail trail is logging
# description: >-
#   A trail that exists but was stopped (StopLogging) records nothing, while its
#   configuration still looks right. Stopping a trail is one of the first things an intruder
#   does.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-turning-off-logging.html
# custom:
#   id: cloudtrail_trail_logging
#   severity: medium
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [supplementary.TrailStatus]
#   remediation:
#     console: >-
#       CloudTrail > Trails > the trail > Start logging.
#     cli: >-
#       aws cloudtrail start-logging --name <name>
#     terraform: >-
#       aws_cloudtrail { enable_logging = true }
#   frameworks:
#     nist-800-53-r5: [AU-12]
package meerkat.checks.cloudtrail_trail_logging

import rego.v1

fail contains {"reason": "the trail is not logging", "evidence": {"IsLogging": false, "StopLoggingTime": object.get(input.supplementary.TrailStatus, "StopLoggingTime", null)}} if {
	input.supplementary.TrailStatus.IsLogging != true
}
