package completion

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/golden"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

const marker = "<cursor>"

// load reads a testdata template and removes its cursor marker.
func load(t *testing.T, path string) (string, template.Pos) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("%s: no %s marker", path, marker)
	}
	text = text[:i] + text[i+len(marker):]
	return text, template.NewLines(text).PosOf(i)
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
	files, _ := filepath.Glob("../../testdata/completion/*.*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") || strings.HasSuffix(f, ".last") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			text, pos := load(t, f)
			// names come from a parse of the text (as the server's last parse would)
			// (or, when NAME.last exists, of that older, finished version)
			tmpl := template.Parse("file:///"+filepath.Base(f), text)
			if last, err := os.ReadFile(f + ".last"); err == nil {
				tmpl = template.Parse("file:///"+filepath.Base(f), string(last))
			}
			got := render(Complete(Request{URI: "file:///" + filepath.Base(f), Text: text, Pos: pos,
				Template: tmpl, Spec: schema.Default(), Snippets: !strings.Contains(f, "plain"), Trigger: trigger(f),
				Now: goldenNow}))
			golden.Check(t, f+".golden", got)
		})
	}
	if n == 0 {
		t.Fatal("no test files")
	}
}

// trigger derives the trigger character from a test file's name.
func trigger(name string) string {
	if strings.Contains(name, "space") {
		return " "
	}
	return ""
}
