# METADATA
# title: Lambda function URL does not allow every origin
# description: >-
#   A function URL whose CORS configuration allows origin `*` lets scripts on any website
#   call it from a visitor's browser and read the answer. List the web origins that need it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors
# custom:
#   id: lambda_function_url_cors_policy
#   severity: medium
#   resource_types: [AWS::Lambda::Function]
#   requires: [supplementary.FunctionUrlConfig]
#   remediation:
#     console: >-
#       Lambda > Functions > the function > Configuration > Function URL > Edit > Configure
#       cross-origin resource sharing (CORS) > Allow origin: the specific origins > Save.
#     cli: >-
#       aws lambda update-function-url-config --function-name <name> --cors
#       'AllowOrigins=https://app.example.com'
#     terraform: >-
#       aws_lambda_function_url { cors { allow_origins = ["https://app.example.com"] } }
package meerkat.checks.lambda_function_url_cors_policy

import rego.v1

fail contains {"reason": "the function URL's CORS configuration allows every origin (*)", "evidence": {"AllowOrigins": url.Cors.AllowOrigins}} if {
	url := input.supplementary.FunctionUrlConfig
	"*" in url.Cors.AllowOrigins
}
