# METADATA
# title: KMS key is not scheduled for deletion
# description: >-
#   A key pending deletion can no longer be used; once the waiting period ends, everything
#   it encrypted is lost for good. Confirm that nothing still depends on it, or cancel the
#   deletion.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
# custom:
#   id: kms_key_not_pending_deletion
#   severity: informational
#   resource_types: [AWS::KMS::Key]
#   requires: [configuration.KeyState]
#   remediation:
#     console: >-
#       KMS > Customer managed keys > the key > Key actions > Cancel key deletion (then Enable
#       the key) if it is still needed.
#     cli: >-
#       aws kms cancel-key-deletion --key-id <key-id>; aws kms enable-key --key-id <key-id>
#     terraform: >-
#       remove the deletion from the plan: keep the aws_kms_key resource
#       (deletion_window_in_days only applies on destroy)
package meerkat.checks.kms_key_not_pending_deletion

import rego.v1

fail contains {"reason": sprintf("the key is scheduled for deletion on %v", [object.get(input.configuration, "DeletionDate", "an unknown date")]), "evidence": {"KeyState": state, "DeletionDate": object.get(input.configuration, "DeletionDate", null)}} if {
	state := input.configuration.KeyState
	state in {"PendingDeletion", "PendingReplicaDeletion"}
}
