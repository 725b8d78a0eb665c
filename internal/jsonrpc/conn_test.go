package jsonrpc

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

	sjson "github.com/segmentio/encoding/json"
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
		if got := IDKey(json.RawMessage(raw)); got != want {
			t.Errorf("IDKey(%s) = %q, want %q", raw, got, want)
		}
	}
}

// waitTimeout bounds every wait so that a bug fails, never hangs.
const waitTimeout = 20 * time.Second

// manyDiagnostics is a publishDiagnostics of n diagnostics, as plain data.
func manyDiagnostics(n int) map[string]any {
	ds := make([]any, n)
	for i := range ds {
		ds[i] = map[string]any{"range": map[string]any{"start": map[string]int{"line": 7 * i, "character": 6}, "end": map[string]int{"line": 7 * i, "character": 20}},
			"severity": 2, "code": "W3005", "source": "cfn-lsp", "message": fmt.Sprintf("Bucket%d: property \"BucketName\" is not <allowed>", i)}
	}
	return map[string]any{"uri": "file:///big.yaml", "version": 1, "diagnostics": ds}
}

// peer is the client end of a pipe to an Conn, speaking raw frames.
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

// startConn runs an Conn whose handler answers "echo" calls with their
// params and "fail" calls with an error, and reports every request on got.
func startConn(t *testing.T) (*Conn, *peer, chan *Request) {
	t.Helper()
	cs, ss := net.Pipe()
	c := NewConn(ss, ss, ss, Options{})
	got := make(chan *Request, 10)
	go c.Run(context.Background(), func(_ context.Context, req *Request) {
		got <- req
		switch req.Method {
		case "echo":
			c.Reply(req.ID, req.Params, nil)
		case "fail":
			c.Reply(req.ID, nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: "bad"})
		case "plain error":
			c.Reply(req.ID, nil, errors.New("boom"))
		case "unencodable":
			c.Reply(req.ID, func() {}, nil)
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
			r.err = c.Call(context.Background(), method, map[string]string{"q": method}, &r.res)
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
		if !errors.Is(r.err, ErrClosed) {
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
	go func() { errc <- c.Call(ctx, "ask", nil, nil) }()
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
	s := newStream(nil, &out, nil, log.New(io.Discard, "", 0), nil)
	big := strings.Repeat("é<\"x\">\n", 3000)
	for _, v := range []any{
		&outCall{JSONRPC: "2.0", Method: "m", Params: map[string]any{"b": 1, "a": big}},
		&outResult{JSONRPC: "2.0", ID: json.RawMessage(`"id"`)},
		&outCall{JSONRPC: "2.0", Method: "textDocument/publishDiagnostics", Params: manyDiagnostics(50)},
	} {
		out.Reset()
		n, err := s.write(v, 0)
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
		s := newStream(r, io.Discard, nil, logger, nil)
		data, err := s.Read(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		e, err := decodeEnvelope(data)
		if err != nil {
			b.Fatal(err)
		}
		var p protocol.DidOpenTextDocumentParams
		if err := sjson.Unmarshal(e.Params, &p); err != nil || len(p.TextDocument.Text) < 1<<20 {
			b.Fatal(err)
		}
	}
}

// TestStreamResynchronises sends each kind of malformed frame, then a valid
// request, which must be answered: one bad frame must not end the conversation.
func TestStreamResynchronises(t *testing.T) {
	const body = `{"jsonrpc":"2.0","id":100,"method":"echo"}` // answered when read whole
	frame := func(length, body string) string { return "Content-Length: " + length + "\r\n\r\n" + body }
	n := func(k int) string { return strconv.Itoa(k) }
	big := `{"jsonrpc":"2.0","id":100,"method":"echo","params":"` + strings.Repeat("x", 100<<10) + `"}`
	const (
		parseError = `{"error":{"code":-32700,`
		answer100  = `{"jsonrpc":"2.0","id":100,"result":null}`
	)
	tests := []struct {
		name, send string
		want       []string // the starts of the answers before the valid request's
	}{
		{"negative length", frame("-5", body), []string{parseError + `"message":"bad Content-Length`}},
		{"missing length", "Content-Type: application/vscode-jsonrpc\r\n\r\n" + body, []string{parseError + `"message":"header without Content-Length"`}},
		{"length not a number", frame("abc", body), []string{parseError + `"message":"bad Content-Length`}},
		{"length too large to accept", frame("99999999999", body), []string{parseError + `"message":"bad Content-Length`}},
		{"pretty-printed body after a bad length", frame("x", "{\n  \"jsonrpc\": \"2.0\",\r\n  \"id\": 100\n}\n"), []string{parseError}},
		{"body holding a header's text", frame("-1", `{"jsonrpc":"2.0","method":"echo","params":"Content-Length: 12"}`), []string{parseError}},
		{"length smaller than the body", frame("10", body), []string{parseError + `"message":"unmarshaling`}},
		{"length smaller than a body longer than a buffer", frame("10", big), []string{parseError}},
		{"length larger than the body", frame(n(len(body)+500), body), []string{answer100}},
		{"length ending inside the next header", frame(n(len(body)+5), body), []string{answer100}},
		{"length larger than a broken body", frame("500", body[:20]), []string{parseError}},
		{"input that is not a header", "hello\r\n{\"id\":3}\r\n\r\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, p, got := startConn(t)
			go func() {
				io.WriteString(p.conn, tt.send)
				p.send(`{"jsonrpc":"2.0","id":1,"method":"echo","params":"after"}`)
			}()
			for i := 0; ; i++ {
				m := p.next()
				if m == `{"jsonrpc":"2.0","id":1,"result":"after"}` {
					if i != len(tt.want) {
						t.Errorf("%d answers before the valid request's, want %d", i, len(tt.want))
					}
					break
				}
				if i >= len(tt.want) || !strings.HasPrefix(m, tt.want[i]) {
					t.Fatalf("answer %d: %s", i, m)
				}
				for len(got) > 0 {
					<-got
				}
			}
		})
	}
}
