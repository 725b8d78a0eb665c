package sam

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// TestGolden writes, for each template of testdata/sam, the merged
// Properties of each serverless resource (each node with the source line it
// came from) and the resources the transform makes.
func TestGolden(t *testing.T) {
	testutil.GoldenTemplates(t, "sam", func(t *testing.T, tm *template.Template) string {
		x := Of(tm)
		var b strings.Builder
		for _, e := range x.Template.Resources {
			if strings.HasPrefix(e.Type(), Prefix) {
				fmt.Fprintf(&b, "%s:\n", e.Name)
				dump(t, &b, e.Get("Properties"), e.Value, 1)
			}
		}
		for _, m := range x.Made {
			fmt.Fprintf(&b, "made %s %s by %s at line %d\n", m.Name, m.Type, m.From.Name, m.At.Range.Start.Line+1)
		}
		return b.String()
	})
}

func dump(t *testing.T, b *strings.Builder, n, parent *template.Node, depth int) {
	if n == nil {
		return
	}
	if n.Parent != parent {
		t.Errorf("node at line %d has the wrong parent", n.Range.Start.Line+1)
	}
	ind := strings.Repeat("  ", depth)
	switch n.Kind {
	case template.Mapping:
		for _, p := range n.Pairs {
			fmt.Fprintf(b, "%s%s: @%d\n", ind, p.Key.Value, p.Key.Range.Start.Line+1)
			dump(t, b, p.Value, n, depth+1)
		}
	case template.Sequence:
		for _, it := range n.Items {
			fmt.Fprintf(b, "%s-\n", ind)
			dump(t, b, it, n, depth+1)
		}
	default:
		fmt.Fprintf(b, "%s%q @%d\n", ind, n.Value, n.Range.Start.Line+1)
	}
}
