package schemacheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

// ruleImageIDParameter warns about a parameter referenced as an image id
// whose type is not AWS::EC2::Image::Id (or its SSM form): those types make
// CloudFormation check the id before it creates anything, and offer the
// account's images in the console.
var ruleImageIDParameter = resourceRule{
	Rule: diag.Rule{ID: "W2506", Summary: "Parameters used as an ImageId have type AWS::EC2::Image::Id or its SSM parameter form"},
	check: func(r *ruleRun) {
		seen := map[string]bool{}
		r.sites(func(s site) {
			if !s.value.IsIntrinsic("Ref") || insideIf(s.value) {
				return
			}
			name, _ := s.value.Arg.Str()
			p := r.t.Parameter(name)
			if p == nil || seen[name] {
				return
			}
			typ := p.Value.GetPair("Type")
			if typ == nil {
				return
			}
			v, _ := typ.Value.Str()
			if v == "AWS::EC2::Image::Id" || v == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>" || strings.HasPrefix(v, "List<") {
				return
			}
			seen[name] = true
			r.report(typ.Value.Range, "", "Parameter "+name+" is used as an ImageId: give it type AWS::EC2::Image::Id or AWS::SSM::Parameter::Value<AWS::EC2::Image::Id> rather than "+jsonschema.PyStr(v))
		})
	},
}
