package schemacheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleRefWithPath reports a CodeBuild project whose ServiceRole is a Ref to a
// role of the template with a Path other than "/": Ref gives the role's name,
// and CodeBuild looks a name up without its path, so it finds no role. GetAtt
// Role.Arn works.
var ruleRefWithPath = resourceRule{
	Rule: diag.Rule{ID: "E3050", ResourceTypes: []string{"AWS::CodeBuild::Project"},
		Summary: "A CodeBuild project names a role with a path by its ARN, not by Ref"},
	resource: func(r *ruleRun, e *template.Entry) {
		v := e.Get("Properties").Get("ServiceRole")
		if !v.IsIntrinsic("Ref") {
			return
		}
		name, _ := v.Arg.Str()
		role := r.t.Resource(name)
		if role == nil {
			return
		}
		if path, ok := role.Get("Properties").Get("Path").Str(); ok && path != "/" {
			r.report(v.Range, e.Name, "When using a Ref to IAM resource the Path must be '/': switch to Fn::GetAtt "+name+".Arn, since the Path is "+jsonschema.PyStr(path))
		}
	},
}
