package analysis_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// BenchmarkAnalyze measures the full analysis of an already parsed benchmark
// template at each size, with and without the security rules, so that the cost
// of security can be read off side by side (cpu-ms/op is process CPU time, GC
// included); the open sub-benchmarks include the
// parse, as opening a document in the editor does.
func BenchmarkAnalyze(b *testing.B) {
	spec := schema.Default()
	ctx := context.Background()
	for _, n := range benchgen.Sizes {
		src := benchgen.YAML(n)
		t := template.Parse("bench.yaml", src)
		if t.Err != nil {
			b.Fatal(t.Err)
		}
		if _, err := analysis.Analyze(ctx, t, spec, analysis.Options{Security: true}); err != nil {
			b.Fatal(err) // warm the lazily decoded spec
		}
		for _, c := range []struct {
			name     string
			security bool
			parse    bool
		}{{"validate", false, false}, {"validate+security", true, false}, {"open", true, true}} {
			b.Run(fmt.Sprintf("resources=%d/%s", n, c.name), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				c0 := benchgen.CPUTime()
				for i := 0; i < b.N; i++ {
					tt := t
					if c.parse {
						tt = template.Parse("bench.yaml", src)
					}
					if _, err := analysis.Analyze(ctx, tt, spec, analysis.Options{Security: c.security}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(benchgen.CPUTime()-c0)/1e6/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
