// Package jsonrpc is the JSON-RPC 2.0 connection the language server speaks
// over: messages framed by Content-Length headers (the LSP base protocol) on a
// byte stream, requests and notifications handed to a handler one at a time,
// calls to the peer matched with their answers.
//
// It replaces go.lsp.dev/jsonrpc2's Conn so that each message is decoded once and
// encoded once, and so that broken input never ends the conversation (see
// stream). It knows nothing of LSP's methods.
package jsonrpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"strconv"
	"sync"
	"sync/atomic"

	sjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
)

// Conn is one JSON-RPC 2.0 connection. The envelope of an incoming message is
// parsed without copying its params (they alias the message buffer), and
// outgoing messages are marshalled straight into the frame that is written.
type Conn struct {
	stream   *stream
	log      *log.Logger
	sizeHint func(params any) int
	seq      atomic.Int64 // last id of a request to the peer

	mu      sync.Mutex
	pending map[string]chan *envelope // raw id of an unanswered request to the peer

	done chan struct{} // closed when the read loop ends
	err  error         // why it ended; read only after done is closed
}

// Request is one incoming call or notification.
type Request struct {
	// ID is the id exactly as the client sent it (a JSON number or string), nil
	// for a notification.
	ID     json.RawMessage
	Method string
	// Params is the raw params value; it aliases the message buffer.
	Params json.RawMessage
}

// IsCall reports whether the request expects a response.
func (r *Request) IsCall() bool { return r.ID != nil }

// envelope is every field of a JSON-RPC message: requests, notifications and
// responses are told apart after decoding.
type envelope struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
	Result  json.RawMessage `json:"result"`
	Error   *jsonrpc2.Error `json:"error"`
}

// isResponse reports whether the message answers a request.
func (e *envelope) isResponse() bool { return e.Method == "" }

// errInvalidRequest is a message that is JSON but not a JSON-RPC message.
var errInvalidRequest = errors.New("invalid JSON-RPC message")

// decodeEnvelope parses one message. Params, Result and ID alias data. A null id
// counts as no id.
func decodeEnvelope(data []byte) (*envelope, error) {
	e := new(envelope)
	rest, err := sjson.Parse(data, e, sjson.ZeroCopy)
	if err != nil {
		return nil, fmt.Errorf("unmarshaling jsonrpc message: %w", err)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("unmarshaling jsonrpc message: invalid character %q after top-level value", rest[0])
	}
	if e.JSONRPC != "" && e.JSONRPC != jsonrpc2.Version {
		return nil, fmt.Errorf("%w: invalid RPC version %q", errInvalidRequest, e.JSONRPC)
	}
	if string(e.ID) == "null" {
		e.ID = nil
	}
	if e.ID != nil && !validID(e.ID) {
		return nil, fmt.Errorf("%w: id must be a number or a string, not %s", errInvalidRequest, e.ID)
	}
	if e.isResponse() && e.ID == nil {
		return nil, fmt.Errorf("%w: neither a method nor an id", errInvalidRequest)
	}
	return e, nil
}

// validID reports whether raw (valid JSON) is a number or a string.
func validID(raw json.RawMessage) bool {
	c := raw[0]
	return c == '"' || c == '-' || ('0' <= c && c <= '9')
}

// IDKey is the one text of a request id, whichever way it was written: a
// string's text, or an integer in decimal. A request and the $/cancelRequest
// naming it agree on it.
func IDKey(raw json.RawMessage) string {
	if raw[0] == '"' {
		var s string
		if sjson.Unmarshal(raw, &s) == nil {
			return s
		}
	}
	if f, err := strconv.ParseFloat(string(raw), 64); err == nil && f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return string(raw)
}

// Options configure a Conn.
type Options struct {
	// Logger receives what the connection has to say about bad input (nothing
	// when nil).
	Logger *log.Logger
	// OnFrame, when set, is told the length of each incoming message as its
	// header is read, before its body arrives.
	OnFrame func(length int)
	// SizeHint, when set, guesses the encoded size of a notification's params,
	// so that a large message's buffer is allocated once instead of grown.
	SizeHint func(params any) int
}

// NewConn returns a connection reading r and writing w; c, when not nil, is
// closed when the connection ends.
func NewConn(r io.Reader, w io.Writer, c io.Closer, opts Options) *Conn {
	if opts.Logger == nil {
		opts.Logger = log.New(io.Discard, "", 0)
	}
	return &Conn{stream: newStream(r, w, c, opts.Logger, opts.OnFrame), log: opts.Logger, sizeHint: opts.SizeHint,
		pending: map[string]chan *envelope{}, done: make(chan struct{})}
}

// Done is closed when the read loop has ended; Err then says why.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err is why the read loop ended (the stream's error); read it after Done.
func (c *Conn) Err() error { return c.err }

// Run reads messages until the stream ends or fails. Requests and notifications
// go to handler, one at a time on this goroutine; responses go to the call
// waiting for them. A message that cannot be decoded is answered with an error
// and reading goes on.
func (c *Conn) Run(ctx context.Context, handler func(context.Context, *Request)) {
	defer close(c.done)
	for {
		data, err := c.stream.Read(ctx)
		if err != nil {
			c.err = err
			c.stream.Close()
			return
		}
		e, err := decodeEnvelope(data)
		if err != nil {
			c.log.Printf("invalid message: %v", err)
			c.stream.writeRaw(parseErrorResponse(data, err))
			continue
		}
		if e.isResponse() {
			c.mu.Lock()
			ch := c.pending[string(e.ID)]
			c.mu.Unlock()
			if ch != nil {
				select {
				case ch <- e:
				default: // a second answer to the same id: dropped
				}
			}
			continue
		}
		handler(ctx, &Request{ID: e.ID, Method: e.Method, Params: e.Params})
	}
}

// Outgoing messages: one struct each, marshalled directly.
type (
	outCall struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id,omitempty"`
		Method  string          `json:"method"`
		Params  any             `json:"params,omitempty"`
	}
	outResult struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  any             `json:"result"`
	}
	outError struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}
)

// Reply answers the request with id: with err when it is not nil (a
// *jsonrpc2.Error keeps its code), else with result.
func (c *Conn) Reply(id json.RawMessage, result any, err error) error {
	if err != nil {
		var rpcErr *jsonrpc2.Error
		if !errors.As(err, &rpcErr) {
			rpcErr = &jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: err.Error()}
		}
		_, err = c.stream.write(&outError{JSONRPC: jsonrpc2.Version, ID: id, Error: rpcErr}, 0)
		return err
	}
	_, err = c.stream.write(&outResult{JSONRPC: jsonrpc2.Version, ID: id, Result: result}, 0)
	if errors.Is(err, errMarshal) {
		// Still answer, or the client would wait forever.
		c.stream.write(&outError{JSONRPC: jsonrpc2.Version, ID: id, Error: &jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: err.Error()}}, 0)
	}
	return err
}

// Notify sends a notification.
func (c *Conn) Notify(method string, params any) error {
	hint := 0
	if c.sizeHint != nil {
		hint = c.sizeHint(params)
	}
	_, err := c.stream.write(&outCall{JSONRPC: jsonrpc2.Version, Method: method, Params: params}, hint)
	return err
}

// ErrClosed answers calls still waiting when the connection ends.
var ErrClosed = errors.New("connection closed")

// Call sends a request and waits for its response, decoding its result into
// result (when not nil). An error response is returned as a *jsonrpc2.Error.
// The read loop delivers the response, so Call must not run on it.
func (c *Conn) Call(ctx context.Context, method string, params, result any) error {
	id := json.RawMessage(strconv.FormatInt(c.seq.Add(1), 10))
	ch := make(chan *envelope, 1)
	c.mu.Lock()
	c.pending[string(id)] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, string(id))
		c.mu.Unlock()
	}()
	if _, err := c.stream.write(&outCall{JSONRPC: jsonrpc2.Version, ID: id, Method: method, Params: params}, 0); err != nil {
		return err
	}
	select {
	case e := <-ch:
		return e.decodeResult(result)
	case <-ctx.Done():
		return ctx.Err()
	case <-c.done:
		select {
		case e := <-ch: // answered just before the end
			return e.decodeResult(result)
		default:
			return ErrClosed
		}
	}
}

// decodeResult returns the error of a response, or decodes its result into
// result (when not nil).
func (e *envelope) decodeResult(result any) error {
	if e.Error != nil {
		return e.Error
	}
	if result == nil || len(e.Result) == 0 {
		return nil
	}
	if err := sjson.Unmarshal(e.Result, result); err != nil {
		return fmt.Errorf("unmarshaling result: %w", err)
	}
	return nil
}

// Close closes the underlying stream, which ends the read loop.
func (c *Conn) Close() error { return c.stream.Close() }
