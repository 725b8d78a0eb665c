package completion

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// loadString removes the cursor marker of a test's text and says where it
// stood.
func loadString(t *testing.T, s string) (string, template.Pos) {
	t.Helper()
	text, pos, ok := checktest.WithoutCursor(s)
	if !ok {
		t.Fatalf("no %s marker", checktest.Cursor)
	}
	return text, pos
}

// render prints a list in a stable, readable form.
// goldenNow dates the goldens, so that retiring Lambda runtimes do not age them.
var goldenNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func render(l List) string {
	var b strings.Builder
	items := append([]Item(nil), l.Items...)
	sort.SliceStable(items, func(i, j int) bool { return items[i].SortText+items[i].Label < items[j].SortText+items[j].Label })
	if l.Incomplete {
		b.WriteString("incomplete\n")
	}
	fmt.Fprintf(&b, "%d items\n", len(items))
	for i, it := range items {
		if i == 40 {
			fmt.Fprintf(&b, "... %d more\n", len(items)-40)
			break
		}
		r := it.Edit.Range
		fmt.Fprintf(&b, "%s | %d:%d-%d:%d | %q", it.Label, r.Start.Line, r.Start.Char, r.End.Line, r.End.Char, it.Edit.NewText)
		if it.Snippet {
			b.WriteString(" snippet")
		}
		if it.Deprecated {
			b.WriteString(" deprecated")
		}
		for _, e := range it.AdditionalEdits {
			fmt.Fprintf(&b, " +%d:%d%q", e.Range.Start.Line, e.Range.Start.Char, e.NewText)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, ext := range []string{"yaml", "json"} { // not the .last versions beside some
		golden.Run(t, filepath.Join(checktest.Testdata, "completion", "*."+ext), func(t *testing.T, f, src string) string {
			text, pos := loadString(t, src)
			// names come from a parse of the text (as the server's last parse would)
			// (or, when NAME.last exists, of that older, finished version)
			tmpl := template.Parse("file:///"+filepath.Base(f), text)
			if last, err := os.ReadFile(f + ".last"); err == nil {
				tmpl = template.Parse("file:///"+filepath.Base(f), string(last))
			}
			return render(Complete(Request{URI: "file:///" + filepath.Base(f), Text: text, Pos: pos,
				Template: tmpl, Spec: schema.Default(), Snippets: !strings.Contains(f, "plain"), Trigger: trigger(f),
				Now: goldenNow}))
		})
	}
}

// trigger derives the trigger character from a test file's name.
func trigger(name string) string {
	if strings.Contains(name, "space") {
		return " "
	}
	return ""
}
