package analysis

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// TestGolden analyses each template of testdata/analysis with every check
// (security included) and compares the findings, one a line, with its golden
// file: the transforms (language extensions, SAM) end to end.
func TestGolden(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }
	golden.Run(t, filepath.Join("..", "..", "testdata", "analysis", "*.yaml"), func(t *testing.T, path, src string) string {
		ds, err := Analyze(context.Background(), template.Parse("file:///"+filepath.Base(path), src), schema.Default(),
			Options{Security: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return testutil.Render(ds)
	})
}
