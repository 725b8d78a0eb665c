package refcheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkNoEchoExposed warns about a NoEcho parameter referenced from Metadata
// (the template's or a resource's) or an output (W2010): CloudFormation masks
// NoEcho values only where it lists parameters, so these show the secret.
func (c *checker) checkNoEchoExposed() {
	for _, r := range c.refs {
		if (r.Kind != refs.KindRef && (r.Kind != refs.KindSub || r.Attr != "")) || r.MacroInput {
			continue
		}
		p := c.t.Parameter(r.Name)
		if p == nil || !noEcho(p.Get("NoEcho")) {
			continue
		}
		var where string
		switch {
		case r.Section == "Outputs", r.Section == "Metadata":
			where = r.Section
		case r.Section == "Resources" && attributeKey(c.t.Resource(r.Entry), r.Node) == "Metadata":
			where = "resource Metadata"
		default:
			continue
		}
		c.report(r.Range, diag.Warning, "W2010", resourceOf(r.Section, r.Entry),
			"NoEcho parameter "+quote(r.Name)+" is not masked in "+where, nil)
	}
}

func noEcho(n *template.Node) bool {
	return n != nil && n.Kind == template.Scalar && strings.EqualFold(n.Text(), "true")
}

// attributeKey returns the resource attribute (Properties, Metadata, ...) that
// n stands under in e, or "".
func attributeKey(e *template.Entry, n *template.Node) string {
	if e == nil {
		return ""
	}
	for ; n != nil && n.Parent != nil; n = n.Parent {
		if n.Parent == e.Value {
			return n.KeyOf()
		}
	}
	return ""
}
