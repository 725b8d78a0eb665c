package refcheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkUnreachableBranches reports a branch of Fn::If that is never taken
// (W1028): the conditions the Fn::If stands under (its resource's or output's
// Condition, the enclosing Fn::If branches) decide its own condition. A
// condition that is constant whatever the context (Fn::Equals of two literals)
// is W8003's, at its definition, not a W1028 at each use, as in cfn-lint.
func (c *checker) checkUnreachableBranches() {
	if c.macros || len(c.t.Conditions) == 0 || !strings.Contains(c.t.Text, "If") {
		return
	}
	var set *conditions.Set
	for _, sec := range []struct {
		name    string
		entries []*template.Entry
	}{{"Resources", c.t.Resources}, {"Outputs", c.t.Outputs}} {
		for _, e := range sec.entries {
			template.Walk(e.Value, func(n *template.Node) bool {
				condNode, yes, no, ok := n.IfArgs()
				if !ok {
					return true
				}
				cond, ok := condNode.Str()
				if !ok || c.t.Condition(cond) == nil {
					return true
				}
				ctx, ok := factsAt(e, n)
				if !ok || len(ctx) == 0 {
					return true
				}
				if set == nil {
					set = conditions.New(c.t)
				}
				for _, b := range []struct {
					node  *template.Node
					value bool // the value of cond that takes this branch
				}{{no, false}, {yes, true}} {
					// never taken when ctx decides cond has the other value
					other := []conditions.Fact{{Name: cond, Value: !b.value}}
					decided, known := set.Implies(ctx, other)
					if !known || !decided {
						continue
					}
					if always, _ := set.Implies(nil, other); always {
						continue
					}
					which := "false"
					if b.value {
						which = "true"
					}
					c.report(b.node.Range, diag.Warning, codeUnreachable, resourceOf(sec.name, e.Name),
						"This branch of Fn::If is never used: condition "+quote(cond)+" is never "+which+" here ("+factsText(ctx)+")", nil)
				}
				return true
			})
		}
	}
}

// factsText words the conditions a site stands under: "Prod is true, Eu is false".
func factsText(fs []conditions.Fact) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		v := "false"
		if f.Value {
			v = "true"
		}
		parts[i] = "where " + quote(f.Name) + " is " + v
	}
	return strings.Join(parts, ", ")
}
