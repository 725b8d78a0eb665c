package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonrpc"
)

// client speaks LSP to a server process over its stdin/stdout.
type client struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	wmu    sync.Mutex
	nextID int

	mu      sync.Mutex
	pending map[int]chan response
	notes   chan notification
	done    chan struct{} // closed when the server's output ends
	timeout time.Duration
}

type response struct {
	// Sent is when the request's first byte was written, At when the response's
	// last byte was read: their difference is the latency on the wire.
	Sent, At time.Time
	Result   json.RawMessage
	Error    *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
}

type notification struct {
	Method string
	Params json.RawMessage
	At     time.Time // when its last byte was read
}

// start runs the server binary and begins reading its messages.
func start(path string, args []string, timeout time.Duration) (*client, error) {
	cmd := exec.Command(path, args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if os.Getenv("CFN_BENCH_SERVER_LOG") != "" {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &client{cmd: cmd, in: in, pending: map[int]chan response{},
		notes: make(chan notification, 1024), done: make(chan struct{}), timeout: timeout}
	go c.read(bufio.NewReaderSize(out, 1<<16))
	return c, nil
}

func (c *client) read(r *bufio.Reader) {
	defer close(c.done)
	for {
		body, err := jsonrpc.ReadFrame(r)
		if err != nil {
			return
		}
		at := time.Now() // before decoding: the driver's own JSON speed is not the server's
		var m jsonrpc.Message
		if json.Unmarshal(body, &m) != nil {
			continue
		}
		switch {
		case m.Method != "" && len(m.ID) > 0:
			c.answer(m)
		case m.Method != "":
			select {
			case c.notes <- notification{Method: m.Method, Params: m.Params, At: at}:
			default: // nobody is listening; drop rather than block the server
			}
		default:
			id, err := strconv.Atoi(string(m.ID))
			if err != nil {
				continue
			}
			c.mu.Lock()
			ch := c.pending[id]
			delete(c.pending, id)
			c.mu.Unlock()
			if ch != nil {
				ch <- response{At: at, Result: m.Result, Error: m.Error}
			}
		}
	}
}

// answer replies to a request from the server: configuration gets empty
// settings, everything else a null result.
func (c *client) answer(m jsonrpc.Message) {
	var result any
	if m.Method == "workspace/configuration" {
		var p struct {
			Items []json.RawMessage `json:"items"`
		}
		json.Unmarshal(m.Params, &p)
		result = make([]any, len(p.Items))
	}
	c.write(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
}

// write sends one message and returns when its first byte went out: the message
// is encoded before, so that the driver's own JSON speed is not counted.
func (c *client) write(v any) (time.Time, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return time.Time{}, err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	sent := time.Now()
	return sent, jsonrpc.WriteFrame(c.in, body)
}

// call sends a request and waits (bounded) for its response.
func (c *client) call(method string, params any) (response, error) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan response, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	sent, err := c.write(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	if err != nil {
		return response{}, err
	}
	select {
	case r := <-ch:
		r.Sent = sent
		if r.Error != nil {
			return r, fmt.Errorf("%s: %s", method, r.Error.Message)
		}
		return r, nil
	case <-c.done:
		return response{}, fmt.Errorf("%s: server exited", method)
	case <-time.After(c.timeout):
		return response{}, fmt.Errorf("%s: no response within %v", method, c.timeout)
	}
}

// notify sends a notification and returns when its first byte went out.
func (c *client) notify(method string, params any) (time.Time, error) {
	return c.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

type published struct {
	URI         string            `json:"uri"`
	Version     *int              `json:"version"`
	Diagnostics []json.RawMessage `json:"diagnostics"`
}

// waitDiagnostics waits (bounded) for diagnostics of uri accepted by ok, and
// returns when they arrived.
func (c *client) waitDiagnostics(uri string, ok func(published) bool) (published, time.Time, error) {
	deadline := time.After(c.timeout)
	for {
		select {
		case n := <-c.notes:
			if n.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p published
			if json.Unmarshal(n.Params, &p) != nil || p.URI != uri || !ok(p) {
				continue
			}
			return p, n.At, nil
		case <-c.done:
			return published{}, time.Time{}, errors.New("server exited")
		case <-deadline:
			return published{}, time.Time{}, fmt.Errorf("no diagnostics within %v", c.timeout)
		}
	}
}

// drain discards pending notifications.
func (c *client) drain() {
	for {
		select {
		case <-c.notes:
		default:
			return
		}
	}
}

// peakRSS returns the process's peak resident set (VmHWM) in bytes.
func (c *client) peakRSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM")
}

// cpu returns the CPU time (user+system) the server has used so far, at the
// kernel's clock-tick resolution (10 ms), or -1 when it cannot be read. On a
// busy machine it tells the server's own work apart from time spent waiting.
func (c *client) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.cmd.Process.Pid))
	if err != nil {
		return -1
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+1:]
	}
	f := strings.Fields(s) // f[0] is field 3 (state); utime and stime are fields 14 and 15
	if len(f) < 13 {
		return -1
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return time.Duration(u+st) * 10 * time.Millisecond
}

// stop shuts the server down politely, then kills it if it lingers.
func (c *client) stop() {
	done := make(chan struct{})
	go func() {
		c.call("shutdown", nil)
		c.notify("exit", nil)
		c.in.Close()
		c.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-done
	}
}
