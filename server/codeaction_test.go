package server

import (
	"encoding/json"
	"testing"

	"go.lsp.dev/protocol"
)

// TestCodeActionData checks that code actions act on the data the published
// diagnostics carry: a name with a quote gets its fix, a fix comes from the
// data even when no analysed diagnostic matches the client's copy, and data
// computed on an older text is not trusted.
func TestCodeActionData(t *testing.T) {
	c := newInitializedClient(t, Options{}, nil)
	uri := "file:///tmp/data.yaml"
	c.open(uri, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueNam: orders\n      \"Odd'Key\": x\n")
	var typo, quoted map[string]any
	for _, d := range c.diagnostics(uri).Diagnostics {
		b, _ := json.Marshal(d)
		var m map[string]any
		json.Unmarshal(b, &m)
		switch {
		case d.Code == "E3002" && d.Range.Start.Line == 4:
			typo = m
		case d.Code == "E3002" && d.Range.Start.Line == 5:
			quoted = m
		}
		if len(d.Data) == 0 {
			t.Errorf("%s published without data", d.Code)
		}
	}
	if typo == nil || quoted == nil {
		t.Fatal("the E3002 findings were not published")
	}
	actions := func(ds ...map[string]any) map[string]bool {
		var acts []protocol.CodeAction
		c.result("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        ds[0]["Range"],
			"context":      map[string]any{"diagnostics": ds},
		}, &acts)
		titles := map[string]bool{}
		for _, a := range acts {
			titles[a.Title] = true
		}
		return titles
	}
	if got := actions(quoted); !got[`Remove "Odd'Key"`] {
		t.Errorf("no fix for a name with a quote: %v", got)
	}
	// A code the analysis never reported: only the data can give the fix.
	typo["Code"] = "X0000"
	if got := actions(typo); !got["Change to QueueName"] {
		t.Errorf("the fix did not come from the data: %v", got)
	}
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"}},
	})
	if got := actions(typo); got["Change to QueueName"] {
		t.Errorf("data of an older text was trusted: %v", got)
	}
}
