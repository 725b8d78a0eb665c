package refcheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// TestApproachingLimits builds templates just over and just at 90% of each
// limit: the I-rules fire above 90% and stay quiet at it (and above the limit,
// where the E-rules speak).
func TestApproachingLimits(t *testing.T) {
	build := func(params, resources, outputs, mappings, name, desc int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "Description: %s\nParameters:\n", strings.Repeat("d", desc))
		for i := range params {
			fmt.Fprintf(&b, "  P%d: {Type: String}\n", i)
		}
		b.WriteString("Mappings:\n")
		for i := range mappings {
			fmt.Fprintf(&b, "  M%d: {a: {b: c}}\n", i)
		}
		fmt.Fprintf(&b, "Resources:\n  %s:\n    Type: AWS::SNS::Topic\n", strings.Repeat("R", name))
		for i := 1; i < resources; i++ {
			fmt.Fprintf(&b, "  T%d:\n    Type: AWS::SNS::Topic\n", i)
		}
		b.WriteString("Outputs:\n")
		for i := range outputs {
			fmt.Fprintf(&b, "  O%d: {Value: x}\n", i)
		}
		return b.String()
	}
	infos := func(src string) string {
		var codes []string
		for _, d := range Check(template.Parse("t.yaml", src), nil) {
			if d.Code[0] == 'I' && d.Code != "I1002" {
				codes = append(codes, d.Code)
			}
		}
		return strings.Join(codes, " ")
	}
	if got := infos(build(181, 451, 181, 181, 230, 922)); got != "I1003 I2010 I7010 I3010 I3012 I6010" {
		t.Errorf("over 90%%: %q", got)
	}
	if got := infos(build(180, 450, 180, 180, 229, 921)); got != "" {
		t.Errorf("at 90%%: %q", got)
	}
	if got := infos(build(201, 10, 0, 0, 256, 1025)); got != "" {
		t.Errorf("over the limits: %q", got)
	}
}
