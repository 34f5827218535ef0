# METADATA
# title: Customer managed policy keeps no "*:*" version aside
# description: >-
#   A policy keeps up to five versions, and anyone allowed iam:SetDefaultPolicyVersion
#   on it can make an old one current without writing a new document. A non-default
#   version that allows "*" on "*" is an administrator grant one call away.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
# custom:
#   id: iam_policy_no_admin_in_other_versions
#   severity: medium
#   resource_types: [AWS::IAM::Policy]
#   requires: [supplementary.Versions]
#   remediation:
#     console: IAM > Policies > the policy > Policy versions > select the old admin version > Delete.
#     cli: aws iam delete-policy-version --policy-arn <arn> --version-id <version>
#     terraform: Terraform keeps only the current version; delete the stale versions with the CLI once.
#   frameworks:
#     nist-800-53-r5: [AC-6]
package meerkat.checks.iam_policy_no_admin_in_other_versions

import rego.v1

fail contains {"reason": sprintf("non-default version %v allows * on *", [v]), "evidence": {"VersionId": v}} if {
	some v in input.facts.other_versions_admin
}
