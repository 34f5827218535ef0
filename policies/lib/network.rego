# Helpers for the checks that read a `world_open_ingress` fact (security groups and
# network ACLs share its shape, see docs/policy-authoring.md and facts_network.rs).
package meerkat.lib.network

import rego.v1

# The entries of `open` (a `world_open_ingress` list) that let traffic from anywhere
# reach `port` over one of `protocols` (a set of "tcp", "udp"); a rule for protocol
# "all" reaches every port of every protocol. ICMP entries have no ports and never match.
reaching(open, port, protocols) := {r |
	some r in open
	r.protocol in (protocols | {"all"})
	r.from_port <= port
	r.to_port >= port
}

# A finding reason naming the port, the source and the rule's span.
reason(r, port) := sprintf("port %v open to %v (%v %v-%v)", [port, r.cidr, r.protocol, r.from_port, r.to_port])
