package refcheck

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkSubMapUsed reports an entry of a Fn::Sub variable map that the string
// never uses (W1019): a leftover, or a misspelling on one side.
func (c *checker) checkSubMapUsed() {
	if !strings.Contains(c.t.Text, "Sub") {
		return
	}
	template.Walk(c.t.Root, func(n *template.Node) bool {
		if !n.IsIntrinsic("Fn::Sub") || n.Arg == nil || n.Arg.Kind != template.Sequence || len(n.Arg.Items) != 2 {
			return true
		}
		str, ok := n.Arg.Items[0].Str()
		vars := n.Arg.Items[1]
		if !ok || vars.Kind != template.Mapping {
			return true
		}
		used := map[string]bool{}
		for _, v := range lang.SubVariables(str) {
			used[v.Name] = true
		}
		res := ""
		if e := c.t.ResourceOf(n); e != nil {
			res = e.Name
		}
		for _, p := range vars.Pairs {
			if !used[p.Key.Value] {
				c.report(p.Key.Range, diag.Warning, "W1019", res, fmt.Sprintf("Fn::Sub variable %q is not used in the string", p.Key.Value), nil)
			}
		}
		return true
	})
}
