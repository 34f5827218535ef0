# METADATA
# title: Lambda function has active X-Ray tracing
# description: >-
#   Active tracing records each invocation's path through downstream calls, which is what
#   shows an unexpected caller, a slow dependency or an error chain when investigating an
#   incident.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
# custom:
#   id: lambda_function_tracing_enabled
#   severity: low
#   resource_types: [AWS::Lambda::Function]
#   remediation:
#     console: >-
#       Lambda > Functions > the function > Configuration > Monitoring and operations tools >
#       Edit > AWS X-Ray: Active tracing > Save.
#     cli: >-
#       aws lambda update-function-configuration --function-name <name> --tracing-config
#       Mode=Active
#     terraform: >-
#       aws_lambda_function { tracing_config { mode = "Active" } }
package meerkat.checks.lambda_function_tracing_enabled

import rego.v1

fail contains {"reason": sprintf("tracing mode is %v", [mode]), "evidence": {"TracingConfig": {"Mode": mode}}} if {
	mode := object.get(input.configuration, ["TracingConfig", "Mode"], "PassThrough")
	mode != "Active"
}
