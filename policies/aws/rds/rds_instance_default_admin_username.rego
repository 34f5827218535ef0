# METADATA
# title: RDS instance does not use a default master user name
# description: >-
#   The master user names that RDS proposes (admin, postgres, root, sa …) are the first ones
#   a password-guessing attack tries; a chosen name is one more thing an attacker must know.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.MasterAccounts.html
# custom:
#   id: rds_instance_default_admin_username
#   severity: low
#   resource_types: [AWS::RDS::DBInstance]
#   remediation:
#     console: >-
#       The master user name cannot be changed: create a new instance (or restore a snapshot
#       into one) with a non-default master user name, or create a named administrator and stop
#       using the master user.
#     cli: >-
#       aws rds restore-db-instance-from-db-snapshot ... then create a named administrator user
#       in the database; the master user name is fixed at creation
#     terraform: >-
#       aws_db_instance { username = "<non-default name>" } (forces a new instance)
package meerkat.checks.rds_instance_default_admin_username

import rego.v1

# The names the RDS console proposes and the other usual first guesses.
defaults := {"admin", "administrator", "postgres", "root", "sa", "master"}

fail contains {"reason": sprintf("the master user name is the default %q", [input.configuration.MasterUsername]), "evidence": {"MasterUsername": input.configuration.MasterUsername}} if {
	lower(input.configuration.MasterUsername) in defaults
}
