package jsonrpc

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The client side of the transport, for the programs and tests that drive a
// language server over a byte stream (the benchmark driver, the protocol and
// editor tests). Unlike the server's stream it trusts its peer: a malformed
// frame is an error, not something to resynchronise after.

// maxFrame bounds the body ReadFrame allocates. It is above maxMessage, the
// bound on what the server reads, since a server's answers (the diagnostics of
// a large template) may be larger than the requests it accepts.
const maxFrame = 256 << 20

// ReadFrame reads one Content-Length frame from r and returns its body.
func ReadFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(v)); err != nil {
				return nil, fmt.Errorf("bad Content-Length %q", v)
			}
		}
	}
	if length < 0 || length > maxFrame {
		return nil, fmt.Errorf("bad Content-Length %d", length)
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

// WriteFrame writes body as one frame: the header, then the body as it is
// (not copied, which a benchmark driver timing a large didOpen would count).
func WriteFrame(w io.Writer, body []byte) error {
	var hdr [headerRoom]byte
	if _, err := w.Write(appendHeader(hdr[:0], len(body))); err != nil {
		return err
	}
	_, err := w.Write(body)
	return err
}

// Message is any JSON-RPC message as a client reads it: a request or
// notification from the server (Method set) or the answer to a call.
type Message struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}
