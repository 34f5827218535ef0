# METADATA
# title: AWSCloudShellFullAccess is not attached to IAM users, groups or roles
# description: >-
#   AWSCloudShellFullAccess lets its holder upload and download files to a CloudShell
#   environment with unrestricted internet access: a ready channel to move data out of
#   the account. CIS 1.22 asks that it be restricted.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html
# custom:
#   id: iam_cloudshell_full_access_not_attached
#   severity: medium
#   resource_types: [AWS::IAM::User, AWS::IAM::Group, AWS::IAM::Role]
#   requires: [supplementary.AttachedManagedPolicies]
#   remediation:
#     console: IAM > Policies > AWSCloudShellFullAccess > Entities attached > Detach; grant a custom policy that denies cloudshell:GetFileDownloadUrls and cloudshell:GetFileUploadUrls where CloudShell is needed.
#     cli: aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess (detach-group-policy / detach-role-policy alike)
#     terraform: Remove the aws_iam_*_policy_attachment of arn:aws:iam::aws:policy/AWSCloudShellFullAccess.
#   frameworks:
#     cis-aws-3.0: ["1.22"]
#     nist-800-53-r5: [AC-6]
package meerkat.checks.iam_cloudshell_full_access_not_attached

import data.meerkat.lib.iam
import rego.v1

fail contains {"reason": "AWSCloudShellFullAccess is attached", "evidence": p} if {
	p := iam.aws_managed_attached("AWSCloudShellFullAccess")
}
