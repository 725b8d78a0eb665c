package hover

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/golden"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

const marker = "<cursor>"

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/hover/*.*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			i := strings.Index(text, marker)
			if i < 0 {
				t.Fatalf("no %s marker", marker)
			}
			text = text[:i] + text[i+len(marker):]
			tmpl := template.Parse("file:///"+filepath.Base(f), text)
			pos := tmpl.Lines.PosOf(i)
			got := "no hover\n"
			if r := Hover(tmpl, pos, schema.Default()); r != nil {
				got = fmt.Sprintf("range %d:%d-%d:%d\n%s\n", r.Range.Start.Line, r.Range.Start.Char, r.Range.End.Line, r.Range.End.Char, r.Markdown)
			}
			golden.Check(t, f+".golden", got)
		})
	}
	if n == 0 {
		t.Fatal("no test files")
	}
}
