package refcheck

import (
	"path/filepath"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

const goldenDir = "../../testdata/refcheck"

// render formats diagnostics as "line:col: code message" (1-based), one a line,
// found on the template as analysis gives it to the checks (its loops
// expanded, SAM's Globals merged).
func render(t *template.Template, s *schema.Spec) string {
	return testutil.Render(checktest.Transformed(t, func(t *template.Template) []diag.Diagnostic { return Check(t, s) }))
}

func parseFile(tb testing.TB, path string) *template.Template {
	tb.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		tb.Fatal(err)
	}
	return template.Parse("file://"+filepath.ToSlash(abs), checktest.Read(tb, path))
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.yaml"))
	jsons, _ := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	files = append(files, jsons...)
	if len(files) < 10 {
		t.Fatalf("found %d golden templates in %s", len(files), goldenDir)
	}
	spec := schema.Default()
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			tpl := parseFile(t, f)
			if tpl.Err != nil {
				t.Fatalf("syntax error in test template: %v", tpl.Err)
			}
			got := render(tpl, spec)
			golden.Check(t, f+".golden", got)
		})
	}
}

func BenchmarkCheckLarge(b *testing.B) {
	tpl := parseFile(b, filepath.Join(goldenDir, "valid-large.yaml"))
	spec := schema.Default()
	Check(tpl, spec) // warm the spec cache
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Check(tpl, spec)
	}
}
