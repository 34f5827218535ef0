# METADATA
# title: Lambda function URL requires authentication
# description: >-
#   A function URL with AuthType NONE is an HTTPS endpoint anyone on the internet can call:
#   the function runs, and is billed, for every request, and whatever it returns or does is
#   open to all. AWS_IAM makes callers sign requests with IAM credentials.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
# custom:
#   id: lambda_function_url_public
#   severity: high
#   resource_types: [AWS::Lambda::Function]
#   requires: [supplementary.FunctionUrlConfig]
#   remediation:
#     console: >-
#       Lambda > Functions > the function > Configuration > Function URL > Edit > Auth type:
#       AWS_IAM > Save (or Delete the URL if it is not needed).
#     cli: >-
#       aws lambda update-function-url-config --function-name <name> --auth-type AWS_IAM (or:
#       aws lambda delete-function-url-config --function-name <name>)
#     terraform: >-
#       aws_lambda_function_url { authorization_type = "AWS_IAM" }
#   frameworks:
#     nist-800-53-r5: [AC-3, SC-7]
package meerkat.checks.lambda_function_url_public

import rego.v1

fail contains {"reason": "the function URL needs no authentication (AuthType NONE)", "evidence": {"FunctionUrl": object.get(url, "FunctionUrl", null), "AuthType": "NONE"}} if {
	url := input.supplementary.FunctionUrlConfig
	url.AuthType == "NONE"
}
