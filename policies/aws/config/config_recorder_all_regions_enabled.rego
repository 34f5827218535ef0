# METADATA
# title: AWS Config records all resources in the region
# description: >-
#   AWS Config keeps the configuration history of resources and what changed when — what an
#   investigation or an audit asks first. Judged per region: a recorder must be recording,
#   with all supported resource types and global resource types (CIS 3.3), and its last run
#   must not have failed. A region whose Config scope was not read is NOT_ASSESSED.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/config/latest/developerguide/gs-console.html
#   - https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html
# custom:
#   id: config_recorder_all_regions_enabled
#   severity: medium
#   resource_types: [AWS::Region]
#   requires: [supplementary.AWS::Config::ConfigurationRecorder]
#   remediation:
#     console: >-
#       AWS Config (in the region) > Settings > Edit: Record all current and future resource
#       types supported in this region, include globally recorded resource types, a delivery
#       channel and role > Save; then Recording on.
#     cli: >-
#       aws configservice put-configuration-recorder --configuration-recorder
#       name=default,roleARN=<role-arn> --recording-group
#       allSupported=true,includeGlobalResourceTypes=true --region <region>; aws configservice
#       put-delivery-channel ...; aws configservice start-configuration-recorder
#       --configuration-recorder-name default --region <region>
#     terraform: >-
#       aws_config_configuration_recorder { recording_group { all_supported = true,
#       include_global_resource_types = true } } + aws_config_delivery_channel +
#       aws_config_configuration_recorder_status { is_enabled = true } (per region provider)
#   frameworks:
#     cis-aws-3.0: ["3.3"]
#     nist-800-53-r5: [CM-8]
package meerkat.checks.config_recorder_all_regions_enabled

import rego.v1

recorders := input.supplementary["AWS::Config::ConfigurationRecorder"]

obj(x) := x if is_object(x)

obj(x) := {} if not is_object(x)

problems(r) := {msg |
	status := obj(object.get(r.supplementary, "ConfigurationRecorderStatus", {}))
	group := obj(object.get(r.configuration, "recordingGroup", {}))
	some [ok, msg] in [
		[object.get(status, "recording", false) == true, "not recording"],
		[object.get(group, "allSupported", false) == true, "not recording every supported resource type"],
		[object.get(group, "includeGlobalResourceTypes", false) == true, "not recording global resource types"],
		[object.get(status, "lastStatus", "") != "Failure", "last run failed"],
	]
	ok == false
}

complete := [r.resource_id | some r in recorders; not r.not_assessed.ConfigurationRecorderStatus; count(problems(r)) == 0]

unreadable := [r.resource_id | some r in recorders; r.not_assessed.ConfigurationRecorderStatus]

fail contains {"reason": "no configuration recorder", "evidence": {"region": input.resource_id}} if {
	count(recorders) == 0
}

fail contains {"reason": sprintf("recorder %v: %v", [r.resource_id, concat(", ", sort(problems(r)))]), "evidence": {"recordingGroup": object.get(r.configuration, "recordingGroup", null), "status": object.get(r.supplementary, "ConfigurationRecorderStatus", null)}} if {
	count(complete) == 0
	count(unreadable) == 0
	some r in recorders
}

not_assessed contains sprintf("the status of recorder %v could not be read", [id]) if {
	count(complete) == 0
	some id in unreadable
}
