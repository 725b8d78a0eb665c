package server

import (
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// After an edit, completion answers from the text and the last finished parse:
// it offers names known to that parse and never parses the new version.
func TestCompletionAfterEditDoesNotReparse(t *testing.T) {
	c := newTestClient(t, Options{Debounce: time.Hour})
	// No analysis after the change (a cheap one would run at once and parse).
	c.initialize(map[string]any{"validate": map[string]any{"onChange": false}})
	const uri = "file:///tmp/t.yaml"
	v1 := "Parameters:\n  Env:\n    Type: String\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: x\n"
	c.open(uri, v1)
	// hover parses version 1
	var h protocol.Hover
	c.result("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 5, "character": 12}}, &h)
	if !strings.Contains(h.Contents.Value, "AWS::S3::Bucket") {
		t.Fatalf("hover on the type: %q", h.Contents.Value)
	}
	// version 2 types "!Ref " after BucketName
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": 7, "character": 18}, "end": map[string]any{"line": 7, "character": 19}}, "text": "!Ref "}},
	})
	var list protocol.CompletionList
	c.result("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 7, "character": 23},
		"context":  map[string]any{"triggerKind": 2, "triggerCharacter": " "}}, &list)
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
		if it.TextEdit == nil {
			t.Errorf("item %s has no textEdit", it.Label)
		}
	}
	if len(labels) == 0 || labels[0] != "Env" || strings.Contains(strings.Join(labels, ","), "Bucket") {
		t.Fatalf("Ref targets: %v", labels)
	}
	sn := c.srv.snapshot(uri)
	if sn.Version != 2 {
		t.Fatalf("snapshot version %d", sn.Version)
	}
	if sn.Parsed() != nil {
		t.Error("completion parsed the new version")
	}
}

func TestHoverOnUnknownDocument(t *testing.T) {
	c := newInitializedClient(t, Options{Debounce: time.Hour}, nil)
	m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///nope.yaml"},
		"position": map[string]any{"line": 0, "character": 0}})
	if m.Error != nil || string(m.Result) != "null" {
		t.Fatalf("hover on an unknown document: %+v %s", m.Error, m.Result)
	}
}

// A retired Lambda runtime is offered struck through (tag and flag); current
// ones are not.
func TestCompletionMarksRetiredRuntimes(t *testing.T) {
	c := newInitializedClient(t, Options{Debounce: time.Hour}, nil)
	const uri = "file:///tmp/fn.yaml"
	c.open(uri, "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: \n")
	var list protocol.CompletionList
	c.result("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 4, "character": 15}}, &list)
	current, retired := 0, map[string]bool{}
	for _, it := range list.Items {
		if it.Kind != protocol.CompletionItemKindEnumMember && it.Kind != protocol.CompletionItemKindValue {
			continue
		}
		switch struck := len(it.Tags) == 1 && it.Tags[0] == protocol.CompletionItemTagDeprecated; {
		case struck != it.Deprecated:
			t.Errorf("%s: tags %v but deprecated %v", it.Label, it.Tags, it.Deprecated)
		case struck:
			retired[it.Label] = true
		default:
			current++
		}
	}
	if !retired["nodejs12.x"] || current == 0 {
		t.Fatalf("retired %v, %d current: want nodejs12.x struck through and some runtimes not", retired, current)
	}
}

// TestCompletionHonoursSnippetSupport: a client that declared no snippet
// support gets plain text it can insert as it is (several lines with their
// indentation, no tab stops); one that did gets snippets.
func TestCompletionHonoursSnippetSupport(t *testing.T) {
	const uri = "file:///tmp/t.yaml"
	src := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  F:\n    Type: AWS::Lambda::Func\n"
	for _, snippets := range []bool{false, true} {
		c := newTestClient(t, Options{Debounce: time.Hour})
		c.result("initialize", map[string]any{"processId": 1, "rootUri": nil, "capabilities": map[string]any{"textDocument": map[string]any{
			"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": snippets}}}}}, nil)
		c.notify("initialized", map[string]any{})
		c.open(uri, src)
		var list protocol.CompletionList
		c.result("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": 4, "character": 27}}, &list)
		var fn *protocol.CompletionItem
		for i, it := range list.Items {
			if it.Label == "AWS::Lambda::Function" {
				fn = &list.Items[i]
			}
		}
		if fn == nil {
			t.Fatalf("snippets %v: no AWS::Lambda::Function in %d items", snippets, len(list.Items))
		}
		text := fn.TextEdit.NewText
		if !strings.HasPrefix(text, "AWS::Lambda::Function\n    Properties:\n      Code:") || fn.InsertTextMode != protocol.InsertTextModeAsIs {
			t.Errorf("snippets %v: %q (mode %v)", snippets, text, fn.InsertTextMode)
		}
		plain := fn.InsertTextFormat == protocol.InsertTextFormatPlainText && !strings.Contains(text, "${")
		if plain == snippets {
			t.Errorf("snippets %v: format %v, text %q", snippets, fn.InsertTextFormat, text)
		}
	}
}
