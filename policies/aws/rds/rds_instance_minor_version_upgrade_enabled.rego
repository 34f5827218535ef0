# METADATA
# title: RDS instance applies minor engine upgrades automatically
# description: >-
#   Minor engine versions carry security fixes. With automatic minor version upgrades on,
#   RDS applies them in the maintenance window; off, the instance keeps known
#   vulnerabilities until someone upgrades it by hand.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades
# custom:
#   id: rds_instance_minor_version_upgrade_enabled
#   severity: medium
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [configuration.AutoMinorVersionUpgrade]
#   remediation:
#     console: >-
#       RDS > Databases > the instance > Modify > Maintenance > Auto minor version upgrade:
#       Enable > Continue > Apply during the next maintenance window.
#     cli: >-
#       aws rds modify-db-instance --db-instance-identifier <id> --auto-minor-version-upgrade
#     terraform: >-
#       aws_db_instance { auto_minor_version_upgrade = true }
#   frameworks:
#     cis-aws-3.0: ["2.3.2"]
#     nist-800-53-r5: [SI-2]
#     pci-dss-4.0: ["6.3.3"]
package meerkat.checks.rds_instance_minor_version_upgrade_enabled

import rego.v1

fail contains {"reason": "automatic minor version upgrades are off", "evidence": {"AutoMinorVersionUpgrade": false, "EngineVersion": object.get(input.configuration, "EngineVersion", null)}} if {
	input.configuration.AutoMinorVersionUpgrade == false
}
