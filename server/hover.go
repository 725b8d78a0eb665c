package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/hover"
)

// descriptionHint ends the first resource or property hover of a session
// whose spec has no descriptions (the embedded one has none).
const descriptionHint = "_No descriptions in this specification: run `cfn-lsp spec update` to download the registry schemas that carry them._"

// hover answers textDocument/hover from the parse of the current version (parsed
// once per version, shared with the other features).
func (s *Server) hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return nil, nil
	}
	spec := s.currentSpec()
	t := sn.Settled(fromPos(p.Position))
	r := hover.Hover(t, fromPos(p.Position), spec)
	if path := pathOf(sn.URI); path != "" {
		if md, rng, ok := s.index().Hover(path, t, fromPos(p.Position)); ok {
			if r == nil {
				r = &hover.Result{Range: rng}
			} else {
				md = "\n\n---\n\n" + md
			}
			r.Markdown += md
		}
	}
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
	md := r.Markdown
	if r.Schema && !spec.HasDescriptions() && s.descriptionHint.CompareAndSwap(false, true) {
		md += "\n\n---\n" + descriptionHint
	}
	rng := toRange(r.Range)
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: md},
		Range:    &rng,
	}, nil
}
