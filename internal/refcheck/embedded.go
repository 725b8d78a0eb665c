package refcheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkEmbeddedVariables reports a ${Name} written in a plain string (E1029):
// only Fn::Sub substitutes variables, so CloudFormation passes the text on as
// written and the resource gets "${Name}" instead of the value meant. A
// variable counts when it names a parameter, resource, pseudo parameter or
// Resource.Attribute of the template (other ${} text is some other tool's:
// IAM policy variables, shell, Step Functions substitutions); inside a state
// machine's DefinitionString every variable counts unless its
// DefinitionSubstitutions defines it. A nested stack's TemplateBody and a
// macro's input are left alone.
func (c *checker) checkEmbeddedVariables() {
	if !strings.Contains(c.t.Text, "${") {
		return
	}
	for _, p := range c.t.Root.Pairs {
		sec := p.Key.Value
		if sec == "Resources" && p.Value.Kind == template.Mapping {
			for _, rp := range p.Value.Pairs {
				c.embedded(rp.Value, rp.Key.Value, rp.Value, "", false)
			}
			continue
		}
		c.embedded(p.Value, "", nil, "", false)
	}
}

// embedded walks n; key is the mapping key n is stored under, definition is set
// below a DefinitionString or Definition.
func (c *checker) embedded(n *template.Node, res string, resource *template.Node, key string, definition bool) {
	switch n.Kind {
	case template.Mapping:
		for _, p := range n.Pairs {
			k := p.Key.Value
			c.embedded(p.Value, res, resource, k, definition || k == "DefinitionString" || k == "Definition")
		}
	case template.Sequence:
		for _, it := range n.Items {
			c.embedded(it, res, resource, "", definition)
		}
	case template.Intrinsic:
		if n.Fn == "Fn::Sub" || n.Fn == "Fn::Transform" {
			return // substituted, or a macro's input
		}
		c.embedded(n.Arg, res, resource, "", definition)
	case template.Scalar:
		if key == "TemplateBody" || n.Type != template.Str || !strings.Contains(n.Value, "${") {
			return
		}
		for _, v := range lang.SubVariables(n.Value) {
			if v.Lead > 0 || strings.TrimFunc(v.Name, isSubNameChar) != "" || len(v.Token) != len(v.Name)+3 {
				continue // cfn-lint's pattern: ${Name} with letters, digits, _ : . only
			}
			switch {
			case definition && resource.Get("Properties").Get("DefinitionSubstitutions").Get(v.Name) != nil:
				continue
			case definition, c.isTemplateName(v.Name):
			default:
				continue
			}
			rng := n.Range
			if r, ok := c.t.Find(n, v.Token, v.Nth); ok {
				rng = r
			}
			c.errorf(rng, "E1029", res, "%s is written outside Fn::Sub: CloudFormation passes it on as literal text", v.Token)
		}
	}
}

func isSubNameChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == ':' || r == '.'
}

// isTemplateName reports whether a variable names a parameter, resource,
// pseudo parameter or an attribute of a resource of the template.
func (c *checker) isTemplateName(name string) bool {
	if lang.IsPseudo(name) || c.t.Parameter(name) != nil || c.t.Resource(name) != nil {
		return true
	}
	res, attr, ok := strings.Cut(name, ".")
	if !ok {
		return false
	}
	e := c.t.Resource(res)
	if e == nil {
		return false
	}
	if c.hasAttribute(e.Type(), attr) {
		return true
	}
	_, any := c.attributes(e)
	return any
}
