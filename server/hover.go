package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/hover"
)

// hover answers textDocument/hover from the parse of the current version (parsed
// once per version, shared with the other features).
func (s *Server) hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return nil, nil
	}
	r := hover.Hover(sn.Template(), fromPos(p.Position), s.currentSpec())
	if note, rng := s.stackHover(sn, fromPos(p.Position)); note != "" {
		if r == nil {
			r = &hover.Result{Range: rng}
		} else {
			note = "\n\n---\n\n" + note
		}
		r.Markdown += note
	}
	if r == nil {
		return nil, nil
	}
	rng := toRange(r.Range)
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: r.Markdown},
		Range:    &rng,
	}, nil
}
