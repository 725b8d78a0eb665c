package schemacheck

import (
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

var ssmParameterName = regexp.MustCompile(`^([\w.-]+|/[\w.-]+(/[\w.-]+)*)$`)

// ruleSSMParameterName warns about an SSM parameter name that begins with aws
// or ssm (in any case), which Systems Manager reserves, or that is not a plain
// name or a /path/of/names.
var ruleSSMParameterName = resourceRule{
	Rule: diag.Rule{ID: "W3701", ResourceTypes: []string{"AWS::SSM::Parameter"}, Summary: "SSM parameter names do not begin with the reserved aws or ssm"},
	text: func(v string) string {
		first := strings.ToLower(strings.TrimPrefix(v, "/"))
		if strings.Contains(v, "{{resolve:") || ssmParameterName.MatchString(v) && !strings.HasPrefix(first, "aws") && !strings.HasPrefix(first, "ssm") {
			return ""
		}
		return jsonschema.PyStr(v) + " does not match the recommended pattern: names beginning with 'aws' or 'ssm' are reserved"
	},
}
