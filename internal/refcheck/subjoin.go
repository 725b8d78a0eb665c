package refcheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkSubNotJoin notes a Fn::Join with an empty delimiter over strings, Refs,
// GetAtts and plain Fn::Sub strings (I1022): one Fn::Sub says the same and
// reads as the result. Templates the CDK generated are left alone.
func (c *checker) checkSubNotJoin() {
	if !strings.Contains(c.t.Text, "Join") {
		return
	}
	for _, e := range c.t.Resources {
		if e.Type() == "AWS::CDK::Metadata" {
			return
		}
	}
	template.Walk(c.t.Root, func(n *template.Node) bool {
		if !n.IsIntrinsic("Fn::Join") || n.Arg == nil || n.Arg.Kind != template.Sequence || len(n.Arg.Items) != 2 {
			return true
		}
		delim, list := n.Arg.Items[0], n.Arg.Items[1]
		if d, ok := delim.Str(); !ok || d != "" || list.Kind != template.Sequence {
			return true
		}
		for _, it := range list.Items {
			switch {
			case it.Kind == template.Scalar, it.IsIntrinsic("Ref"), it.IsIntrinsic("Fn::GetAtt"):
			case it.IsIntrinsic("Fn::Sub") && it.Arg != nil && it.Arg.Kind == template.Scalar:
			default:
				return true
			}
		}
		res := ""
		if e := c.t.ResourceOf(n); e != nil {
			res = e.Name
		}
		c.report(delim.Range, diag.Info, "I1022", res, "Prefer Fn::Sub over Fn::Join with an empty delimiter", nil)
		return true
	})
}
