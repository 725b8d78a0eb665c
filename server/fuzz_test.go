package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonrpc"
)

// lockedBuffer is a log sink the handlers and the analysis may write to at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

const fuzzURI = "file:///fuzz/t.yaml"

const fuzzDoc = `Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      BucketName: !Sub "${Env}-logs"
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !GetAtt Bucket.Arn
Outputs:
  Name:
    Value: !Ref Bucket
`

// inFlight is the number of requests still being answered off the read loop.
func (s *Server) inFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.inflight)
}

// fuzzMethods are the routes a fuzzed request may call: all but those that end
// the session or reach AWS.
func fuzzMethods() []string {
	var ms []string
	for m := range methods() {
		switch {
		case m == "exit", m == "shutdown", m == "workspace/executeCommand":
		default:
			ms = append(ms, m)
		}
	}
	sort.Strings(ms)
	return ms
}

// FuzzRequests sends one request with arbitrary params to a server holding an
// open template: whatever the params, no handler may panic (the server would
// recover, answer an error and log it; the log is what this checks).
func FuzzRequests(f *testing.F) {
	methods := fuzzMethods()
	doc := map[string]any{"uri": fuzzURI}
	at := func(line, char int) string {
		b, _ := json.Marshal(map[string]any{"textDocument": doc, "position": map[string]int{"line": line, "character": char}})
		return string(b)
	}
	rng := func(l1, c1, l2, c2 int) string {
		b, _ := json.Marshal(map[string]any{"textDocument": doc,
			"range":   map[string]any{"start": map[string]int{"line": l1, "character": c1}, "end": map[string]int{"line": l2, "character": c2}},
			"context": map[string]any{"diagnostics": []any{}}})
		return string(b)
	}
	for i, m := range methods {
		for _, p := range []string{at(11, 20), at(15, 28), at(-1, 1<<40), rng(0, 0, 99, 0), rng(9, 5, 2, 0), `{}`, `null`, `[]`} {
			f.Add(uint8(i), p)
		}
		switch m {
		case "textDocument/didChange":
			f.Add(uint8(i), `{"textDocument":{"uri":"`+fuzzURI+`","version":9},"contentChanges":[{"range":{"start":{"line":3,"character":99},"end":{"line":0,"character":0}},"text":"x\n"}]}`)
			f.Add(uint8(i), `{"textDocument":{"uri":"`+fuzzURI+`","version":9},"contentChanges":[{"text":"Resources: [\n"}]}`)
		case "textDocument/rename":
			f.Add(uint8(i), `{"textDocument":{"uri":"`+fuzzURI+`"},"position":{"line":7,"character":4},"newName":"B:{x}"}`)
		case "workspace/didChangeConfiguration":
			f.Add(uint8(i), `{"settings":{"cfn-lsp":{"security":{"enabled":"yes"},"ignoreRules":5,"spec":{"path":[]}}}}`)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, params string) {
		if !json.Valid([]byte(params)) {
			return // the read loop answers a parse error before any handler runs
		}
		logs := &lockedBuffer{}
		s := New(Options{Debounce: time.Millisecond, Logger: log.New(logs, "", 0)})
		s.conn = jsonrpc.NewConn(strings.NewReader(""), io.Discard, nil, jsonrpc.Options{Logger: s.log})
		ctx := context.Background()
		s.handle(ctx, &jsonrpc.Request{ID: json.RawMessage("1"), Method: "initialize", Params: json.RawMessage(`{"capabilities":{}}`)})
		open, _ := json.Marshal(map[string]any{"textDocument": map[string]any{"uri": fuzzURI, "languageId": "yaml", "version": 1, "text": fuzzDoc}})
		s.handle(ctx, &jsonrpc.Request{Method: "textDocument/didOpen", Params: open})
		s.Wait()
		s.handle(ctx, &jsonrpc.Request{ID: json.RawMessage("2"), Method: methods[int(which)%len(methods)], Params: json.RawMessage(params)})
		s.Wait()
		for s.inFlight() > 0 { // an answer finished off the read loop
			time.Sleep(100 * time.Microsecond)
		}
		if l := logs.String(); strings.Contains(l, "panic") {
			t.Fatalf("%s %s:\n%s", methods[int(which)%len(methods)], params, l)
		}
	})
}
