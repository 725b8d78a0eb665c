package refcheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/formats"
)

// checkAllowedPatterns notes a parameter AllowedPattern that does not compile
// as a regular expression (I2003): CloudFormation then rejects every value.
// Informational, as cfn-lint has it: the service's regex dialect is its own.
func (c *checker) checkAllowedPatterns() {
	for _, p := range c.t.Parameters {
		ap := p.Value.Get("AllowedPattern")
		if s, ok := ap.Str(); ok {
			if valid, _ := formats.Check("regex", s); !valid {
				c.report(ap.Range, diag.Info, "I2003", "", "AllowedPattern "+pyQuote(s)+" is not a valid regular expression", nil)
			}
		}
	}
}
