package meerkat.lib.tags

import rego.v1

# True when the resource has a non-empty `owner` tag, whatever its case.
has_owner(resource) if {
	some key, value in resource.tags
	lower(key) == "owner"
	value != ""
}
