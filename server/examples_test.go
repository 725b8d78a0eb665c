package server

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// TestEditorGetsTheCLIDiagnostics opens every example template over the protocol
// and checks that the published diagnostics are exactly what `cfn-lsp check`
// computes for the same file (the same engine, the same ranges and codes).
func TestEditorGetsTheCLIDiagnostics(t *testing.T) {
	files, _ := filepath.Glob("../examples/*")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	c := newTestClient(t, Options{})
	c.initialize(nil)
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		uri := string(fileURI(f))
		want, _ := analysis.Analyze(context.Background(), template.Parse(uri, string(text)), schema.Default(),
			analysis.Options{Security: true})
		c.open(uri, string(text))
		got := c.diagnostics(uri)
		type key struct {
			Line, Char, EndLine, EndChar int
			Code, Message, Source        string
		}
		var w, g []key
		for _, d := range want {
			w = append(w, key{d.Range.Start.Line, d.Range.Start.Char, d.Range.End.Line, d.Range.End.Char, d.Code, d.Message, d.Source})
		}
		for _, d := range got.Diagnostics {
			g = append(g, key{d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character, d.Code, d.Message, d.Source})
		}
		if len(w) == 0 {
			t.Errorf("%s: expected findings in an example", f)
		}
		if !reflect.DeepEqual(w, g) {
			t.Errorf("%s: editor diagnostics differ from check's:\n got %v\nwant %v", f, g, w)
		}
	}
}
