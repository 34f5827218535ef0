# METADATA
# title: EC2 instance profile does not grant administrator access
# description: >-
#   Anyone who gets code running on the instance, or reaches its metadata service
#   through a request forgery, holds its role's credentials. A role that allows every
#   action on every resource (AdministratorAccess, or an inline or customer managed
#   policy allowing "*" on "*") turns one compromised instance into a compromised
#   account. NOT_ASSESSED when the profile or one of its roles is not in the inventory.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html
# custom:
#   id: ec2_instance_profile_not_admin
#   severity: high
#   resource_types: [AWS::EC2::Instance]
#   requires: [configuration.InstanceId]
#   remediation:
#     console: IAM > Roles > the instance's role > Permissions > detach AdministratorAccess (or the admin policy) and attach a policy scoped to what the software on the instance calls; IAM Access Analyzer can generate one from CloudTrail.
#     cli: aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess && aws iam attach-role-policy --role-name <role> --policy-arn <scoped-policy-arn>
#     terraform: 'aws_iam_role_policy_attachment for the instance role: a scoped policy instead of AdministratorAccess'
#   frameworks:
#     nist-800-53-r5: [AC-6]
#     pci-dss-4.0: ["7.2.2"]
package meerkat.checks.ec2_instance_profile_not_admin

import rego.v1

profile := input.facts.instance_profile

fail contains {"reason": sprintf("instance profile %v has admin role %v", [profile.name, role]), "evidence": {"profile": profile.name, "role": role}} if {
	some role in profile.admin_roles
}

not_assessed contains sprintf("instance profile %v or one of its roles is not in the inventory", [profile.name]) if {
	not profile.known
	count(profile.admin_roles) == 0
}
