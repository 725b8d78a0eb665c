package completion

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// completeEverywhere asks for completions at every position of a text (and of
// every prefix of it, as if it were being typed) and fails on a panic.
func completeEverywhere(t *testing.T, name, text string) {
	spec := schema.Default()
	tmpl := template.Parse(name, text)
	lines := template.NewLines(text)
	for ln := 0; ln < lines.Count(); ln++ {
		l := lines.Line(ln)
		for ch := 0; ch <= template.UTF16Len(l)+1; ch++ {
			pos := template.Pos{Line: ln, Char: ch}
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s %d:%d (%q): panic %v", name, ln, ch, l, r)
					}
				}()
				Complete(Request{URI: name, Text: text, Pos: pos, Template: tmpl, Spec: spec, Snippets: ch%2 == 0})
				// the document cut at the cursor: half-typed
				off := lines.Offset(pos)
				Complete(Request{URI: name, Text: text[:off], Pos: pos, Template: tmpl, Spec: spec, Trigger: " "})
			}()
		}
	}
}

func TestNoPanicAnywhere(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/completion/*.*")
	if dir := os.Getenv("CFN_LSP_CORPUS"); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "*"))
		files = append(files, more...)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil || len(b) > 200000 {
			continue
		}
		completeEverywhere(t, "file:///"+filepath.Base(f), strings.ReplaceAll(string(b), checktest.Cursor, ""))
	}
	for _, odd := range []string{"", "\n", "{", "[", "- ", "!", "\"", "a: [", "a: {b: [c, {", "\t\tx:\n", "Resources:\n  \xff\xfe: 1\n", "x: \"${", "x: !Sub '${A.", "{\"a\": [{\"b\": \"c\"}, {\"Ref\": \""} {
		completeEverywhere(t, "file:///odd.yaml", odd)
		completeEverywhere(t, "file:///odd.json", odd)
	}
}
