package schemacheck

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleServerlessTransform reports SAM resource types in a template without the
// SAM transform: CloudFormation knows no AWS::Serverless:: type of its own and
// rejects the template.
var ruleServerlessTransform = resourceRule{
	Rule:   diag.Rule{ID: "E3038", Summary: "AWS::Serverless:: types are used only with the AWS::Serverless-2016-10-31 transform"},
	unless: hasSAMTransform,
	check: func(r *ruleRun) {
		for _, e := range r.t.Resources {
			typ := e.Get("Type")
			if name, ok := typ.Str(); ok && strings.HasPrefix(name, "AWS::Serverless::") {
				r.report(typ.Range, e.Name,
					jsonschema.PyStr(name)+" type used without the serverless transform 'AWS::Serverless-2016-10-31'")
			}
		}
	},
}

// hasSAMTransform reports whether t names the SAM transform itself (a
// look-alike such as AWS::Serverless-2016-10-31-test is some other macro).
func hasSAMTransform(t *template.Template) bool {
	return slices.Contains(t.Transforms(), "AWS::Serverless-2016-10-31")
}
