# METADATA
# title: RDS instance is deployed across availability zones
# description: >-
#   A Single-AZ instance is down for the length of an availability zone outage or a host
#   failure and its recovery; Multi-AZ keeps a synchronous standby and fails over to it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html
# custom:
#   id: rds_instance_multi_az
#   severity: low
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [configuration.MultiAZ]
#   remediation:
#     console: >-
#       RDS > Databases > the instance > Modify > Availability & durability > Create a standby
#       instance > Apply during the next maintenance window.
#     cli: >-
#       aws rds modify-db-instance --db-instance-identifier <id> --multi-az
#     terraform: >-
#       aws_db_instance { multi_az = true }
package meerkat.checks.rds_instance_multi_az

import rego.v1

fail contains {"reason": "the instance is Single-AZ", "evidence": {"MultiAZ": false, "AvailabilityZone": object.get(input.configuration, "AvailabilityZone", null)}} if {
	input.configuration.MultiAZ == false
	not input.configuration.DBClusterIdentifier
}

# Backups, deletion protection and Multi-AZ of an Aurora, DocumentDB or Neptune
# instance are its cluster's, which is not collected.
not_assessed contains sprintf("decided by DB cluster %v, which is not collected", [input.configuration.DBClusterIdentifier]) if {
	input.configuration.DBClusterIdentifier
}
