# METADATA
# title: Lambda function has no secret-like environment variables
# description: >-
#   Environment variables are readable by anyone allowed lambda:GetFunctionConfiguration and
#   are copied into every version. A variable named like a password, token or key usually
#   holds the credential itself; keep it in Secrets Manager or Parameter Store and pass only
#   its name or ARN. Only names are judged: Meerkat never reads the values.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption
#   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
# custom:
#   id: lambda_function_no_secrets_in_variables
#   severity: high
#   resource_types: [AWS::Lambda::Function]
#   remediation:
#     console: >-
#       Lambda > Functions > the function > Configuration > Environment variables > Edit: move
#       each secret into Secrets Manager, replace the variable by the secret's ARN, and read it
#       at run time (or with the Parameters and Secrets extension).
#     cli: >-
#       aws secretsmanager create-secret --name <name> --secret-string <value>; aws lambda
#       update-function-configuration --function-name <fn> --environment
#       'Variables={DB_PASSWORD_SECRET_ARN=<arn>}'
#     terraform: >-
#       aws_secretsmanager_secret + aws_lambda_function { environment { variables = {
#       DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db.arn } } }
#   frameworks:
#     nist-800-53-r5: [IA-5(7)]
#     pci-dss-4.0: ["8.6.2"]
package meerkat.checks.lambda_function_no_secrets_in_variables

import rego.v1

# Names (upper-cased) that usually hold a credential, and suffixes that say the variable
# holds only a reference to one (an ARN, a name, a path) or a setting about it.
secret_like := `(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|CONN(ECTION)?_?STRING)`

reference := `(_ARN|_NAME|_ID|_PATH|_PARAM|_PARAMETER|_URL|_URI|_REGION|_TTL|_LENGTH|_FILE)$`

names contains name if {
	some name, _ in input.configuration.Environment.Variables
	regex.match(secret_like, upper(name))
	not regex.match(reference, upper(name))
}

fail contains {"reason": sprintf("environment variables look like secrets: %v", [concat(", ", sort(names))]), "evidence": {"variables": names}} if {
	count(names) > 0
}
