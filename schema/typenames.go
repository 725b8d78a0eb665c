package schema

import "strings"

// The names of resource types no spec lists in full: custom resources, modules
// and the types an account registers (third-party or private), whose schemas
// live in that account's registry.

// customResource is the type whose schema custom resources (Custom::Name) follow.
const customResource = "AWS::CloudFormation::CustomResource"

// IsCustomResource reports whether typ is a custom resource: Custom::Name or
// AWS::CloudFormation::CustomResource. It takes any properties beside
// ServiceToken (required) and ServiceTimeout, and answers any GetAtt.
func IsCustomResource(typ string) bool {
	return typ == customResource || (strings.HasPrefix(typ, "Custom::") && len(typ) > len("Custom::"))
}

// IsModule reports whether typ names a module, Org::Service::Thing::MODULE.
func IsModule(typ string) bool {
	name, ok := strings.CutSuffix(typ, "::MODULE")
	return ok && IsRegistryType(name)
}

// reservedNamespaces are the organisation namespaces an account cannot
// register types under (CloudFormation's RegisterType).
var reservedNamespaces = []string{"Alexa", "AMZN", "Amazon", "AWS", "Custom", "Dev"}

// IsRegistryType reports whether typ follows the naming of the resource types
// an account registers, Org::Service::Thing with each part of 2 to 64 letters
// and digits and Org none of the reserved namespaces (so an AWS::S3::Buckett
// is still a typo). A spec need not know such a type: it may be private.
func IsRegistryType(typ string) bool {
	parts := strings.Split(typ, "::")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if len(p) < 2 || len(p) > 64 {
			return false
		}
		for i := 0; i < len(p); i++ {
			if c := p[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				return false
			}
		}
	}
	for _, r := range reservedNamespaces {
		if strings.EqualFold(parts[0], r) {
			return false
		}
	}
	return true
}
