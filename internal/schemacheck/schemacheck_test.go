package schemacheck

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/checktest"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

const testdataDir = "../../testdata/schemacheck"

// render lists diagnostics as `line:col: code message`, 1-based like cfn-lint.
func render(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d:%d: %s %s", d.Range.Start.Line+1, d.Range.Start.Char+1, d.Code, d.Message)
		if d.Fix != nil {
			fmt.Fprintf(&b, " [fix: %s]", d.Fix.NewText)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testdataDir, "*.yaml"))
	jsons, _ := filepath.Glob(filepath.Join(testdataDir, "*.json"))
	files = append(files, jsons...)
	if len(files) == 0 {
		t.Fatal("no golden templates")
	}
	listed := map[string]bool{}
	for _, r := range Rules() {
		listed[r.ID] = true
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			tpl := template.Parse(f, checktest.Read(t, f))
			if tpl.Err != nil {
				t.Fatalf("test template does not parse: %v", tpl.Err)
			}
			ds := checktest.Transformed(tpl, func(t *template.Template) []diag.Diagnostic { return Check(t, schema.Default(), nil) })
			for _, d := range ds {
				if !listed[d.Code] {
					t.Errorf("code %s is not in Rules()", d.Code)
				}
			}
			if strings.Contains(filepath.Base(f), "-valid.") && len(ds) > 0 {
				t.Errorf("a valid template has findings:\n%s", render(ds))
			}
			got := render(ds)
			golden.Check(t, strings.TrimSuffix(f, filepath.Ext(f))+".golden", got)
		})
	}
}
