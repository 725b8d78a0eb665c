package schemacheck

import (
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

// ruleCloudFrontAliases checks that a distribution's aliases are domain names in
// lower case, a wildcard only as the whole first label.
var ruleCloudFrontAliases = resourceRule{
	Rule: diag.Rule{ID: "E3013", ResourceTypes: []string{"AWS::CloudFront::Distribution"},
		Summary: "CloudFront aliases are lower-case domain names, a wildcard only as the first label"},
	text: func(v string) string {
		if strings.Contains(v, "{{resolve:") || !strings.Contains(v, ".*.") && aliasPattern.MatchString(v) {
			return ""
		}
		return jsonschema.PyStr(v) + " is not a valid CloudFront alias (a lower-case domain name, optionally starting with *.)"
	},
}

var aliasPattern = regexp.MustCompile(`^(?:[a-z0-9*](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$`)
