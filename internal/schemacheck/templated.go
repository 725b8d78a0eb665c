package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

// rulePropertiesTemplated warns about a local path where CloudFormation wants an
// S3 location (Lambda Code, a nested stack's TemplateURL, ...): only
// `aws cloudformation package` (or `sam package`) turns the path into one, and
// deploying the template as written fails. SAM templates are packaged by
// definition, so they are left alone.
var rulePropertiesTemplated = resourceRule{
	Rule:   diag.Rule{ID: "W3002", Summary: "Properties that take an S3 location hold one, not a local path that only `package` uploads"},
	unless: hasSAMTransform,
	text: func(v string) string {
		if strings.HasPrefix(v, "s3://") || strings.HasPrefix(v, "https://") || strings.Contains(v, "{{resolve:") {
			return ""
		}
		return "This code may only work with 'package' cli command: " + jsonschema.PyStr(v) + " is not an S3 or HTTPS location"
	},
}
