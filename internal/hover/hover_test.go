package hover

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

func TestGolden(t *testing.T) {
	golden.Run(t, filepath.Join(checktest.Testdata, "hover", "*.*"), func(t *testing.T, path, src string) string {
		text, pos, ok := checktest.WithoutCursor(src)
		if !ok {
			t.Fatalf("no %s marker", checktest.Cursor)
		}
		tmpl := template.Parse("file:///"+filepath.Base(path), text)
		if r := Hover(tmpl, pos, schema.Default()); r != nil {
			return fmt.Sprintf("range %d:%d-%d:%d\n%s\n", r.Range.Start.Line, r.Range.Start.Char, r.Range.End.Line, r.Range.End.Char, r.Markdown)
		}
		return "no hover\n"
	})
}
