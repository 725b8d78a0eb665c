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
	Rule:   diag.Rule{ID: "W3010", Summary: "Availability zones are not hardcoded"},
	unless: writtenByCDK,
	value: func(r *ruleRun, s site) {
		if v, ok := s.value.Str(); ok && v != "all" && !insideIf(s.value) {
			r.report(s.value.Range, s.resource.Name, "Avoid hardcoding availability zone "+jsonschema.PyStr(v)+": use Fn::GetAZs or a parameter")
		}
	},
}

// writtenByCDK reports whether the CDK wrote t (it adds its metadata resource).
func writtenByCDK(t *template.Template) bool {
	for _, e := range t.Resources {
		if e.Type() == "AWS::CDK::Metadata" {
			return true
		}
	}
	return false
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
