package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonrpc"
)

func TestDecodeParams(t *testing.T) {
	p, err := decode[protocol.DidOpenTextDocumentParams](json.RawMessage(
		`{"textDocument":{"uri":"file:///a.yaml","languageId":"yaml","version":3,"text":"a: \"b\"\n\u00e9\t"}}`))
	if err != nil || p.TextDocument.URI != "file:///a.yaml" || p.TextDocument.Version != 3 || p.TextDocument.Text != "a: \"b\"\né\t" {
		t.Fatalf("decode: %+v %v", p, err)
	}
	for _, raw := range []string{`"not an object"`, `{"textDocument":{"version":"x"}}`, `[1]`} {
		_, err := decode[protocol.DidOpenTextDocumentParams](json.RawMessage(raw))
		var rpcErr *jsonrpc2.Error
		if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.InvalidParams {
			t.Errorf("%s: %v, want invalid params", raw, err)
		}
	}
	if p, err := decode[protocol.HoverParams](json.RawMessage(`null`)); err != nil || p == nil {
		t.Errorf("null params: %v %v", p, err)
	}
}

// publishParams is a publishDiagnostics of n diagnostics.
func publishParams(n int) *protocol.PublishDiagnosticsParams {
	ds := make([]protocol.Diagnostic, n)
	for i := range ds {
		ds[i] = protocol.Diagnostic{
			Range: protocol.Range{Start: protocol.Position{Line: uint32(7 * i), Character: 6},
				End: protocol.Position{Line: uint32(7 * i), Character: 20}},
			Severity: protocol.DiagnosticSeverityWarning, Code: "W3005", Source: "cfn-lsp",
			Message: fmt.Sprintf("Bucket%d: property \"BucketName\" is not <allowed> with VersioningConfiguration", i),
		}
	}
	return &protocol.PublishDiagnosticsParams{URI: "file:///big.yaml", Version: 1, Diagnostics: ds}
}

// BenchmarkPublishMessage encodes and frames a publishDiagnostics of 2,000
// diagnostics, as the server's notify does.
func BenchmarkPublishMessage(b *testing.B) {
	params := publishParams(2000)
	c := jsonrpc.NewConn(nil, io.Discard, nil, jsonrpc.Options{SizeHint: sizeHint})
	for b.Loop() {
		if err := c.Notify("textDocument/publishDiagnostics", params); err != nil {
			b.Fatal(err)
		}
	}
}

// withTestRoutes adds to srv routes only the tests call, to exercise dispatch.
func withTestRoutes(srv *Server) *Server {
	srv.routes["test/panic"] = request(func(*Server, context.Context, *json.RawMessage) (any, error) { panic("boom") })
	srv.routes["test/panicNote"] = notification(func(*Server, context.Context, *json.RawMessage) error { panic("boom") })
	srv.routes["test/echo"] = request(func(_ *Server, _ context.Context, p *json.RawMessage) (any, error) { return p, nil })
	srv.routes["test/wait"] = asyncRequest(func(_ *Server, ctx context.Context, _ *json.RawMessage) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	return srv
}

// callID sends a request with the given raw id and returns the channel its
// response arrives on.
func (c *testClient) callID(id, method string, params any) chan json.RawMessage {
	ch := make(chan json.RawMessage, 1)
	c.mu.Lock()
	c.resp[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": json.RawMessage(id), "method": method, "params": params})
	return ch
}

func (c *testClient) await(ch chan json.RawMessage) message {
	c.t.Helper()
	select {
	case b := <-ch:
		var m message
		if err := json.Unmarshal(b, &m); err != nil {
			c.t.Fatal(err)
		}
		return m
	case <-time.After(waitTimeout):
		c.t.Fatal("no response")
	}
	return message{}
}

func TestServerDispatch(t *testing.T) {
	c := startTestClient(t, withTestRoutes(New(Options{})))
	c.initialize(nil)

	// An async request waits, off the read loop, until cancelled by its string id.
	wait := c.callID(`"w-1"`, "test/wait", nil)
	tests := []struct {
		id, method string
		params     any
		code       int    // error code, 0 for a result
		result     string // the result, as JSON
	}{
		{`"s-1"`, "test/echo", map[string]int{"a": 1}, 0, `{"a":1}`},
		{`12345678901`, "test/echo", []int{1}, 0, `[1]`},
		{`"s-2"`, "test/panic", nil, -32603, ""},
		{`7`, "test/noSuchMethod", nil, -32601, ""},
	}
	for _, tt := range tests {
		m := c.await(c.callID(tt.id, tt.method, tt.params))
		if string(m.ID) != tt.id {
			t.Errorf("%s: answered with id %s, want %s", tt.method, m.ID, tt.id)
		}
		code := 0
		if m.Error != nil {
			code = m.Error.Code
		}
		if code != tt.code || (tt.code == 0 && string(m.Result) != tt.result) {
			t.Errorf("%s: code %d result %s, want %d %s", tt.method, code, m.Result, tt.code, tt.result)
		}
	}
	c.notify("test/panicNote", nil) // recovered, unanswered
	c.notify("$/cancelRequest", map[string]any{"id": "w-1"})
	if m := c.await(wait); string(m.ID) != `"w-1"` || m.Error == nil || m.Error.Code != -32800 {
		t.Errorf("cancelled request: id %s error %+v", m.ID, m.Error)
	}
	if m := c.await(c.callID(`8`, "test/echo", nil)); m.Error != nil || string(m.Result) != "null" {
		t.Errorf("after the panics: %+v", m)
	}
}
