package navigation

import (
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// BenchmarkReferences indexes a template of about 1000 resources.
func BenchmarkReferences(b *testing.B) {
	text := benchgen.YAML(1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tp := template.Parse("file:///big.yaml", text) // a new version: the index is built once per template
		b.StartTimer()
		references(tp)
	}
}

// BenchmarkRename renames the first resource of a template of about 1000 resources.
func BenchmarkRename(b *testing.B) {
	tp := template.Parse("file:///big.yaml", benchgen.YAML(1000))
	decl, _ := Declaration(tp, Target{Section: Resources, Name: tp.Resources[0].Name})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Rename(tp, decl.Start, "Renamed"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokens computes the semantic tokens of a template of 1500 resources.
func BenchmarkTokens(b *testing.B) {
	tp := template.Parse("file:///big.yaml", benchgen.YAML(1500))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(Tokens(tp)) == 0 {
			b.Fatal("no tokens")
		}
	}
}
