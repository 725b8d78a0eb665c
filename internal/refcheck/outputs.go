package refcheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkOutputs checks that every output has a Value and that export names are unique.
func (c *checker) checkOutputs() {
	seen := map[string]*template.Entry{}
	for _, o := range c.t.Outputs {
		if strings.HasPrefix(o.Name, "Fn::ForEach::") {
			continue
		}
		if o.Value.Kind != template.Mapping {
			c.errorf(o.Key.Range, codeOutputValue, "", "Output %q must be an object with a Value", o.Name)
			continue
		}
		if o.Value.Get("Value") == nil {
			c.errorf(o.Key.Range, codeOutputValue, "", "Output %q has no Value", o.Name)
		}
		name := o.Value.Get("Export").Get("Name")
		key, ok := exportKey(name)
		if !ok {
			continue
		}
		if first, dup := seen[key]; dup {
			c.errorf(name.Range, codeOutput, "", "Export name of output %q is also exported by output %q; export names must be unique", o.Name, first.Name)
			continue
		}
		seen[key] = o
	}
}

// exportKey returns a comparable form of a literal or Fn::Sub export name.
func exportKey(n *template.Node) (string, bool) {
	if s, ok := n.Str(); ok {
		return "=" + s, true
	}
	if n.IsIntrinsic("Fn::Sub") {
		if s, ok := n.Arg.Str(); ok {
			return "sub:" + s, true
		}
	}
	return "", false
}
