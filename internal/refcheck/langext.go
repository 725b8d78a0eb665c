package refcheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkForEachTransform reports each Fn::ForEach loop, nested ones too, in a
// template without the AWS::LanguageExtensions transform (E1032): only that
// transform expands the loops, and CloudFormation rejects the template otherwise.
func (c *checker) checkForEachTransform() {
	if !c.forEach || c.hasLanguageExtensions() {
		return
	}
	template.Walk(c.t.Root, func(n *template.Node) bool {
		if n.Kind == template.Mapping {
			for _, p := range n.Pairs {
				if strings.HasPrefix(p.Key.Value, "Fn::ForEach::") {
					c.errorf(p.Key.Range, "E1032", "", "Fn::ForEach needs the AWS::LanguageExtensions transform, which this template does not declare")
				}
			}
		}
		return true
	})
}
