# METADATA
# title: RDS instance has Enhanced Monitoring
# description: >-
#   Enhanced Monitoring reports the instance's operating system metrics (processes, memory,
#   file system) every few seconds; without it, resource exhaustion and runaway processes
#   show only as coarse CloudWatch averages.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.html
# custom:
#   id: rds_instance_enhanced_monitoring_enabled
#   severity: low
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [configuration.MonitoringInterval]
#   remediation:
#     console: >-
#       RDS > Databases > the instance > Modify > Monitoring > Enable Enhanced Monitoring,
#       granularity 60 seconds or finer, monitoring role > Apply immediately.
#     cli: >-
#       aws rds modify-db-instance --db-instance-identifier <id> --monitoring-interval 60
#       --monitoring-role-arn <role-arn> --apply-immediately
#     terraform: >-
#       aws_db_instance { monitoring_interval = 60, monitoring_role_arn =
#       aws_iam_role.rds_monitoring.arn }
package meerkat.checks.rds_instance_enhanced_monitoring_enabled

import rego.v1

fail contains {"reason": "Enhanced Monitoring is off", "evidence": {"MonitoringInterval": 0}} if {
	input.configuration.MonitoringInterval == 0
}
