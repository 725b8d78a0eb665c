package server

import (
	"context"
	"fmt"
)

// progress reports work-done progress under a server-created token, when the
// client supports it.
type progress struct {
	s     *Server
	token string // "" when the client does not take progress
}

func (s *Server) startProgress(ctx context.Context, title string) *progress {
	p := &progress{s: s}
	s.mu.Lock()
	ok := s.caps.Window != nil && s.caps.Window.WorkDoneProgress
	s.mu.Unlock()
	if !ok {
		return p
	}
	token := fmt.Sprintf("cfn-lsp/launch/%d", s.progressSeq.Add(1))
	if err := s.call(ctx, "window/workDoneProgress/create", map[string]any{"token": token}, nil); err != nil {
		return p
	}
	p.token = token
	p.send(map[string]any{"kind": "begin", "title": title, "cancellable": false})
	return p
}

func (p *progress) send(value map[string]any) {
	if p.token != "" {
		p.s.notify(context.Background(), "$/progress", map[string]any{"token": p.token, "value": value})
	}
}

func (p *progress) report(msg string) { p.send(map[string]any{"kind": "report", "message": msg}) }
func (p *progress) end(msg string)    { p.send(map[string]any{"kind": "end", "message": msg}) }
