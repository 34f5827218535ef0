# METADATA
# title: Lambda function does not run with an administrator role
# description: >-
#   A function runs with its execution role's permissions: code injection, a vulnerable
#   dependency or anyone who can update the code gets administrator rights on the account
#   when that role allows every action on every resource.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: lambda_function_no_admin_role
#   severity: high
#   resource_types: [AWS::Lambda::Function]
#   remediation:
#     console: >-
#       IAM > Roles > the function's role > Permissions > detach AdministratorAccess and remove
#       inline or customer policies that allow * on *; attach a policy with only the actions the
#       function calls.
#     cli: >-
#       aws iam detach-role-policy --role-name <role> --policy-arn
#       arn:aws:iam::aws:policy/AdministratorAccess; aws iam put-role-policy --role-name <role>
#       --policy-name <name> --policy-document file://least-privilege.json
#     terraform: >-
#       aws_iam_role_policy for the function's aws_iam_role with the needed actions only; no
#       AdministratorAccess attachment
#   frameworks:
#     nist-800-53-r5: [AC-6]
#     pci-dss-4.0: ["7.2.2"]
package meerkat.checks.lambda_function_no_admin_role

import rego.v1

role := input.facts.execution_role

fail contains {"reason": sprintf("execution role %v allows every action on every resource", [role.name]), "evidence": {"role": role.name, "via": role.via}} if {
	role.admin
}

not_assessed contains sprintf("execution role %v, or one of its customer managed policies, is not in the inventory", [role.name]) if {
	not role.known
}
