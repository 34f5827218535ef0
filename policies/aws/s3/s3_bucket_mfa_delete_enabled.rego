# METADATA
# title: S3 bucket has MFA delete enabled
# description: >-
#   With MFA delete, permanently deleting an object version or suspending versioning
#   needs the root user's MFA code, so stolen access keys alone cannot destroy the
#   bucket's history. It can only be turned on by the root user with the CLI or API.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
# custom:
#   id: s3_bucket_mfa_delete_enabled
#   severity: medium
#   resource_types: [AWS::S3::Bucket]
#   requires: [supplementary.BucketVersioningConfiguration]
#   remediation:
#     console: Not available in the console; as the root user, run the CLI command below with the root MFA device's serial and a current code.
#     cli: aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account>:mfa/root-account-mfa-device <code>"
#     terraform: 'aws_s3_bucket_versioning { versioning_configuration { status = "Enabled", mfa_delete = "Enabled" }, mfa = "<serial> <code>" } (applied with root credentials)'
#   frameworks:
#     cis-aws-3.0: [2.1.2]
#     nist-800-53-r5: [CP-9, IA-2(1)]
package meerkat.checks.s3_bucket_mfa_delete_enabled

import rego.v1

fail contains {"reason": sprintf("MFA delete is %v", [mfa]), "evidence": {"MFADelete": mfa, "Status": object.get(input.supplementary.BucketVersioningConfiguration, "Status", null)}} if {
	mfa := object.get(input.supplementary.BucketVersioningConfiguration, "MFADelete", "Disabled")
	mfa != "Enabled"
}
