package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// maxMessage bounds one incoming message; a larger Content-Length is refused.
const maxMessage = 64 << 20

// stream frames JSON-RPC messages with Content-Length headers. Unlike
// jsonrpc2.NewStream it survives bad input: a message that is not valid JSON-RPC
// is answered with a parse error (as the LSP specification asks) and reading goes
// on; a header without a usable Content-Length is skipped.
type stream struct {
	in  *bufio.Reader
	out io.Writer
	c   io.Closer
	wmu sync.Mutex
	log *log.Logger
}

func newStream(r io.Reader, w io.Writer, c io.Closer, logger *log.Logger) *stream {
	return &stream{in: bufio.NewReaderSize(r, 1<<16), out: w, c: c, log: logger}
}

func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		length, err := s.readHeader()
		if err != nil {
			return nil, 0, err
		}
		if length < 0 {
			continue // no usable Content-Length: already logged, skip this header block
		}
		data := make([]byte, length)
		if _, err := io.ReadFull(s.in, data); err != nil {
			return nil, 0, err
		}
		msg, err := jsonrpc2.DecodeMessage(data)
		if err != nil {
			s.log.Printf("invalid message: %v", err)
			s.writeRaw(parseErrorResponse(data, err))
			continue
		}
		return msg, int64(length), nil
	}
}

// readHeader reads one header block and returns its Content-Length, or -1 when it
// has none that can be used.
func (s *stream) readHeader() (int, error) {
	length := -1
	bad := ""
	seen := false
	for {
		line, err := s.in.ReadString('\n')
		if err != nil {
			return 0, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if !seen {
				continue // stray blank line between messages
			}
			break
		}
		seen = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			bad = fmt.Sprintf("malformed header %q", line)
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > maxMessage {
				bad = fmt.Sprintf("bad Content-Length %q", value)
				continue
			}
			length = n
		}
	}
	if bad != "" || length < 0 {
		if bad == "" {
			bad = "header without Content-Length"
		}
		s.log.Print(bad)
		s.writeRaw(rpcError(nil, -32700, bad))
		if length >= 0 && bad != "" {
			// A known length with another broken header: drop the body too.
			io.CopyN(io.Discard, s.in, int64(length))
		}
		return -1, nil
	}
	return length, nil
}

func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeRaw(data)
}

func (s *stream) writeRaw(data []byte) (int64, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	n, err := fmt.Fprintf(s.out, "Content-Length: %d\r\n\r\n%s", len(data), data)
	return int64(n), err
}

func (s *stream) Close() error {
	if s.c != nil {
		return s.c.Close()
	}
	return nil
}

// parseErrorResponse answers a message that could not be decoded, echoing its id
// when the text still has a readable one.
func parseErrorResponse(data []byte, err error) []byte {
	var probe struct {
		ID     json.RawMessage `json:"id"`
		Method *string         `json:"method"`
	}
	if json.Unmarshal(data, &probe) == nil && len(probe.ID) > 0 {
		code := -32600 // valid JSON, invalid request
		return rpcError(probe.ID, code, err.Error())
	}
	return rpcError(nil, -32700, err.Error())
}

func rpcError(id json.RawMessage, code int, msg string) []byte {
	if id == nil {
		id = json.RawMessage("null")
	}
	b, _ := json.Marshal(map[string]any{
		"jsonrpc": "2.0", "id": id, "error": map[string]any{"code": code, "message": msg},
	})
	return b
}
