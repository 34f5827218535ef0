# METADATA
# title: Root user has no access keys
# description: >-
#   Access keys of the root user give unrestricted, unscoped programmatic control of the
#   account and cannot be limited by IAM policies. Read from the account summary's
#   AccountAccessKeysPresent flag.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html
# custom:
#   id: iam_root_access_key_absent
#   severity: critical
#   resource_types: [AWS::IAM::AccountSummary]
#   requires: [configuration.SummaryMap]
#   remediation:
#     console: Sign in as the root user > account menu > Security credentials > Access keys > Delete each key (deactivate first if unsure what uses it).
#     cli: Root keys can only be deleted while signed in as root; with the root key's own credentials, aws iam delete-access-key --access-key-id <id>
#     terraform: Root credentials are not managed by Terraform; delete the keys in the console and use IAM roles instead.
#   frameworks:
#     cis-aws-3.0: ["1.4"]
#     nist-800-53-r5: [AC-6(2)]
package meerkat.checks.iam_root_access_key_absent

import rego.v1

fail contains {"reason": "the root user has access keys", "evidence": {"AccountAccessKeysPresent": present}} if {
	present := input.configuration.SummaryMap.AccountAccessKeysPresent
	present > 0
}
