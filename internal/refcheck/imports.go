package refcheck

import "github.com/cfn-lsp/cfn-lsp/internal/diag"

// checkOutputImports warns about an output whose value is a Fn::ImportValue
// (W6001): it re-exports another stack's export, adding a dependency between
// stacks without adding a value.
func (c *checker) checkOutputImports() {
	for _, o := range c.t.Outputs {
		if v := o.Value.Get("Value"); v.IsIntrinsic("Fn::ImportValue") {
			c.report(v.Range, diag.Warning, "W6001", "", "The value of output "+quote(o.Name)+" is an import of another stack's export", nil)
		}
	}
}
