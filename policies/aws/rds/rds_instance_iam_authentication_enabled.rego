# METADATA
# title: RDS instance accepts IAM database authentication
# description: >-
#   With IAM database authentication, applications connect with short-lived tokens tied to
#   IAM identities instead of long-lived database passwords. Judged only for the engines
#   that support it (MySQL, MariaDB, PostgreSQL and their Aurora editions).
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html
# custom:
#   id: rds_instance_iam_authentication_enabled
#   severity: low
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [configuration.IAMDatabaseAuthenticationEnabled]
#   remediation:
#     console: >-
#       RDS > Databases > the instance > Modify > Database authentication > Password and IAM
#       database authentication > Apply immediately.
#     cli: >-
#       aws rds modify-db-instance --db-instance-identifier <id>
#       --enable-iam-database-authentication --apply-immediately
#     terraform: >-
#       aws_db_instance { iam_database_authentication_enabled = true }
package meerkat.checks.rds_instance_iam_authentication_enabled

import rego.v1

# Engines that support IAM database authentication.
supported := {"mysql", "mariadb", "postgres", "aurora", "aurora-mysql", "aurora-postgresql"}

fail contains {"reason": sprintf("IAM database authentication is off (%v)", [input.configuration.Engine]), "evidence": {"IAMDatabaseAuthenticationEnabled": false}} if {
	input.configuration.Engine in supported
	input.configuration.IAMDatabaseAuthenticationEnabled == false
}
