# METADATA
# title: Broken on purpose
# custom:
#   id: ec2_broken
#   severity: low
#   resource_types: [AWS::EC2::Instance]
package meerkat.checks.ec2_broken

import rego.v1

fail contains "x" if {
	input.configuration.State.Name ==
}
