# METADATA
# title: RDS instance exports its logs to CloudWatch Logs
# description: >-
#   Database logs (error, audit, general, slow query, postgresql) kept only on the instance
#   rotate away and disappear with it; exported to CloudWatch Logs they can be retained,
#   searched and alarmed on.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
# custom:
#   id: rds_instance_integration_cloudwatch_logs
#   severity: low
#   resource_types: [AWS::RDS::DBInstance]
#   remediation:
#     console: >-
#       RDS > Databases > the instance > Modify > Log exports > select the engine's logs (error,
#       audit, postgresql …) > Apply immediately.
#     cli: >-
#       aws rds modify-db-instance --db-instance-identifier <id>
#       --cloudwatch-logs-export-configuration '{"EnableLogTypes":["error","audit"]}'
#       --apply-immediately
#     terraform: >-
#       aws_db_instance { enabled_cloudwatch_logs_exports = ["error", "audit"] } (postgres:
#       ["postgresql"])
package meerkat.checks.rds_instance_integration_cloudwatch_logs

import rego.v1

fail contains {"reason": "no log is exported to CloudWatch Logs", "evidence": {"Engine": object.get(input.configuration, "Engine", null)}} if {
	count(object.get(input.configuration, "EnabledCloudwatchLogsExports", [])) == 0
}
