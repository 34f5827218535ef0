# METADATA
# title: Lambda function policy does not allow public invocation
# description: >-
#   A resource-based policy that allows any principal (`*`) without a condition naming an
#   account, organization, source ARN or network lets anyone invoke the function or change
#   it, depending on the actions granted.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
# custom:
#   id: lambda_function_not_publicly_accessible
#   severity: critical
#   resource_types: [AWS::Lambda::Function]
#   requires: [supplementary.Policy]
#   remediation:
#     console: >-
#       Lambda > Functions > the function > Configuration > Permissions > Resource-based policy
#       statements > delete or edit the statement with Principal * (add a source account or ARN
#       condition).
#     cli: >-
#       aws lambda remove-permission --function-name <name> --statement-id <sid>; re-add with
#       --source-account <account> or --source-arn <arn> or --principal-org-id <org>
#     terraform: >-
#       aws_lambda_permission { principal = "<service or account>", source_arn = "<arn>",
#       source_account = "<account>" }
#   frameworks:
#     nist-800-53-r5: [AC-3]
package meerkat.checks.lambda_function_not_publicly_accessible

import rego.v1

fail contains {"reason": sprintf("statement %v allows anyone %v", [s.sid, s.actions]), "evidence": {"sid": s.sid, "actions": s.actions, "principals": s.principals}} if {
	some s in input.facts.resource_policy.statements
	s.public
}
