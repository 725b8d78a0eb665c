package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"strconv"
	"strings"
	"sync"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	sjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

// maxMessage bounds one incoming message; a larger Content-Length is refused.
const maxMessage = 64 << 20

// stream frames JSON-RPC messages with Content-Length headers. It survives bad
// input: a header without a usable Content-Length is answered with a parse error
// (as the LSP specification asks) and skipped, and reading goes on.
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

// Read returns the body of the next message, in a buffer of its own that the
// caller keeps.
func (s *stream) Read(ctx context.Context) ([]byte, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		length, err := s.readHeader()
		if err != nil {
			return nil, err
		}
		if length < 0 {
			continue // no usable Content-Length: already answered, skip this header block
		}
		// A large message is a document's text: have its parse tree's memory
		// prepared on another core while the text arrives and is decoded.
		template.Prepare(length)
		data := make([]byte, length)
		if _, err := io.ReadFull(s.in, data); err != nil {
			return nil, err
		}
		return data, nil
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

// errMarshal is a message that could not be encoded (nothing was written).
var errMarshal = errors.New("marshaling message")

// headerRoom is the room reserved in front of an encoded body for its header:
// "Content-Length: " + up to 20 digits + "\r\n\r\n".
const headerRoom = 40

// maxPooled bounds the frame buffers kept for reuse.
const maxPooled = 16 << 20

var framePool = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// Write marshals v once, straight into a frame buffer after room left for the
// header, and sends header and body with a single write.
func (s *stream) Write(v any) (int64, error) {
	bp := framePool.Get().(*[]byte)
	buf := *bp
	if want := headerRoom + sizeHint(v); cap(buf) < want {
		buf = make([]byte, 0, want)
	}
	buf, err := sjson.Append(buf[:headerRoom], v, sjson.SortMapKeys)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", errMarshal, err)
	}
	var hdr [headerRoom]byte
	h := appendHeader(hdr[:0], len(buf)-headerRoom)
	frame := buf[headerRoom-len(h):]
	copy(frame, h)
	s.wmu.Lock()
	n, err := s.out.Write(frame)
	s.wmu.Unlock()
	if cap(buf) <= maxPooled {
		*bp = buf[:0]
		framePool.Put(bp)
	}
	return int64(n), err
}

// appendHeader appends the header of a body of n bytes.
func appendHeader(dst []byte, n int) []byte {
	return append(strconv.AppendInt(append(dst, "Content-Length: "...), int64(n), 10), "\r\n\r\n"...)
}

// sizeHint guesses the encoded size of the messages that can be large, so that
// their buffer is allocated once instead of grown by copying.
func sizeHint(v any) int {
	m, ok := v.(*outCall)
	if !ok {
		return 0
	}
	p, ok := m.Params.(*protocol.PublishDiagnosticsParams)
	if !ok {
		return 0
	}
	n := 128 + len(p.URI)
	for i := range p.Diagnostics {
		d := &p.Diagnostics[i]
		// The fixed fields take about 130 bytes; escapes make text a little longer.
		n += 150 + len(d.Source) + len(d.Message) + len(d.Message)/8
		if code, ok := d.Code.(string); ok {
			n += len(code)
		}
	}
	return n
}

// writeRaw sends an already encoded body.
func (s *stream) writeRaw(data []byte) (int64, error) {
	var hdr [headerRoom]byte
	h := appendHeader(hdr[:0], len(data))
	s.wmu.Lock()
	defer s.wmu.Unlock()
	n, err := s.out.Write(h)
	if err != nil {
		return int64(n), err
	}
	m, err := s.out.Write(data)
	return int64(n + m), err
}

func (s *stream) Close() error {
	if s.c != nil {
		return s.c.Close()
	}
	return nil
}

// parseErrorResponse answers a message that could not be decoded: invalid JSON
// is a parse error; valid JSON that is not a JSON-RPC message is an invalid
// request, echoing its id when it has a usable one.
func parseErrorResponse(data []byte, err error) []byte {
	if !json.Valid(data) {
		return rpcError(nil, -32700, err.Error())
	}
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(data, &probe) != nil || len(probe.ID) == 0 || !validID(probe.ID) {
		probe.ID = nil
	}
	return rpcError(probe.ID, -32600, err.Error())
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
