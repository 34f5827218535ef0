# METADATA
# title: RDS instance's CA certificate is valid for 30 more days
# description: >-
#   Clients that verify TLS (as they should) stop connecting when the instance's server
#   certificate expires; rotating the CA in a hurry means a restart at a bad time. Rotate to
#   a current CA (rds-ca-rsa2048-g1 or newer) well before ValidTill. Measured against the
#   evaluation time.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html
# custom:
#   id: rds_instance_certificate_not_expiring
#   severity: medium
#   resource_types: [AWS::RDS::DBInstance]
#   remediation:
#     console: >-
#       RDS > Databases > the instance > Modify > Connectivity > Certificate authority:
#       rds-ca-rsa2048-g1 (or newer) > Apply during the next maintenance window; update clients'
#       trust stores first.
#     cli: >-
#       aws rds modify-db-instance --db-instance-identifier <id> --ca-certificate-identifier
#       rds-ca-rsa2048-g1
#     terraform: >-
#       aws_db_instance { ca_cert_identifier = "rds-ca-rsa2048-g1" }
package meerkat.checks.rds_instance_certificate_not_expiring

import rego.v1

days := input.facts.ca_certificate_expires_in_days

ca := object.get(input.configuration, "CACertificateIdentifier", "?")

fail contains {"reason": sprintf("the CA certificate %v expired %v days ago", [ca, 0 - days]), "evidence": {"ValidTill": input.configuration.CertificateDetails.ValidTill, "evaluated_at": input.facts.evaluated_at}} if {
	days < 0
}

fail contains {"reason": sprintf("the CA certificate %v expires in %v days", [ca, days]), "evidence": {"ValidTill": input.configuration.CertificateDetails.ValidTill, "evaluated_at": input.facts.evaluated_at}} if {
	days >= 0
	days < 30
}
