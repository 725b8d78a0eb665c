package completion

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// A Ref in a large template has more targets than an answer carries: the list is
// cut to MaxItems, marked incomplete, and keeps the matches of the typed prefix.
func TestLargeListsAreLimited(t *testing.T) {
	src := benchgen.YAML(600)
	marker := "      VpcId: !Ref VpcId\n"
	i := strings.Index(src, marker)
	for _, typed := range []string{"", "Bucket4"} {
		text := src[:i] + "      VpcId: !Ref " + typed + "\n" + src[i+len(marker):]
		tp := template.Parse("big.yaml", src)
		pos := template.Pos{Line: tp.Lines.PosOf(i).Line, Char: len("      VpcId: !Ref " + typed)}
		list := Complete(Request{URI: "big.yaml", Text: text, Pos: pos, Template: tp, Spec: schema.Default()})
		if len(list.Items) > MaxItems || len(list.Items) < 11 || !list.Incomplete || (typed == "" && len(list.Items) != MaxItems) {
			t.Fatalf("typed %q: %d items, incomplete=%v", typed, len(list.Items), list.Incomplete)
		}
		if typed != "" {
			for _, it := range list.Items[:10] {
				if !strings.HasPrefix(it.Label, typed) {
					t.Errorf("typed %q: %q ranked before the matches", typed, it.Label)
				}
			}
		}
	}
}
