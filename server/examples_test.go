package server

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
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
	c := newInitializedClient(t, Options{}, nil)
	// check indexes the directory it is given; the editor, with no workspace
	// folder, the directory of the documents it opens.
	ws := workspace.Build([]string{"../examples"}, workspace.Options{})
	defer ws.Stop()
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		uri := string(fileURI(f))
		want, _ := analysis.Analyze(context.Background(), template.Parse(uri, string(text)), schema.Default(),
			analysis.Options{Security: true, Extra: []func(*template.Template) []diag.Diagnostic{func(t *template.Template) []diag.Diagnostic {
				return ws.Diagnostics(pathOf(uriOf(t.URI)), t, workspace.DiagnosticOptions{})
			}}})
		c.open(uri, string(text))
		type key struct {
			Line, Char, EndLine, EndChar int
			Code, Message, Source        string
		}
		var w, g []key
		for _, d := range want {
			w = append(w, key{d.Range.Start.Line, d.Range.Start.Char, d.Range.End.Line, d.Range.End.Char, d.Code, d.Message, d.Source})
		}
		if len(w) == 0 {
			t.Errorf("%s: expected findings in an example", f)
		}
		// The workspace findings come once the editor's index is ready: the
		// last publish is the one to compare.
		deadline := time.Now().Add(waitTimeout)
		for time.Now().Before(deadline) {
			got := c.diagnostics(uri)
			g = g[:0]
			for _, d := range got.Diagnostics {
				g = append(g, key{d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character, d.Code, d.Message, d.Source})
			}
			if reflect.DeepEqual(w, g) {
				break
			}
		}
		if !reflect.DeepEqual(w, g) {
			t.Errorf("%s: editor diagnostics differ from check's:\n got %v\nwant %v", f, g, w)
		}
	}
}
