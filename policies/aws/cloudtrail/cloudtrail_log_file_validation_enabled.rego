# METADATA
# title: CloudTrail trail validates its log files
# description: >-
#   With log file validation, CloudTrail writes signed hourly digest files; `validate-logs`
#   then proves whether a log file was changed or deleted after delivery. Without it, an
#   attacker who reaches the bucket can edit their tracks away undetected.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
# custom:
#   id: cloudtrail_log_file_validation_enabled
#   severity: medium
#   resource_types: [AWS::CloudTrail::Trail]
#   remediation:
#     console: >-
#       CloudTrail > Trails > the trail > General details > Edit > Log file validation: Enabled
#       > Save changes.
#     cli: >-
#       aws cloudtrail update-trail --name <name> --enable-log-file-validation
#     terraform: >-
#       aws_cloudtrail { enable_log_file_validation = true }
#   frameworks:
#     cis-aws-3.0: ["3.2"]
#     nist-800-53-r5: [AU-9]
#     pci-dss-4.0: ["10.3.4"]
package meerkat.checks.cloudtrail_log_file_validation_enabled

import rego.v1

fail contains {"reason": "log file validation is off", "evidence": {"LogFileValidationEnabled": object.get(input.configuration, "LogFileValidationEnabled", false)}} if {
	not input.configuration.LogFileValidationEnabled
}
