package convert

import (
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
)

// BenchmarkToJSON converts a YAML template of about 1000 resources.
func BenchmarkToJSON(b *testing.B) {
	src := benchgen.YAML(1000)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := ToJSON(src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkToYAML converts a JSON template of about 1000 resources.
func BenchmarkToYAML(b *testing.B) {
	src := benchgen.JSON(1000)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := ToYAML(src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
