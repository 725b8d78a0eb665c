package refcheck

import (
	"fmt"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// approachingShare is how close to a limit a template may come before the
// I-rules of this file note it: beyond 90%, as cfn-lint's threshold says.
const approachingShare = 0.9

// maxDescription is CloudFormation's limit on the template description, in bytes.
const maxDescription = 1024

// checkApproachingLimits notes section sizes, names and the description that
// are within 10% of CloudFormation's limits (and not over them: the E-rules of
// limits.go report those).
func (c *checker) checkApproachingLimits() {
	near := func(n, max int) bool { return float64(n) > float64(max)*approachingShare && n <= max }
	for _, s := range []struct {
		sec, countCode, nameCode, what string
		max                            int
		entries                        []*template.Entry
	}{
		{"Parameters", "I2010", "I2011", "parameters", MaxParameters, c.t.Parameters},
		{"Resources", "I3010", "I3012", "resources", MaxResources, c.t.Resources},
		{"Outputs", "I6010", "I6011", "outputs", MaxOutputs, c.t.Outputs},
		{"Mappings", "I7010", "I7002", "mappings", MaxMappings, c.t.Mappings},
	} {
		if near(len(s.entries), s.max) {
			c.report(c.t.Root.GetPair(s.sec).Key.Range, diag.Info, s.countCode, "",
				fmt.Sprintf("The template has %d %s, approaching the limit of %d", len(s.entries), s.what, s.max), nil)
		}
		for _, e := range s.entries {
			if n := len([]rune(e.Name)); near(n, MaxNameLength) {
				c.report(e.Key.Range, diag.Info, s.nameCode, resourceOf(s.sec, e.Name),
					fmt.Sprintf("The name %q is %d characters long, approaching the limit of %d", e.Name, n, MaxNameLength), nil)
			}
		}
	}
	if d := c.t.Root.Get("Description"); d != nil && d.Kind == template.Scalar && near(len(d.Value), maxDescription) {
		c.report(d.Range, diag.Info, "I1003", "",
			fmt.Sprintf("The description is %d bytes long, approaching the limit of %d", len(d.Value), maxDescription), nil)
	}
}
