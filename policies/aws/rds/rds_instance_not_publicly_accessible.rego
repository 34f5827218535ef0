# METADATA
# title: RDS instance is not publicly accessible
# description: >-
#   A publicly accessible instance gets a DNS name that resolves to a public IP; with
#   a permissive security group, the database listens to the internet.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding
# custom:
#   id: rds_instance_not_publicly_accessible
#   severity: critical
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [configuration.PubliclyAccessible]
#   remediation:
#     console: RDS > Databases > the instance > Modify > Connectivity > Additional configuration > Not publicly accessible > Apply immediately.
#     cli: aws rds modify-db-instance --db-instance-identifier <id> --no-publicly-accessible --apply-immediately
#     terraform: aws_db_instance { publicly_accessible = false }
#   frameworks:
#     cis-aws-3.0: [2.3.3]
#     nist-800-53-r5: [AC-3, SC-7]
#     pci-dss-4.0: [1.3.1, 1.4.4]
package meerkat.checks.rds_instance_not_publicly_accessible

import rego.v1

fail contains {"reason": "the instance is publicly accessible", "evidence": {"PubliclyAccessible": true, "Endpoint": object.get(input.configuration, "Endpoint", null)}} if {
	input.configuration.PubliclyAccessible == true
}
