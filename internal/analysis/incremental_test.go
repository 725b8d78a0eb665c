package analysis_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// TestIncrementalMatchesFullAnalysis replays random edits as the editor sends
// them and, after every one, holds the incremental analysis (the template
// re-parsed from the version before by template.Reparse, analysed with the
// document's Cache, as the server does) to the full analysis of a full parse
// of the same text: the very same diagnostics, 1,500 edits in YAML and 1,500
// in JSON.
func TestIncrementalMatchesFullAnalysis(t *testing.T) {
	spec := schema.Default()
	ctx := context.Background()
	sources := []struct {
		name, text string
		edits      int
	}{
		{"bench.yaml", benchgen.YAML(6), 900},
		{"bench.json", benchgen.JSON(6), 1000},
	}
	for _, f := range []struct {
		path  string
		edits int
	}{{"analysis/foreach-valid.yaml", 200}, {"analysis/sam-valid.yaml", 200}, {"refcheck/condition-cycles.yaml", 200},
		{"security/vpc-instance-sg.json", 500}, {"schemacheck/gather-api-asg-rds.yaml", 300}} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", f.path))
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, struct {
			name, text string
			edits      int
		}{filepath.Base(f.path), string(b), f.edits})
	}
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			edits := src.edits
			if testing.Short() {
				edits /= 5
			}
			r := rand.New(rand.NewSource(int64(len(src.text))))
			prev := template.Parse(src.name, src.text)
			cache := analysis.NewCache() // one document's, as the server keeps it
			for i := range edits {
				text := benchgen.Edit(r, prev.Text)
				if i%100 == 0 {
					text = src.text
				}
				inc := template.Reparse(prev, text)
				full := template.Parse(src.name, text)
				got, err1 := analysis.Analyze(ctx, inc, spec, analysis.Options{Security: true, Cache: cache})
				want, err2 := analysis.Analyze(ctx, full, spec, analysis.Options{Security: true})
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("edit %d: the incremental parse's diagnostics differ:\n%s\nwant:\n%s\ntext:\n%s", i, show(got), show(want), text)
				}
				if inc.Err == nil && len(inc.Duplicates) == 0 {
					prev = inc // a broken version is undone, as a typist would
				}
			}
		})
	}
}

func show(ds any) string { return fmt.Sprintf("%+v", ds) }
