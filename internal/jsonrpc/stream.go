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
	"strconv"
	"strings"
	"sync"

	sjson "github.com/segmentio/encoding/json"
)

// maxMessage bounds one incoming message; a larger Content-Length is refused.
const maxMessage = 64 << 20

// stream frames JSON-RPC messages with Content-Length headers. It survives bad
// input and finds the next well-formed frame after any malformed one:
//   - a header block without a usable Content-Length (missing, negative, not a
//     number, too large) is answered with a parse error, as LSP asks, and what
//     follows it is skipped, as its body, up to the next Content-Length header;
//   - input where a header block should begin that is not a header (what is left
//     of a body longer than its Content-Length) is skipped the same way;
//   - a body shorter than its Content-Length ends where the next frame's header
//     begins, and is answered as the broken message it is.
//
// A header line can be told from a body's bytes because a JSON text never holds
// one: outside its strings there are no words, inside them no raw line breaks.
// The search looks for the spelling every client writes, "Content-Length:".
type stream struct {
	src     *rewind // bytes put back by readBody, then the connection
	in      *bufio.Reader
	out     io.Writer
	c       io.Closer
	wmu     sync.Mutex
	log     *log.Logger
	onFrame func(int)
	skipped int // bytes skipped since the last frame, for the log
}

func newStream(r io.Reader, w io.Writer, c io.Closer, logger *log.Logger, onFrame func(int)) *stream {
	src := &rewind{r: r}
	return &stream{src: src, in: bufio.NewReaderSize(src, 1<<16), out: w, c: c, log: logger, onFrame: onFrame}
}

// rewind reads the bytes put back into it, then its reader.
type rewind struct {
	pending []byte
	r       io.Reader
}

func (p *rewind) Read(b []byte) (int, error) {
	if len(p.pending) > 0 {
		n := copy(b, p.pending)
		p.pending = p.pending[n:]
		return n, nil
	}
	return p.r.Read(b)
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
			// Answered already: skip the body, whose end is unknown.
			if err := s.skipToHeader(); err != nil {
				return nil, err
			}
			continue
		}
		if s.onFrame != nil {
			s.onFrame(length)
		}
		return s.readBody(length)
	}
}

// readHeader reads one header block and returns its Content-Length, or -1 when it
// has none that can be used (the block has then been answered with a parse error).
func (s *stream) readHeader() (int, error) {
	length := -1
	bad := ""
	seen := false
	for {
		raw, long, err := s.peekLine()
		if err != nil {
			return 0, err
		}
		if !seen {
			if len(bytes.TrimRight(raw, "\r\n")) == 0 {
				s.in.Discard(len(raw)) // stray blank line between messages
				continue
			}
			if long || !isHeaderLine(raw) {
				if err := s.skipToHeader(); err != nil {
					return 0, err
				}
				continue
			}
		}
		line := strings.TrimRight(string(raw), "\r\n")
		s.in.Discard(len(raw))
		if long {
			bad = "header line too long"
			continue
		}
		if line == "" {
			break
		}
		if !seen && s.skipped > 0 {
			s.log.Printf("skipped %d bytes of input up to the next message header", s.skipped)
			s.skipped = 0
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
		return -1, nil
	}
	return length, nil
}

// peekLine returns the next line, with its line break, without consuming it;
// long says the buffer filled before a line break came (no header line is that
// long), and the line is then the whole buffer.
func (s *stream) peekLine() (line []byte, long bool, err error) {
	scanned := 0
	for {
		if _, err := s.in.Peek(scanned + 1); err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, false, err
		}
		b, _ := s.in.Peek(s.in.Buffered())
		if i := bytes.IndexByte(b[scanned:], '\n'); i >= 0 {
			return b[:scanned+i+1], false, nil
		}
		if len(b) == s.in.Size() {
			return b, true, nil
		}
		scanned = len(b)
	}
}

// isHeaderLine reports whether line reads "Name: value", with a name made of
// the characters header names are made of.
func isHeaderLine(line []byte) bool {
	if i := bytes.Index(line, headerName); i > 0 {
		return false // something else, then a header: input to skip
	}
	name, _, ok := bytes.Cut(line, []byte(":"))
	if !ok || len(name) == 0 {
		return false
	}
	for _, c := range name {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// skipToHeader discards input up to the next Content-Length header line.
func (s *stream) skipToHeader() error {
	for {
		if _, err := s.in.Peek(1); err != nil {
			return err
		}
		b, _ := s.in.Peek(s.in.Buffered())
		i, complete := findHeader(b)
		switch {
		case complete:
			s.discard(i)
			return nil
		case i > 0:
			s.discard(i) // keep what may be the start of a header
		case i == 0:
			// Only the start of what may be a header is buffered: wait for more.
			if _, err := s.in.Peek(len(b) + 1); err != nil {
				return err
			}
		default:
			s.discard(len(b))
		}
	}
}

func (s *stream) discard(n int) {
	s.in.Discard(n)
	s.skipped += n
}

// readBody reads a body of n bytes, or less when the next frame's header comes
// first: that header is put back, and the short body returned (it fails to
// decode, and is answered as such).
func (s *stream) readBody(n int) ([]byte, error) {
	data := make([]byte, n)
	for off, scanned := 0, 0; off < n; {
		m, err := s.in.Read(data[off:])
		off += m
		if err != nil && off < n {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		from := max(0, scanned-headerLookback)
		if i, complete := findHeader(data[from:off]); complete {
			return s.putBack(data, from+i, off), nil
		}
		scanned = off
	}
	// The body may end inside the next frame's header line.
	from := max(0, n-headerLookback)
	if i, _ := findHeader(data[from:]); i >= 0 {
		return s.putBack(data, from+i, n), nil
	}
	return data, nil
}

// putBack returns data[:i] as the body, and puts data[i:end] back in front of
// the input that is still to be read.
func (s *stream) putBack(data []byte, i, end int) []byte {
	buffered, _ := s.in.Peek(s.in.Buffered())
	rest := make([]byte, 0, end-i+len(buffered)+len(s.src.pending))
	rest = append(append(append(rest, data[i:end]...), buffered...), s.src.pending...)
	s.src.pending = rest
	s.in.Reset(s.src)
	s.log.Printf("a message ended %d bytes before its Content-Length said, where the next header begins", len(data)-i)
	return data[:i:i]
}

// headerName starts the header line findHeader looks for.
var headerName = []byte("Content-Length:")

// headerLookback is how far back of newly read bytes a header line may start:
// its name, blanks and up to 20 digits, and its line break.
const headerLookback = 15 + 8 + 20 + 8 + 2

// findHeader returns the offset of the first Content-Length header line in b
// (complete), or else, when b ends with what may be the start of one, the offset
// of that start (not complete); -1 when there is neither.
func findHeader(b []byte) (i int, complete bool) {
	for from := 0; ; {
		j := bytes.Index(b[from:], headerName)
		if j < 0 {
			break
		}
		j += from
		switch headerLineRest(b[j+len(headerName):]) {
		case restComplete:
			return j, true
		case restTruncated:
			return j, false
		}
		from = j + 1
	}
	for k := min(len(headerName)-1, len(b)); k > 0; k-- {
		if bytes.HasPrefix(headerName, b[len(b)-k:]) {
			return len(b) - k, false
		}
	}
	return -1, false
}

const (
	restNot = iota
	restComplete
	restTruncated
)

// headerLineRest says whether b, what follows "Content-Length:", completes a
// header line (blanks, a number, blanks, a line break), may still complete one
// when more input comes, or cannot.
func headerLineRest(b []byte) int {
	i := 0
	skip := func(ok func(byte) bool, most int) int {
		n := 0
		for i < len(b) && n < most && ok(b[i]) {
			i++
			n++
		}
		return n
	}
	blank := func(c byte) bool { return c == ' ' || c == '\t' }
	skip(blank, 8)
	if skip(func(c byte) bool { return '0' <= c && c <= '9' }, 20) == 0 {
		if i == len(b) {
			return restTruncated
		}
		return restNot
	}
	skip(blank, 8)
	switch {
	case i == len(b):
		return restTruncated
	case b[i] == '\n':
		return restComplete
	case b[i] != '\r':
		return restNot
	case i+1 == len(b):
		return restTruncated
	case b[i+1] == '\n':
		return restComplete
	}
	return restNot
}

// errMarshal is a message that could not be encoded (nothing was written).
var errMarshal = errors.New("marshaling message")

// headerRoom is the room reserved in front of an encoded body for its header:
// "Content-Length: " + up to 20 digits + "\r\n\r\n".
const headerRoom = 40

// maxPooled bounds the frame buffers kept for reuse.
const maxPooled = 16 << 20

var framePool = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// write marshals v once, straight into a frame buffer after room left for the
// header, and sends header and body with a single write. sizeHint guesses the
// body's size (0: no guess).
func (s *stream) write(v any, sizeHint int) (int64, error) {
	bp := framePool.Get().(*[]byte)
	buf := *bp
	if want := headerRoom + sizeHint; cap(buf) < want {
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
