# METADATA
# title: Lambda function runs on a supported runtime
# description: >-
#   After a runtime's deprecation date AWS stops applying security patches to it, and later
#   blocks creating and then updating functions that use it. The dates are those of AWS's
#   runtime deprecation table, compared with the evaluation time.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtime-support-policy
# custom:
#   id: lambda_function_runtime_not_deprecated
#   severity: medium
#   resource_types: [AWS::Lambda::Function]
#   remediation:
#     console: >-
#       Lambda > Functions > the function > Code > Runtime settings > Edit > choose a supported
#       runtime of the same language > Save; test the function on it first.
#     cli: >-
#       aws lambda update-function-configuration --function-name <name> --runtime <supported
#       runtime, e.g. python3.13 or nodejs22.x>
#     terraform: >-
#       aws_lambda_function { runtime = "python3.13" }
#   frameworks:
#     nist-800-53-r5: [SA-22]
package meerkat.checks.lambda_function_runtime_not_deprecated

import rego.v1

# Runtime → the date AWS deprecated it (AWS Lambda runtime deprecation table).
deprecated := {
	"dotnet5.0": "2022-05-10",
	"dotnet6": "2024-12-20",
	"dotnet7": "2024-05-14",
	"dotnetcore1.0": "2019-07-30",
	"dotnetcore2.0": "2019-05-30",
	"dotnetcore2.1": "2022-01-05",
	"dotnetcore3.1": "2023-04-03",
	"go1.x": "2023-12-31",
	"java8": "2024-01-08",
	"nodejs": "2016-10-31",
	"nodejs10.x": "2021-07-30",
	"nodejs12.x": "2023-03-31",
	"nodejs14.x": "2023-12-04",
	"nodejs16.x": "2024-06-12",
	"nodejs18.x": "2025-09-01",
	"nodejs20.x": "2026-04-30",
	"nodejs4.3": "2020-03-05",
	"nodejs4.3-edge": "2019-04-30",
	"nodejs6.10": "2019-08-12",
	"nodejs8.10": "2020-03-06",
	"provided": "2023-12-31",
	"python2.7": "2021-07-15",
	"python3.6": "2022-07-18",
	"python3.7": "2023-12-04",
	"python3.8": "2024-10-14",
	"python3.9": "2025-12-15",
	"ruby2.5": "2021-07-30",
	"ruby2.7": "2023-12-07",
	"ruby3.2": "2026-03-31",
}

fail contains {"reason": sprintf("runtime %v was deprecated on %v", [runtime, since]), "evidence": {"Runtime": runtime, "deprecated": since, "evaluated_at": input.facts.evaluated_at}} if {
	runtime := input.configuration.Runtime
	since := deprecated[runtime]
	substring(input.facts.evaluated_at, 0, 10) >= since
}
