package langext

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// TestGolden expands each template of testdata/langext and writes the
// expanded tree, each node with the source line it came from, then the
// entries loops produced and the problems found.
func TestGolden(t *testing.T) {
	testutil.GoldenTemplates(t, "langext", func(t *testing.T, tm *template.Template) string {
		x := Of(tm)
		var b strings.Builder
		dump(&b, x.Template.Root, 0)
		for _, g := range x.Generated {
			fmt.Fprintf(&b, "generated %s %s from %q (line %d) by %s placeholder=%v\n", g.Section, g.Name, g.Source.Value,
				g.Source.Range.Start.Line+1, g.Loop.Value, g.Placeholder)
		}
		for _, c := range x.Collections {
			fmt.Fprintf(&b, "collection at line %d in %s/%s\n", c.Node.Range.Start.Line+1, c.Section, c.Entry)
		}
		for _, p := range x.Problems {
			fmt.Fprintf(&b, "problem line %d: %s\n", p.Range.Start.Line+1, p.Message)
		}
		return b.String()
	})
}

// dump writes n as indented lines, each ending with the 1-based source line
// of its node, and checks that every node's parent is the node above it.
func dump(b *strings.Builder, n *template.Node, depth int) {
	ind := strings.Repeat("  ", depth)
	at := fmt.Sprintf("  @%d", n.Range.Start.Line+1)
	switch n.Kind {
	case template.Scalar:
		fmt.Fprintf(b, "%s%q%s\n", ind, n.Value, at)
	case template.Null:
		fmt.Fprintf(b, "%snull%s\n", ind, at)
	case template.Mapping:
		fmt.Fprintf(b, "%s{}%s\n", ind, at)
		for _, p := range n.Pairs {
			if p.Key.Parent != n || p.Value.Parent != n {
				fmt.Fprintf(b, "%sBAD PARENT under %q\n", ind, p.Key.Value)
			}
			fmt.Fprintf(b, "%s  %q:  @%d\n", ind, p.Key.Value, p.Key.Range.Start.Line+1)
			dump(b, p.Value, depth+2)
		}
	case template.Sequence:
		fmt.Fprintf(b, "%s[]%s\n", ind, at)
		for _, it := range n.Items {
			if it.Parent != n {
				fmt.Fprintf(b, "%sBAD PARENT\n", ind)
			}
			dump(b, it, depth+1)
		}
	case template.Intrinsic:
		fmt.Fprintf(b, "%s%s%s\n", ind, n.Fn, at)
		if n.Arg.Parent != n {
			fmt.Fprintf(b, "%sBAD PARENT\n", ind)
		}
		dump(b, n.Arg, depth+1)
	}
}

// TestExpansionBounded: loops nested deep over long collections would make
// a hundred million entries; the expansion stops at its bound, says so once,
// and the template is checked as written.
func TestExpansionBounded(t *testing.T) {
	var list []string
	for i := 0; i < 40; i++ {
		list = append(list, fmt.Sprintf("i%d", i))
	}
	items := "[" + strings.Join(list, ", ") + "]"
	var b strings.Builder
	b.WriteString("Transform: AWS::LanguageExtensions\nResources:\n")
	ind := "  "
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "%sFn::ForEach::L%d:\n%s  - V%d\n%s  - %s\n%s  - ", ind, i, ind, i, ind, items, ind)
		if i < 4 {
			b.WriteString("\n")
		}
		ind += "    "
	}
	b.WriteString("\"R${V0}${V1}${V2}${V3}${V4}\":\n" + ind + "Type: AWS::SNS::Topic\n")
	tp := template.Parse("deep.yaml", b.String())
	x := Of(tp)
	if len(x.Problems) != 1 || !strings.Contains(x.Problems[0].Message, "checked as written") {
		t.Fatalf("problems %v, want the one saying the loops are not expanded", x.Problems)
	}
	if x.Template != tp {
		t.Error("a template over the bound is not checked as written")
	}
}
