package schemacheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleHardcodedZone warns about an availability zone written as a literal: the
// template then works in one region only (and in accounts that map the zone
// name to a zone that has the capacity). Fn::GetAZs or a parameter of type
// AWS::EC2::AvailabilityZone::Name keeps it portable. Templates the CDK wrote
// are left alone.
var ruleHardcodedZone = resourceRule{
	Rule: diag.Rule{ID: "W3010", Summary: "Availability zones are not hardcoded"},
	check: func(r *ruleRun) {
		for _, e := range r.t.Resources {
			if e.Type() == "AWS::CDK::Metadata" {
				return
			}
		}
		for _, path := range lintPaths("W3010") {
			r.at(path, func(s site) {
				if insideIf(s.value) {
					return
				}
				if v, ok := s.value.Str(); ok && v != "all" {
					r.report(s.value.Range, "W3010", s.resource.Name, "Avoid hardcoding availability zone "+jsonschema.PyStr(v)+": use Fn::GetAZs or a parameter")
				}
			})
		}
	},
}

// insideIf reports whether n is a branch of an Fn::If.
func insideIf(n *template.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind == template.Intrinsic {
			return true
		}
		if p.Kind == template.Mapping {
			return false
		}
	}
	return false
}
