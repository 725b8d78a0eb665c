// Package server is the LSP edge of cfn-lsp: it decodes LSP messages, keeps the
// open documents as immutable snapshots, and translates between the protocol and
// the protocol-free core (template, schema, analysis, completion, ...). Each LSP
// method has its own small file.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	sjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonrpc"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Options configure a Server.
type Options struct {
	// Debounce is the longest wait after a change before analysing (default
	// 200 ms); a cheap analysis, or one after a pause in typing, waits for
	// nothing (see debounce in diagnostics.go).
	Debounce time.Duration
	// Logger receives the server's log (stderr in production).
	Logger *log.Logger
	// SpecPath, when set, overrides the spec chosen by the settings (the --spec flag).
	SpecPath string
	// Version is the version initialize reports (default "dev").
	Version string
	// RegistrySchemas, when set, override the registrySchemas setting (the
	// --registry-schemas flag).
	RegistrySchemas []string
}

// Server is one LSP session.
type Server struct {
	opts   Options
	log    *log.Logger
	conn   *jsonrpc.Conn
	routes map[string]route // the methods this server answers

	mu           sync.Mutex
	docs         map[protocol.DocumentURI]*document
	settings     Settings
	caps         protocol.ClientCapabilities
	folders      []string         // the workspace folders' paths (workspace.go)
	ws           *workspace.Index // the templates of the workspace (workspaceindex.go)
	wsFindings   workspaceFindings
	initialized  bool // initialize answered
	shuttingDown bool
	inflight     map[string]context.CancelFunc // request id -> cancel

	specMu   sync.Mutex
	spec     *schema.Spec
	specPath string // the path spec was resolved from, and its registry schemas

	progressSeq atomic.Int64 // the last work-done progress token made (progress.go)

	clouds cloudStore       // stack failures shown as diagnostics (clouddiagnostics.go)
	custom customRulesState // the rules of the rulesDir setting (customrules.go)
	stacks stackStore       // the deployed stacks of open templates (stack.go)
	// inlayHintRefresh: the client takes workspace/inlayHint/refresh (LSP 3.17).
	inlayHintRefresh atomic.Bool

	// descriptionHint is set once a hover has said how to get descriptions.
	descriptionHint atomic.Bool

	exited chan struct{}
	bg     background // background work (analysis), for tests
}

// New returns a server with default settings.
func New(opts Options) *Server {
	tuneHeapLimit()
	if opts.Debounce == 0 {
		opts.Debounce = 200 * time.Millisecond
	}
	if opts.Logger == nil {
		opts.Logger = log.New(io.Discard, "", 0)
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	s := &Server{
		opts:     opts,
		log:      opts.Logger,
		routes:   methods(),
		docs:     map[protocol.DocumentURI]*document{},
		settings: DefaultSettings(),
		inflight: map[string]context.CancelFunc{},
		clouds: cloudStore{
			launch:   map[protocol.DocumentURI][]deploy.Failure{},
			validate: map[protocol.DocumentURI][]deploy.Failure{},
		},
		exited: make(chan struct{}),
	}
	startPause()
	return s
}

// Serve runs the session over r and w until the client exits, the stream ends
// (its error is returned) or ctx is cancelled. c, when not nil, is closed at the end.
func (s *Server) Serve(ctx context.Context, r io.Reader, w io.Writer, c io.Closer) error {
	// A large message is a document's text: have its parse tree's memory
	// prepared on another core while the text arrives and is decoded.
	s.conn = jsonrpc.NewConn(r, w, c, jsonrpc.Options{Logger: s.log, OnFrame: template.Prepare, SizeHint: sizeHint})
	go s.conn.Run(ctx, s.handle)
	select {
	case <-s.conn.Done():
		return s.conn.Err()
	case <-s.exited:
		s.conn.Close()
		return nil
	case <-ctx.Done():
		s.conn.Close()
		return ctx.Err()
	}
}

// route is one method's handler.
type route struct {
	call  func(ctx context.Context, s *Server, params json.RawMessage) (any, error)
	async bool // runs off the read loop (it may wait on the client)
}

// methods returns the route of every method the server answers. Each server has
// its own map, so that a test may add routes to one.
func methods() map[string]route {
	return map[string]route{
		"initialize":                          request((*Server).initialize),
		"initialized":                         notification((*Server).initializedNotification),
		"shutdown":                            request((*Server).shutdown),
		"exit":                                notification((*Server).exit),
		"textDocument/didOpen":                notification((*Server).didOpen),
		"textDocument/didChange":              notification((*Server).didChange),
		"textDocument/didSave":                notification((*Server).didSave),
		"textDocument/didClose":               notification((*Server).didClose),
		"workspace/didChangeConfiguration":    notification((*Server).didChangeConfiguration),
		"textDocument/completion":             request((*Server).completion),
		"textDocument/hover":                  request((*Server).hover),
		"textDocument/signatureHelp":          request((*Server).signatureHelp),
		"textDocument/definition":             request((*Server).definition),
		"textDocument/references":             request((*Server).references),
		"textDocument/prepareRename":          request((*Server).prepareRename),
		"textDocument/rename":                 request((*Server).rename),
		"textDocument/documentSymbol":         request((*Server).documentSymbol),
		"textDocument/documentHighlight":      request((*Server).documentHighlight),
		"textDocument/documentLink":           asyncRequest((*Server).documentLink),
		"textDocument/semanticTokens/full":    asyncRequest((*Server).semanticTokens),
		"textDocument/codeAction":             request((*Server).codeAction),
		"textDocument/codeLens":               request((*Server).codeLens),
		"textDocument/inlayHint":              asyncRequest((*Server).inlayHint),
		"workspace/executeCommand":            asyncRequest((*Server).executeCommand),
		"$/cancelRequest":                     notification((*Server).cancelRequest),
		"$/setTrace":                          notification((*Server).ignore),
		"workspace/didChangeWatchedFiles":     notification((*Server).didChangeWatchedFiles),
		"workspace/symbol":                    request((*Server).workspaceSymbol),
		"workspace/didChangeWorkspaceFolders": notification((*Server).didChangeWorkspaceFolders),
	}
}

// decode decodes params once, with segmentio/encoding/json (faster than
// encoding/json here; it copies what it keeps, and raw may alias a message
// buffer). Bad params are an InvalidParams error.
func decode[P any](raw json.RawMessage) (*P, error) {
	p := new(P)
	if len(raw) > 0 && string(raw) != "null" {
		if err := sjson.Unmarshal(raw, p); err != nil {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: "invalid params: " + err.Error()}
		}
	}
	return p, nil
}

func request[P, R any](fn func(*Server, context.Context, *P) (R, error)) route {
	return route{call: func(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
		p, err := decode[P](raw)
		if err != nil {
			return nil, err
		}
		return fn(s, ctx, p)
	}}
}

func asyncRequest[P, R any](fn func(*Server, context.Context, *P) (R, error)) route {
	r := request(fn)
	r.async = true
	return r
}

func notification[P any](fn func(*Server, context.Context, *P) error) route {
	return route{call: func(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
		p, err := decode[P](raw)
		if err != nil {
			return nil, err
		}
		return nil, fn(s, ctx, p)
	}}
}

// handle dispatches one incoming request or notification. It runs on the read
// loop; async routes, and the deferred part of an answer, run in a goroutine of
// their own and can be cancelled.
func (s *Server) handle(ctx context.Context, req *jsonrpc.Request) {
	method, isCall := req.Method, req.IsCall()
	reply := func(res any, err error) {
		if err := s.conn.Reply(req.ID, res, err); err != nil {
			s.log.Printf("reply to %s: %v", method, err)
		}
	}
	r, known := s.routes[method]

	s.mu.Lock()
	initialized, down := s.initialized, s.shuttingDown
	s.mu.Unlock()
	switch {
	case !known:
		if isCall {
			reply(nil, &jsonrpc2.Error{Code: jsonrpc2.MethodNotFound, Message: "method not supported: " + method})
		}
		return // unknown notifications ($/...) are ignored
	case !initialized && method != "initialize" && method != "exit":
		if isCall {
			reply(nil, &jsonrpc2.Error{Code: jsonrpc2.ServerNotInitialized, Message: "server not initialized"})
		}
		return
	case down && method != "exit" && method != "shutdown":
		if isCall {
			reply(nil, &jsonrpc2.Error{Code: jsonrpc2.InvalidRequest, Message: "server is shutting down"})
		}
		return
	}

	// run calls the handler (or the rest of a deferred answer) and replies.
	var offLoop func(call func(context.Context) (any, error))
	run := func(ctx context.Context, call func(context.Context) (any, error)) {
		defer func() {
			if p := recover(); p != nil {
				s.log.Printf("panic in %s: %v\n%s", method, p, debug.Stack())
				if isCall {
					reply(nil, &jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: fmt.Sprintf("internal error in %s: %v", method, p)})
				}
			}
		}()
		res, err := call(ctx)
		if !isCall {
			if err != nil {
				s.log.Printf("%s: %v", method, err)
			}
			return
		}
		if rest, ok := res.(deferred); ok && err == nil {
			offLoop(rest)
			return
		}
		var rpcErr *jsonrpc2.Error
		if err != nil && !errors.As(err, &rpcErr) {
			code := jsonrpc2.InternalError
			if errors.Is(err, context.Canceled) {
				code = jsonrpc2.Code(-32800) // RequestCancelled
			}
			err = &jsonrpc2.Error{Code: code, Message: err.Error()}
		}
		reply(res, err)
	}
	// offLoop runs call in a goroutine of its own, cancelled by $/cancelRequest.
	offLoop = func(call func(context.Context) (any, error)) {
		id := jsonrpc.IDKey(req.ID)
		cctx, cancel := context.WithCancel(ctx)
		s.mu.Lock()
		s.inflight[id] = cancel
		s.mu.Unlock()
		go func() {
			defer func() {
				s.mu.Lock()
				delete(s.inflight, id)
				s.mu.Unlock()
				cancel()
			}()
			run(cctx, call)
		}()
	}
	handler := func(ctx context.Context) (any, error) { return r.call(ctx, s, req.Params) }
	if isCall && r.async {
		offLoop(handler)
		return
	}
	run(ctx, handler)
}

// deferred is an answer a request handler finishes off the read loop: the
// handler takes what it needs from the ordered state (its snapshot) on the loop,
// and returns the slow rest (reading files beside the document) as a deferred,
// which runs in a goroutine of its own and can be cancelled.
type deferred func(ctx context.Context) (any, error)

// cancelParams is protocol.CancelParams with the id kept raw, so that it is read
// by the same rule (jsonrpc.IDKey) as the id of the request it cancels.
type cancelParams struct {
	ID json.RawMessage `json:"id"`
}

func (s *Server) cancelRequest(_ context.Context, p *cancelParams) error {
	if len(p.ID) == 0 {
		return nil
	}
	s.mu.Lock()
	cancel := s.inflight[jsonrpc.IDKey(p.ID)]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}

func (s *Server) ignore(context.Context, *json.RawMessage) error { return nil }

// notify sends a notification to the client, logging failures.
func (s *Server) notify(ctx context.Context, method string, params any) {
	if s.conn == nil {
		return
	}
	if err := s.conn.Notify(method, params); err != nil {
		s.log.Printf("notify %s: %v", method, err)
	}
}

// showMessage shows msg to the user (window/showMessage). It sends from a
// goroutine of its own: callers may hold locks the write must not wait under.
func (s *Server) showMessage(typ protocol.MessageType, msg string) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		s.notify(context.Background(), "window/showMessage", &protocol.ShowMessageParams{Type: typ, Message: msg})
	}()
}

// call sends a request to the client and waits for its answer. Only async
// handlers and background goroutines may call it: the read loop delivers answers.
func (s *Server) call(ctx context.Context, method string, params, result any) error {
	if s.conn == nil {
		return errors.New("no client connection")
	}
	return s.conn.Call(ctx, method, params, result)
}
