# Helpers of the IAM checks.
package meerkat.lib.iam

import rego.v1

# The AWS managed policy `name` when it is attached to the user, group or role.
aws_managed_attached(name) := p if {
	some p in input.supplementary.AttachedManagedPolicies
	p.PolicyArn == sprintf("arn:%v:iam::aws:policy/%v", [partition, name])
}

# The partition of the resource's ARN (aws, aws-cn, aws-us-gov); aws when unknown.
default partition := "aws"

partition := p if {
	is_string(input.arn)
	p := split(input.arn, ":")[1]
}

# Roles AWS creates and manages for a service: their policies cannot be changed.
service_linked_role if startswith(object.get(input.configuration, "Path", ""), "/aws-service-role/")
