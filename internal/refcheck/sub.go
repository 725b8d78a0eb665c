package refcheck

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// pairCalls calls fn for each call of the function name (Fn::Join, Fn::Sub)
// whose argument is a list of two items, with the name of the resource it
// stands in ("" outside Resources). A template whose text does not name the
// function holds no call of it and is not walked.
func (c *checker) pairCalls(name string, fn func(first, second *template.Node, resource string)) {
	if !strings.Contains(c.t.Text, strings.TrimPrefix(name, "Fn::")) {
		return
	}
	template.Walk(c.t.Root, func(n *template.Node) bool {
		if n.IsIntrinsic(name) && n.Arg != nil && n.Arg.Kind == template.Sequence && len(n.Arg.Items) == 2 {
			res := ""
			if e := c.t.ResourceOf(n); e != nil {
				res = e.Name
			}
			fn(n.Arg.Items[0], n.Arg.Items[1], res)
		}
		return true
	})
}

// checkSubMapUsed reports an entry of a Fn::Sub variable map that the string
// never uses (W1019): a leftover, or a misspelling on one side.
func (c *checker) checkSubMapUsed() {
	c.pairCalls("Fn::Sub", func(text, vars *template.Node, res string) {
		str, ok := text.Str()
		if !ok || vars.Kind != template.Mapping {
			return
		}
		used := map[string]bool{}
		for _, v := range lang.SubVariables(str) {
			used[v.Name] = true
		}
		for _, p := range vars.Pairs {
			if !used[p.Key.Value] {
				c.report(p.Key.Range, diag.Warning, "W1019", res, fmt.Sprintf("Fn::Sub variable %q is not used in the string", p.Key.Value), nil)
			}
		}
	})
}

// checkSubNotJoin notes a Fn::Join with an empty delimiter over strings, Refs,
// GetAtts and plain Fn::Sub strings (I1022): one Fn::Sub says the same and
// reads as the result. Templates the CDK generated are left alone.
func (c *checker) checkSubNotJoin() {
	if c.t.FromCDK() {
		return
	}
	c.pairCalls("Fn::Join", func(delim, list *template.Node, res string) {
		if d, ok := delim.Str(); !ok || d != "" || list.Kind != template.Sequence {
			return
		}
		for _, it := range list.Items {
			switch {
			case it.Kind == template.Scalar, it.IsIntrinsic("Ref"), it.IsIntrinsic("Fn::GetAtt"):
			case it.IsIntrinsic("Fn::Sub") && it.Arg != nil && it.Arg.Kind == template.Scalar:
			default:
				return
			}
		}
		c.report(delim.Range, diag.Info, "I1022", res, "Prefer Fn::Sub over Fn::Join with an empty delimiter", nil)
	})
}
