package analysis

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// TestGolden analyses each template of testdata/analysis with every check
// (security included) and compares the findings, one a line, with its golden
// file: the transforms (language extensions, SAM) end to end.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "analysis", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no templates")
	}
	now := func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ds, err := Analyze(context.Background(), template.Parse("file:///"+filepath.Base(f), string(src)), schema.Default(),
				Options{Security: true, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, d := range ds {
				fmt.Fprintf(&b, "%d:%d: %s %s %s\n", d.Range.Start.Line+1, d.Range.Start.Char+1, d.Severity, d.Code, d.Message)
			}
			golden.Check(t, f+".golden", b.String())
		})
	}
}
