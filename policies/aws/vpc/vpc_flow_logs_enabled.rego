# METADATA
# title: VPC flow logging is enabled in every VPC of the region
# description: >-
#   Flow logs record the connections accepted and rejected in a VPC: the record that
#   shows scanning, exfiltration and lateral movement, and the input of network
#   detections. Judged on the region pseudo-resource, which lists the region's VPCs
#   and flow logs: fails for each VPC that no active flow log watches. A region whose
#   VPCs or flow logs could not be read is NOT_ASSESSED.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
# custom:
#   id: vpc_flow_logs_enabled
#   severity: medium
#   resource_types: [AWS::Region]
#   requires: [supplementary.AWS::EC2::VPC, supplementary.AWS::EC2::FlowLog]
#   remediation:
#     console: VPC (in the region) > Your VPCs > the VPC > Flow logs > Create flow log > Filter All (or at least Reject) > destination CloudWatch Logs or S3 > Create flow log.
#     cli: aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::<log-bucket>/vpc/
#     terraform: 'aws_flow_log { vpc_id = aws_vpc.main.id, traffic_type = "ALL", log_destination_type = "s3", log_destination = aws_s3_bucket.logs.arn }'
#   frameworks:
#     cis-aws-3.0: ["3.7"]
#     nist-800-53-r5: [AU-2, AU-12, SI-4]
#     pci-dss-4.0: ["10.2.1"]
package meerkat.checks.vpc_flow_logs_enabled

import rego.v1

# Flow logs report FlowLogStatus ACTIVE; one without the field is taken as active.
watched contains f.configuration.ResourceId if {
	some f in input.supplementary["AWS::EC2::FlowLog"]
	object.get(f.configuration, "FlowLogStatus", "ACTIVE") == "ACTIVE"
}

fail contains {"reason": sprintf("VPC %v has no active flow log", [id]), "evidence": {"VpcId": id, "IsDefault": object.get(v.configuration, "IsDefault", null)}} if {
	some v in input.supplementary["AWS::EC2::VPC"]
	id := v.resource_id
	not watched[id]
}
