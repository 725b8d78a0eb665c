package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
)

func TestDecodeEnvelope(t *testing.T) {
	tests := []struct {
		name, in string
		// want, when err is "": the message kind and its fields.
		kind           string // call, notification or response
		id, method     string
		params, result string
		errCode        int // code of a response's error
		// err, when set: "parse" (not JSON) or "invalid" (JSON, not JSON-RPC).
		err string
	}{
		{name: "call with a number id", in: `{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"a":[1,2]}}`,
			kind: "call", id: `1`, method: "textDocument/hover", params: `{"a":[1,2]}`},
		{name: "call with a string id", in: `{"jsonrpc":"2.0","id":"abc-1","method":"m","params":[]}`,
			kind: "call", id: `"abc-1"`, method: "m", params: `[]`},
		{name: "id beyond int32, fields in any order", in: ` {"params":null,"method":"m","id":12345678901,"jsonrpc":"2.0"} `,
			kind: "call", id: `12345678901`, method: "m", params: `null`},
		{name: "notification", in: `{"jsonrpc":"2.0","method":"initialized","params":{}}`,
			kind: "notification", method: "initialized", params: `{}`},
		{name: "notification without params", in: `{"jsonrpc":"2.0","method":"exit"}`,
			kind: "notification", method: "exit"},
		{name: "null id is a notification", in: `{"jsonrpc":"2.0","id":null,"method":"exit"}`,
			kind: "notification", method: "exit"},
		{name: "missing version is accepted", in: `{"id":3,"method":"shutdown"}`,
			kind: "call", id: `3`, method: "shutdown"},
		{name: "response", in: `{"jsonrpc":"2.0","id":7,"result":{"title":"Execute"}}`,
			kind: "response", id: `7`, result: `{"title":"Execute"}`},
		{name: "response with an error", in: `{"jsonrpc":"2.0","id":"7","error":{"code":-32601,"message":"no"}}`,
			kind: "response", id: `"7"`, errCode: -32601},
		{name: "not JSON", in: `{not json`, err: "parse"},
		{name: "broken params", in: `{"jsonrpc":"2.0","method":"m","params":{"a":}}`, err: "parse"},
		{name: "unterminated string in params", in: `{"jsonrpc":"2.0","method":"m","params":{"text":"abc}}`, err: "parse"},
		{name: "trailing data", in: `{"jsonrpc":"2.0","method":"m"} {}`, err: "parse"},
		{name: "method not a string", in: `{"jsonrpc":"2.0","id":1,"method":5}`, err: "parse"},
		{name: "wrong version", in: `{"jsonrpc":"1.0","id":1,"method":"m"}`, err: "invalid"},
		{name: "object id", in: `{"jsonrpc":"2.0","id":{"a":1},"method":"m"}`, err: "invalid"},
		{name: "boolean id", in: `{"jsonrpc":"2.0","id":true,"method":"m"}`, err: "invalid"},
		{name: "neither method nor id", in: `{"jsonrpc":"2.0","result":1}`, err: "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.in)
			e, err := decodeEnvelope(data)
			if tt.err != "" {
				if err == nil {
					t.Fatalf("decoded %+v, want an error", e)
				}
				if got := errors.Is(err, errInvalidRequest); got != (tt.err == "invalid") {
					t.Fatalf("error %v: invalid request = %v, want %s", err, got, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			kind := "response"
			if !e.isResponse() {
				kind = "notification"
				if e.ID != nil {
					kind = "call"
				}
			}
			if kind != tt.kind || string(e.ID) != tt.id || e.Method != tt.method || string(e.Params) != tt.params || string(e.Result) != tt.result {
				t.Errorf("got %s id=%s method=%q params=%s result=%s", kind, e.ID, e.Method, e.Params, e.Result)
			}
			if code := 0; e.Error != nil || tt.errCode != 0 {
				if e.Error != nil {
					code = int(e.Error.Code)
				}
				if code != tt.errCode {
					t.Errorf("error code %d, want %d", code, tt.errCode)
				}
			}
			if len(e.Params) > 0 && !within(e.Params, data) {
				t.Error("params were copied, want them to alias the message")
			}
		})
	}
}

// within reports whether b lies inside buf.
func within(b, buf []byte) bool {
	p, lo := uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	return p >= lo && p+uintptr(len(b)) <= lo+uintptr(len(buf))
}

func TestIDKey(t *testing.T) {
	for raw, want := range map[string]string{
		`1`: "1", `12345678901`: "12345678901", `2.0`: "2", `1.5`: "1.5", `"abc"`: "abc", `"2"`: "2", `"a\"b"`: `a"b`,
	} {
		if got := idKey(json.RawMessage(raw)); got != want {
			t.Errorf("idKey(%s) = %q, want %q", raw, got, want)
		}
	}
}

// peer is the client end of a pipe to an rpcConn, speaking raw frames.
type peer struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func (p *peer) send(body string) {
	p.t.Helper()
	if _, err := fmt.Fprintf(p.conn, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		p.t.Fatal(err)
	}
}

// next reads one frame, checking its header, and returns the body.
func (p *peer) next() string {
	p.t.Helper()
	p.conn.SetReadDeadline(time.Now().Add(waitTimeout))
	line, err := p.r.ReadString('\n')
	if err != nil {
		p.t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(line, "Content-Length: "), "\r\n"))
	if err != nil {
		p.t.Fatalf("bad header %q", line)
	}
	if blank, _ := p.r.ReadString('\n'); blank != "\r\n" {
		p.t.Fatalf("header not ended by a blank line: %q", blank)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(p.r, body); err != nil {
		p.t.Fatal(err)
	}
	if !json.Valid(body) {
		p.t.Fatalf("invalid JSON body %s", body)
	}
	return string(body)
}

// startConn runs an rpcConn whose handler answers "echo" calls with their
// params and "fail" calls with an error, and reports every request on got.
func startConn(t *testing.T) (*rpcConn, *peer, chan *incoming) {
	t.Helper()
	cs, ss := net.Pipe()
	c := newConn(newStream(ss, ss, ss, log.New(io.Discard, "", 0)), log.New(io.Discard, "", 0))
	got := make(chan *incoming, 10)
	go c.run(context.Background(), func(_ context.Context, req *incoming) {
		got <- req
		switch req.Method {
		case "echo":
			c.reply(req.ID, req.Params, nil)
		case "fail":
			c.reply(req.ID, nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: "bad"})
		case "plain error":
			c.reply(req.ID, nil, errors.New("boom"))
		case "unencodable":
			c.reply(req.ID, func() {}, nil)
		}
	})
	t.Cleanup(func() {
		cs.Close()
		select {
		case <-c.done:
		case <-time.After(waitTimeout):
			t.Error("read loop did not end")
		}
	})
	return c, &peer{t: t, conn: cs, r: bufio.NewReader(cs)}, got
}

func TestConnAnswersRequests(t *testing.T) {
	// want is the start of the answer; for parse errors, whose message comes
	// from the JSON decoder, id is the id the answer must carry.
	tests := []struct{ name, send, want, id string }{
		{"number id", `{"jsonrpc":"2.0","id":1,"method":"echo","params":{"a":1}}`,
			`{"jsonrpc":"2.0","id":1,"result":{"a":1}}`, ""},
		{"string id", `{"jsonrpc":"2.0","id":"x-1","method":"echo","params":["s"]}`,
			`{"jsonrpc":"2.0","id":"x-1","result":["s"]}`, ""},
		{"large number id", `{"jsonrpc":"2.0","id":12345678901,"method":"echo"}`,
			`{"jsonrpc":"2.0","id":12345678901,"result":null}`, ""},
		{"error response", `{"jsonrpc":"2.0","id":2,"method":"fail"}`,
			`{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"bad"}}`, ""},
		{"plain error is internal", `{"jsonrpc":"2.0","id":3,"method":"plain error"}`,
			`{"jsonrpc":"2.0","id":3,"error":{"code":-32603,"message":"boom"}}`, ""},
		{"unencodable result", `{"jsonrpc":"2.0","id":5,"method":"unencodable"}`,
			`{"jsonrpc":"2.0","id":5,"error":{"code":-32603,"message":"marshaling message: `, ""},
		{"invalid JSON", `{not json`,
			`{"error":{"code":-32700,"message":"unmarshaling jsonrpc message: `, `"id":null`},
		{"invalid request with a readable id", `{"jsonrpc":"2.0","id":9,"method":1}`,
			`{"error":{"code":-32600,"message":"unmarshaling jsonrpc message: `, `"id":9`},
		{"invalid request without an id", `{"jsonrpc":"2.0","result":1}`,
			`{"error":{"code":-32600,"message":"invalid JSON-RPC message: neither a method nor an id"},"id":null,`, ""},
		{"invalid request with an unusable id", `{"jsonrpc":"2.0","id":[1],"method":"m"}`,
			`{"error":{"code":-32600,"message":"invalid JSON-RPC message: id must be a number or a string, not [1]"},"id":null,`, ""},
	}
	_, p, got := startConn(t)
	for _, tt := range tests {
		p.send(tt.send)
		if body := p.next(); !strings.HasPrefix(body, tt.want) || !strings.Contains(body, tt.id) {
			t.Errorf("%s: got %s, want %s", tt.name, body, tt.want)
		}
	}
	// A notification reaches the handler and is not answered: the next frame
	// is the answer to the call after it.
	p.send(`{"jsonrpc":"2.0","method":"note","params":{"n":1}}`)
	p.send(`{"jsonrpc":"2.0","id":4,"method":"echo"}`)
	if body := p.next(); body != `{"jsonrpc":"2.0","id":4,"result":null}` {
		t.Errorf("after a notification: %s", body)
	}
	var methods []string
	for len(got) > 0 {
		r := <-got
		methods = append(methods, fmt.Sprintf("%s:%s", r.Method, r.ID))
	}
	want := "echo:1 echo:\"x-1\" echo:12345678901 fail:2 plain error:3 unencodable:5 note: echo:4"
	if s := strings.Join(methods, " "); s != want {
		t.Errorf("handled %s, want %s", s, want)
	}
}

func TestConnCallsClient(t *testing.T) {
	c, p, _ := startConn(t)
	type result struct {
		res map[string]string
		err error
	}
	call := func(method string) chan result {
		ch := make(chan result, 1)
		go func() {
			var r result
			r.err = c.call(context.Background(), method, map[string]string{"q": method}, &r.res)
			ch <- r
		}()
		return ch
	}

	// Two calls in flight, answered out of order.
	first := call("ask")
	req1 := p.next()
	second := call("ask")
	req2 := p.next()
	for i, req := range []string{req1, req2} {
		want := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"ask","params":{"q":"ask"}}`, i+1)
		if req != want {
			t.Errorf("request %d: %s, want %s", i+1, req, want)
		}
	}
	p.send(`{"jsonrpc":"2.0","id":2,"error":{"code":-32800,"message":"cancelled"}}`)
	p.send(`{"jsonrpc":"2.0","id":2,"result":"answered twice"}`) // must not block the read loop
	p.send(`{"jsonrpc":"2.0","id":1,"result":{"title":"Execute"}}`)
	r := <-first
	if r.err != nil || r.res["title"] != "Execute" {
		t.Errorf("first call: %v %v", r.res, r.err)
	}
	r = <-second
	var rpcErr *jsonrpc2.Error
	if !errors.As(r.err, &rpcErr) || rpcErr.Code != -32800 || rpcErr.Message != "cancelled" {
		t.Errorf("second call: error %v, want the client's error", r.err)
	}

	// A response nobody waits for is dropped; a call still waiting when the
	// connection ends fails.
	p.send(`{"jsonrpc":"2.0","id":99,"result":1}`)
	third := call("ask")
	p.next()
	p.conn.Close()
	select {
	case r := <-third:
		if !errors.Is(r.err, errClosed) {
			t.Errorf("call after close: %v", r.err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("call still waiting after the connection closed")
	}
}

func TestConnCallHonoursContext(t *testing.T) {
	c, p, _ := startConn(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.call(ctx, "ask", nil, nil) }()
	if req := p.next(); req != `{"jsonrpc":"2.0","id":1,"method":"ask"}` {
		t.Errorf("request %s", req)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled call: %v", err)
	}
}

func TestStreamFrames(t *testing.T) {
	var out bytes.Buffer
	s := newStream(nil, &out, nil, log.New(io.Discard, "", 0))
	big := strings.Repeat("é<\"x\">\n", 3000)
	for _, v := range []any{
		&outCall{JSONRPC: "2.0", Method: "m", Params: map[string]any{"b": 1, "a": big}},
		&outResult{JSONRPC: "2.0", ID: json.RawMessage(`"id"`)},
		&outCall{JSONRPC: "2.0", Method: "textDocument/publishDiagnostics", Params: publishParams(50)},
	} {
		out.Reset()
		n, err := s.Write(v)
		if err != nil || n != int64(out.Len()) {
			t.Fatalf("Write: %d %v, wrote %d", n, err, out.Len())
		}
		hdr, body, ok := strings.Cut(out.String(), "\r\n\r\n")
		if !ok || hdr != "Content-Length: "+strconv.Itoa(len(body)) {
			t.Fatalf("frame header %q for a %d byte body", hdr, len(body))
		}
		want, _ := json.Marshal(v)
		if !jsonEqual(t, []byte(body), want) {
			t.Errorf("body %.200s\nwant %.200s", body, want)
		}
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%v: %.200s", err, a)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return bytes.Equal(ja, jb)
}

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

// didOpenFrame is a framed didOpen of a 1,500-resource template (about 1.3 MB).
func didOpenFrame(b *testing.B) []byte {
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///big.yaml", "languageId": "yaml", "version": 1, "text": benchgen.YAML(1500)}}})
	if err != nil {
		b.Fatal(err)
	}
	return append([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body))), body...)
}

// BenchmarkDidOpenMessage reads, decodes and decodes the params of a 1.3 MB
// didOpen, as the read loop and the didOpen route do.
func BenchmarkDidOpenMessage(b *testing.B) {
	frame := didOpenFrame(b)
	b.SetBytes(int64(len(frame)))
	logger := log.New(io.Discard, "", 0)
	r := bytes.NewReader(frame)
	for b.Loop() {
		r.Reset(frame)
		s := newStream(r, io.Discard, nil, logger)
		data, err := s.Read(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		e, err := decodeEnvelope(data)
		if err != nil {
			b.Fatal(err)
		}
		p, err := decode[protocol.DidOpenTextDocumentParams](e.Params)
		if err != nil || len(p.TextDocument.Text) < 1<<20 {
			b.Fatal(err)
		}
	}
}

// BenchmarkPublishMessage encodes and frames a publishDiagnostics of 2,000
// diagnostics, as the server's notify does.
func BenchmarkPublishMessage(b *testing.B) {
	params := publishParams(2000)
	c := newConn(newStream(nil, io.Discard, nil, nil), nil)
	for b.Loop() {
		if err := c.notify("textDocument/publishDiagnostics", params); err != nil {
			b.Fatal(err)
		}
	}
}

// Routes only the tests call, to exercise dispatch.
func init() {
	routes["test/panic"] = request(func(*Server, context.Context, *json.RawMessage) (any, error) { panic("boom") })
	routes["test/panicNote"] = notification(func(*Server, context.Context, *json.RawMessage) error { panic("boom") })
	routes["test/echo"] = request(func(_ *Server, _ context.Context, p *json.RawMessage) (any, error) { return p, nil })
	routes["test/wait"] = asyncRequest(func(_ *Server, ctx context.Context, _ *json.RawMessage) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
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
	c := newTestClient(t, Options{})
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
