package schemacheck

import (
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

var roleArn = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/[a-zA-Z_0-9+=,.@\-_/]+$`)

// ruleRoleArnPattern checks properties that take an IAM role's ARN (and whose
// schemas only say "a string"): a role name or another ARN there fails when
// the service assumes the role.
var ruleRoleArnPattern = resourceRule{
	Rule: diag.Rule{ID: "E3511", Summary: "Properties that take an IAM role ARN are given one"},
	text: func(v string) string {
		if strings.Contains(v, "{{resolve:") || roleArn.MatchString(v) {
			return ""
		}
		return jsonschema.PyStr(v) + " is not an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)"
	},
}
