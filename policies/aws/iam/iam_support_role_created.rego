# METADATA
# title: A support role with AWSSupportAccess exists
# description: >-
#   During an incident someone must be able to open and follow AWS Support cases without
#   using the root user or an administrator. CIS 1.17 asks for an IAM role with the AWS
#   managed AWSSupportAccess policy attached. Judged on the account: NOT_ASSESSED when the
#   account's IAM roles were not read.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSupportAccess.html
# custom:
#   id: iam_support_role_created
#   severity: low
#   resource_types: [AWS::Account]
#   remediation:
#     console: IAM > Roles > Create role > AWS account (this account, or your identity account) > attach AWSSupportAccess > name it (e.g. aws-support) > Create role.
#     cli: aws iam create-role --role-name aws-support --assume-role-policy-document file://trust.json && aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess
#     terraform: aws_iam_role "aws_support" + aws_iam_role_policy_attachment { policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess" }
#   frameworks:
#     cis-aws-3.0: ["1.17"]
package meerkat.checks.iam_support_role_created

import rego.v1

roles := [e.name | some e in input.facts.support_role_entities; e.type == "AWS::IAM::Role"]

roles_read if input.configuration.Scopes["AWS::IAM::Role"].Assessed == true

fail contains {"reason": "no IAM role has AWSSupportAccess attached", "evidence": {"entities_with_policy": input.facts.support_role_entities}} if {
	roles_read
	count(roles) == 0
}

not_assessed contains sprintf("the account's IAM roles were not read: %v", [object.get(input.not_assessed, "AWS::IAM::Role", "not scanned")]) if {
	not roles_read
	count(roles) == 0
}
