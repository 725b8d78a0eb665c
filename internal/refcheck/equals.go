package refcheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkEqualsUseful reports a Fn::Equals whose result is known before any
// parameter is (W8003): two literals, or one value compared with itself. The
// condition it builds is a constant, which is seldom what was meant.
func (c *checker) checkEqualsUseful() {
	visit := func(n *template.Node) {
		template.Walk(n, func(m *template.Node) bool {
			if !m.IsIntrinsic("Fn::Equals") || m.Arg == nil || m.Arg.Kind != template.Sequence || len(m.Arg.Items) != 2 {
				return true
			}
			a, b := m.Arg.Items[0], m.Arg.Items[1]
			switch {
			case template.Equal(a, b):
				c.report(m.Range, diag.Warning, "W8003", "", "Fn::Equals compares a value with itself: it is always true", nil)
			case a.Kind == template.Scalar && b.Kind == template.Scalar:
				verdict := "false"
				if a.Text() == b.Text() {
					verdict = "true"
				}
				c.report(m.Range, diag.Warning, "W8003", "", "Fn::Equals compares two literals: it is always "+verdict, nil)
			}
			return true
		})
	}
	for _, e := range c.t.Conditions {
		visit(e.Value)
	}
	for _, e := range c.t.Rules {
		visit(e.Value)
	}
}
