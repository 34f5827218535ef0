# METADATA
# title: Lambda function runs inside a VPC
# description: >-
#   A function outside a VPC reaches the internet directly and cannot be confined by
#   security groups, network ACLs or VPC endpoints. Functions that reach private resources
#   or must be network-restricted belong in a VPC; for others this is informational.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
# custom:
#   id: lambda_function_inside_vpc
#   severity: informational
#   resource_types: [AWS::Lambda::Function]
#   remediation:
#     console: >-
#       Lambda > Functions > the function > Configuration > VPC > Edit > choose the VPC, private
#       subnets and security groups > Save.
#     cli: >-
#       aws lambda update-function-configuration --function-name <name> --vpc-config
#       SubnetIds=<subnet-1>,<subnet-2>,SecurityGroupIds=<sg>
#     terraform: >-
#       aws_lambda_function { vpc_config { subnet_ids = [...], security_group_ids = [...] } }
package meerkat.checks.lambda_function_inside_vpc

import rego.v1

fail contains {"reason": "the function is not attached to a VPC", "evidence": {"VpcConfig": object.get(input.configuration, "VpcConfig", null)}} if {
	object.get(input.configuration, ["VpcConfig", "VpcId"], "") == ""
}
