package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonrpc"
)

// testClient speaks raw JSON-RPC to an in-process server over a pipe, so the
// framing is exercised too. Server->client requests are answered by onRequest.
type testClient struct {
	t      testing.TB
	conn   net.Conn
	srv    *Server
	nextID int
	mu     sync.Mutex
	wmu    sync.Mutex // one frame at a time
	resp   map[string]chan json.RawMessage
	notes  chan message
	done   chan struct{}
	// onRequest answers requests the server sends (workspace/configuration, ...).
	onRequest func(method string, params json.RawMessage) any
}

// message is what the client reads.
type message = jsonrpc.Message

// waitTimeout bounds every wait in protocol tests so that a bug fails, never hangs.
const waitTimeout = 20 * time.Second

func newTestClient(t testing.TB, opts Options) *testClient {
	t.Helper()
	if opts.Debounce == 0 {
		opts.Debounce = 10 * time.Millisecond
	}
	return startTestClient(t, New(opts))
}

// newInitializedClient is newTestClient past the initialize handshake, sent
// with the initialization options given.
func newInitializedClient(t testing.TB, opts Options, initOptions any) *testClient {
	t.Helper()
	c := newTestClient(t, opts)
	c.initialize(initOptions)
	return c
}

// startTestClient serves srv, which the test may have set up first, to a new
// test client.
func startTestClient(t testing.TB, srv *Server) *testClient {
	t.Helper()
	cs, ss := net.Pipe()
	c := &testClient{t: t, conn: cs, srv: srv, resp: map[string]chan json.RawMessage{"null": make(chan json.RawMessage, 10)},
		notes: make(chan message, 1000), done: make(chan struct{})}
	go func() {
		srv.Serve(context.Background(), ss, ss, ss)
		close(c.done)
	}()
	go c.readLoop()
	t.Cleanup(func() {
		cs.Close()
		select {
		case <-c.done:
		case <-time.After(waitTimeout):
			t.Error("server did not stop after the connection closed")
		}
	})
	return c
}

func (c *testClient) readLoop() {
	r := bufio.NewReader(c.conn)
	for {
		buf, err := jsonrpc.ReadFrame(r)
		if err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(buf, &m); err != nil {
			c.t.Errorf("server sent invalid JSON: %s", buf)
			continue
		}
		switch {
		case m.Method != "" && m.ID != nil: // a request from the server
			var res any
			if c.onRequest != nil {
				res = c.onRequest(m.Method, m.Params)
			}
			c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": res})
		case m.Method != "":
			c.notes <- m
		default:
			c.mu.Lock()
			ch := c.resp[string(m.ID)]
			c.mu.Unlock()
			if ch != nil {
				b, _ := json.Marshal(m)
				ch <- b
			}
		}
	}
}

// nullResponses delivers responses with a null id (answers to unreadable messages).
func (c *testClient) nullResponses() chan json.RawMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.resp["null"]
}

func (c *testClient) send(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	var frame bytes.Buffer
	jsonrpc.WriteFrame(&frame, b)
	c.writeRaw(frame.String())
}

func (c *testClient) writeRaw(s string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if _, err := io.WriteString(c.conn, s); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// call sends a request and returns the whole response message.
func (c *testClient) call(method string, params any) message {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	n := c.nextID
	id := strconv.Itoa(n)
	ch := make(chan json.RawMessage, 1)
	c.resp[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": n, "method": method, "params": params})
	select {
	case b := <-ch:
		var m message
		json.Unmarshal(b, &m)
		return m
	case <-time.After(waitTimeout):
		c.t.Fatalf("no response to %s", method)
	}
	return message{}
}

// result calls and decodes the result into v, failing on an error response.
func (c *testClient) result(method string, params, v any) {
	c.t.Helper()
	m := c.call(method, params)
	if m.Error != nil {
		c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
	}
	if v != nil {
		if err := json.Unmarshal(m.Result, v); err != nil {
			c.t.Fatalf("%s: decoding %s: %v", method, m.Result, err)
		}
	}
}

func (c *testClient) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

func (c *testClient) initialize(initOptions any) {
	c.t.Helper()
	c.result("initialize", map[string]any{
		"processId": 1, "rootUri": nil, "initializationOptions": initOptions,
		"capabilities": map[string]any{"textDocument": map[string]any{
			"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": true}}}},
	}, nil)
	c.notify("initialized", map[string]any{})
}

type publishedDiagnostics struct {
	URI         string `json:"uri"`
	Version     int    `json:"version"`
	Diagnostics []struct {
		Range struct {
			Start struct{ Line, Character int }
			End   struct{ Line, Character int }
		}
		Severity int
		Tags     []int
		Code     string
		Source   string
		Message  string
		Data     json.RawMessage `json:"data,omitempty"` // handed back with code actions
	} `json:"diagnostics"`
}

// nextPublish waits for the next publishDiagnostics of any document.
func (c *testClient) nextPublish() publishedDiagnostics {
	c.t.Helper()
	return c.diagnostics("")
}

// diagnostics waits for the next publishDiagnostics of uri (of any document
// when uri is "").
func (c *testClient) diagnostics(uri string) publishedDiagnostics {
	c.t.Helper()
	deadline := time.After(waitTimeout)
	for {
		var p publishedDiagnostics
		if !c.nextNote("textDocument/publishDiagnostics", deadline, &p) {
			c.t.Fatalf("no diagnostics for %s", uri)
		}
		if uri == "" || p.URI == uri {
			if p.Diagnostics == nil && uri != "" {
				c.t.Fatalf("diagnostics for %s published as null", uri)
			}
			return p
		}
	}
}

// nextNote waits for the next notification of method, passing over others,
// and decodes its params into v; it returns false when deadline comes first.
func (c *testClient) nextNote(method string, deadline <-chan time.Time, v any) bool {
	c.t.Helper()
	for {
		select {
		case m := <-c.notes:
			if m.Method != method {
				continue
			}
			if err := json.Unmarshal(m.Params, v); err != nil {
				c.t.Fatal(err)
			}
			return true
		case <-deadline:
			return false
		}
	}
}

func (c *testClient) open(uri, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
}
