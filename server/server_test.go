package server

import (
	"log"
	"strings"
	"testing"
	"time"
)

const brokenYAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName
      Tags: []
`

const fixedYAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
`

// noSecurity turns the security rules off, so these tests see validation only.
var noSecurity = map[string]any{"security": map[string]any{"enabled": false}}

func TestLifecycleAndDiagnostics(t *testing.T) {
	c := newInitializedClient(t, Options{}, noSecurity)
	uri := "file:///tmp/t.yaml"
	c.open(uri, brokenYAML)
	d := c.diagnostics(uri)
	if d.Version != 1 || len(d.Diagnostics) != 1 || d.Diagnostics[0].Code != "E0000" || d.Diagnostics[0].Range.Start.Line != 5 {
		t.Fatalf("open: %+v", d)
	}

	// A full-text change (no range) fixes the document: diagnostics clear, as an empty list.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": fixedYAML}},
	})
	if d = c.diagnostics(uri); d.Version != 2 || len(d.Diagnostics) != 0 {
		t.Fatalf("after fix: %+v", d)
	}

	// An incremental change at 0:0 is an insertion, not a full replacement.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 3},
		"contentChanges": []any{map[string]any{
			"range": map[string]any{"start": map[string]int{"line": 5, "character": 22}, "end": map[string]int{"line": 5, "character": 22}},
			"text":  ": oops"}},
	})
	d = c.diagnostics(uri)
	if d.Version != 3 || len(d.Diagnostics) != 1 || d.Diagnostics[0].Range.Start.Line != 5 {
		t.Fatalf("after incremental edit: %+v", d)
	}
	if got := c.srv.snapshot("file:///tmp/t.yaml").Text; !strings.Contains(got, "BucketName: data: oops") {
		t.Fatalf("incremental edit applied wrongly: %q", got)
	}

	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if d = c.diagnostics(uri); len(d.Diagnostics) != 0 {
		t.Fatalf("close did not clear: %+v", d)
	}
	c.result("shutdown", nil, nil)
	if m := c.call("textDocument/hover", map[string]any{}); m.Error == nil || m.Error.Code != -32600 {
		t.Errorf("request after shutdown: %+v", m.Error)
	}
	c.notify("exit", nil)
	select {
	case <-c.done:
	case <-time.After(waitTimeout):
		t.Fatal("server did not exit")
	}
	if c.srv.ExitCode() != 0 {
		t.Errorf("exit code after shutdown = %d", c.srv.ExitCode())
	}
}

func TestNonTemplatesGetNoDiagnostics(t *testing.T) {
	c := newInitializedClient(t, Options{}, nil)
	for uri, text := range map[string]string{
		"file:///c/docker-compose.yaml": "services:\n  web:\n    image: nginx\n    ports: [80\n",
		"file:///c/package.json":        `{"name": "x", "version": "1.0.0", "scripts": {}}`,
	} {
		c.open(uri, text)
		if d := c.diagnostics(uri); len(d.Diagnostics) != 0 {
			t.Errorf("%s: %+v", uri, d)
		}
	}
}

func TestBadRequestsKeepServing(t *testing.T) {
	c := newTestClient(t, Options{})
	if m := c.call("textDocument/hover", map[string]any{}); m.Error == nil || m.Error.Code != -32002 {
		t.Fatalf("before initialize: %+v", m.Error)
	}
	c.initialize(noSecurity)
	if m := c.call("textDocument/noSuchMethod", map[string]any{}); m.Error == nil || m.Error.Code != -32601 {
		t.Errorf("unknown method: %+v", m.Error)
	}
	if m := c.call("textDocument/hover", "not an object"); m.Error == nil || m.Error.Code != -32602 {
		t.Errorf("invalid params: %+v", m.Error)
	}
	// Broken frames: a header without Content-Length, invalid JSON, a bad
	// Content-Length (each kind is in internal/jsonrpc's tests).
	c.writeRaw("X-Other: 1\r\n\r\n")
	c.writeRaw("Content-Length: 9\r\n\r\n{not json")
	c.writeRaw("Content-Length: abc\r\n\r\n")
	for i := 0; i < 3; i++ {
		select {
		case b := <-c.nullResponses():
			if !strings.Contains(string(b), "-32700") {
				t.Errorf("want a parse error, got %s", b)
			}
		case <-time.After(waitTimeout):
			t.Fatalf("got %d parse-error responses, want 3", i)
		}
	}
	// Still serving.
	uri := "file:///tmp/after.yaml"
	c.open(uri, brokenYAML)
	if d := c.diagnostics(uri); len(d.Diagnostics) != 1 {
		t.Fatalf("after bad input: %+v", d)
	}
}

func TestSecondInitializeIsRefused(t *testing.T) {
	c := newTestClient(t, Options{Version: "1.2.3"})
	var res struct {
		ServerInfo struct{ Version string } `json:"serverInfo"`
	}
	c.result("initialize", map[string]any{"capabilities": map[string]any{}}, &res)
	if res.ServerInfo.Version != "1.2.3" {
		t.Errorf("serverInfo.version = %q, want the one in Options", res.ServerInfo.Version)
	}
	if m := c.call("initialize", map[string]any{"capabilities": map[string]any{}}); m.Error == nil || m.Error.Code != -32600 {
		t.Fatalf("second initialize: %+v, want InvalidRequest", m)
	}
}

// A change whose version is not newer than the document's is out of order:
// applying it would corrupt the text, so it is dropped, and said in the log.
func TestOutOfOrderChangeIsDropped(t *testing.T) {
	logs := &lockedBuffer{}
	c := newInitializedClient(t, Options{Logger: log.New(logs, "", 0)}, noSecurity)
	uri := "file:///tmp/order.yaml"
	c.open(uri, fixedYAML)
	change := func(version int, text string) {
		c.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": version},
			"contentChanges": []any{map[string]any{"text": text}},
		})
	}
	change(3, brokenYAML)
	change(2, "stale: 2\n")
	change(3, "stale: 3\n")
	c.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}, nil) // the changes are handled
	if sn := c.srv.snapshot(uriOf(uri)); sn.Version != 3 || sn.Text != brokenYAML {
		t.Errorf("document at version %d holds %q, want version 3's text", sn.Version, sn.Text)
	}
	if n := strings.Count(logs.String(), "dropped a change"); n != 2 {
		t.Errorf("%d changes dropped in the log, want 2:\n%s", n, logs.String())
	}
}

func TestStaleDiagnosticsAreNeverPublished(t *testing.T) {
	c := newInitializedClient(t, Options{Debounce: time.Millisecond}, noSecurity)
	uri := "file:///tmp/rapid.yaml"
	c.open(uri, fixedYAML)
	const last = 60
	for v := 2; v <= last; v++ {
		text := fixedYAML
		if v%2 == 0 {
			text = brokenYAML
		}
		c.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": v},
			"contentChanges": []any{map[string]any{"text": text}},
		})
	}
	prev := 0
	for {
		d := c.diagnostics(uri)
		if d.Version < prev {
			t.Fatalf("version %d published after %d", d.Version, prev)
		}
		prev = d.Version
		if d.Version == last {
			if len(d.Diagnostics) != 1 { // version 60 is the broken text
				t.Fatalf("final diagnostics wrong: %+v", d)
			}
			break
		}
	}
	c.srv.Wait()
	select {
	case m := <-c.notes:
		if m.Method == "textDocument/publishDiagnostics" {
			t.Fatalf("publish after the final version: %s", m.Params)
		}
	default:
	}
}
