package refcheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkModules reports what a module resource (a type ending in ::MODULE) may
// not hold (E5001): Tags, CreationPolicy and UpdatePolicy, which CloudFormation
// rejects on modules, and the AWS::CloudFormation::Module metadata key, which it
// reserves for the resources a module expands to.
func (c *checker) checkModules() {
	for _, e := range c.t.Resources {
		if !strings.HasSuffix(e.Type(), "::MODULE") {
			continue
		}
		for _, attr := range []string{"CreationPolicy", "UpdatePolicy"} {
			if p := e.Value.GetPair(attr); p != nil && !empty(p.Value) {
				c.errorf(p.Key.Range, "E5001", e.Name, "%s is not permitted within Modules", attr)
			}
		}
		if p := e.Get("Properties").GetPair("Tags"); p != nil && !empty(p.Value) {
			c.errorf(p.Key.Range, "E5001", e.Name, "Tags is not permitted within Modules")
		}
		if p := e.Get("Metadata").GetPair("AWS::CloudFormation::Module"); p != nil {
			c.errorf(p.Key.Range, "E5001", e.Name, "The Metadata key AWS::CloudFormation::Module is reserved")
		}
	}
}

// empty reports whether a value is null or an empty mapping or list.
func empty(n *template.Node) bool {
	return n == nil || n.Kind == template.Null ||
		(n.Kind == template.Mapping && len(n.Pairs) == 0) || (n.Kind == template.Sequence && len(n.Items) == 0)
}
