# METADATA
# title: EC2 instance requires IMDSv2
# description: >-
#   With HttpTokens "optional", the instance metadata service also answers IMDSv1
#   requests, which a server-side request forgery can use to read the instance role's
#   credentials. "required" accepts session-token (IMDSv2) requests only. An instance
#   with the metadata endpoint disabled passes.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
# custom:
#   id: ec2_instance_imdsv2_required
#   severity: high
#   resource_types: [AWS::EC2::Instance]
#   requires: [configuration.MetadataOptions]
#   remediation:
#     console: EC2 > Instances > the instance > Actions > Instance settings > Modify instance metadata options > IMDSv2 Required > Save.
#     cli: aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens required --http-endpoint enabled
#     terraform: aws_instance { metadata_options { http_tokens = "required" } }
#   frameworks:
#     cis-aws-3.0: ["5.6"]
#     nist-800-53-r5: [AC-3]
package meerkat.checks.ec2_instance_imdsv2_required

import rego.v1

options := input.configuration.MetadataOptions

fail contains {"reason": sprintf("IMDSv1 is accepted (HttpTokens %v)", [options.HttpTokens]), "evidence": {"MetadataOptions": options}} if {
	object.get(options, "HttpEndpoint", "enabled") == "enabled"
	options.HttpTokens != "required"
}
