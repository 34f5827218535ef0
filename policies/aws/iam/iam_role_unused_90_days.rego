# METADATA
# title: IAM role has been used in the last 90 days
# description: >-
#   A role nobody assumes is standing access: its trust policy and permissions remain for
#   whoever can still assume it. Judged against the evaluation time for roles older than
#   90 days, from RoleLastUsed (IAM tracks the last 400 days; no date means not used in that time). Service-linked roles,
#   which AWS manages, are not judged.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html#roles-managingrole-deleting-unused
# custom:
#   id: iam_role_unused_90_days
#   severity: low
#   resource_types: [AWS::IAM::Role]
#   remediation:
#     console: IAM > Roles > sort by Last activity > confirm with the owner, then Delete the unused role.
#     cli: aws iam get-role --role-name <role> --query Role.RoleLastUsed; then detach its policies and aws iam delete-role --role-name <role>
#     terraform: Remove the unused aws_iam_role and its attachments.
package meerkat.checks.iam_role_unused_90_days

import data.meerkat.lib.iam
import rego.v1

limit := 90

fail contains {"reason": sprintf("never used in the tracked period (role is %v days old)", [input.facts.age_days]), "evidence": {"CreateDate": input.configuration.CreateDate}} if {
	not iam.service_linked_role
	input.facts.age_days > limit
	input.facts.last_used_days == null
}

fail contains {"reason": sprintf("last used %v days ago", [input.facts.last_used_days]), "evidence": {"RoleLastUsed": input.configuration.RoleLastUsed}} if {
	not iam.service_linked_role
	input.facts.age_days > limit
	input.facts.last_used_days > limit
}
