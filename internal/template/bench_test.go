package template_test

import (
	"fmt"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

func BenchmarkParse(b *testing.B) {
	for _, n := range benchgen.Sizes {
		src := benchgen.YAML(n)
		b.Run(fmt.Sprintf("resources=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				if t := template.Parse("bench.yaml", src); t.Err != nil {
					b.Fatal(t.Err)
				}
			}
		})
	}
}
