package schemacheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ruleRouteTableAssociation reports a subnet associated with route tables
// twice: a subnet has one route table, and the second association fails to
// create. Subnets are compared as written (the same id, Ref or GetAtt); two
// associations whose conditions exclude each other, or cannot be decided, are
// not reported.
var ruleRouteTableAssociation = resourceRule{
	Rule: diag.Rule{ID: "E3022", ResourceTypes: []string{"AWS::EC2::SubnetRouteTableAssociation"},
		Summary: "A subnet has at most one route table association"},
	check: func(r *ruleRun) {
		type assoc struct {
			e   *template.Entry
			key *template.Node
			alt alternative
		}
		var all []assoc
		for _, e := range r.t.Resources {
			if e.Type() != "AWS::EC2::SubnetRouteTableAssociation" {
				continue
			}
			p := e.Get("Properties").GetPair("SubnetId")
			if p == nil {
				continue
			}
			when := conditions.Of(e)
			for _, alt := range alternatives(p.Value, when) {
				all = append(all, assoc{e, p.Key, alt})
			}
		}
		reported := map[*template.Entry]bool{}
		for _, a := range all {
			var others []string
			for _, b := range all {
				if a.e == b.e || !template.Equal(a.alt.node, b.alt.node) || slices.Contains(others, b.e.Name) {
					continue
				}
				if !r.together(a.alt.when, b.alt.when) {
					continue
				}
				others = append(others, b.e.Name)
			}
			if len(others) > 0 && !reported[a.e] {
				reported[a.e] = true
				r.report(a.key.Range, a.e.Name, fmt.Sprintf("SubnetId of %s is also associated with a route table by %s: a subnet has one route table",
					jsonschema.PyStr(a.e.Name), strings.Join(quoteAll(others), ", ")))
			}
		}
	},
}
