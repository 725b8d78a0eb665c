package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/stack"
)

// inlayHintParams and inlayHint are LSP 3.17's, which protocol v0.12.0 does not have.
type inlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

type inlayHint struct {
	Position    protocol.Position `json:"position"`
	Label       string            `json:"label"`
	Tooltip     string            `json:"tooltip,omitempty"`
	PaddingLeft bool              `json:"paddingLeft,omitempty"`
}

// inlayHint answers textDocument/inlayHint: the values the active deployment
// gives the intrinsic functions in the range (see stack.Hints). It runs off
// the ordered request path, as other whole-range answers do.
func (s *Server) inlayHint(ctx context.Context, p *inlayHintParams) ([]inlayHint, error) {
	out := []inlayHint{}
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return out, nil
	}
	v := s.viewOf(sn)
	if v == nil {
		return out, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	for _, h := range stack.Hints(v.tg.Resolver(sn.Template(), v.live), fromRange(p.Range)) {
		out = append(out, inlayHint{Position: toPos(h.Pos), Label: h.Label, Tooltip: h.Tooltip, PaddingLeft: true})
	}
	return out, nil
}

// UnmarshalJSON reads initialize's params, and whether the client takes
// workspace/inlayHint/refresh, which protocol v0.12.0's capabilities lack.
func (p *initializeParams) UnmarshalJSON(raw []byte) error {
	if err := json.Unmarshal(raw, &p.InitializeParams); err != nil {
		return err
	}
	var caps struct {
		Capabilities struct {
			Workspace struct {
				InlayHint struct {
					RefreshSupport bool `json:"refreshSupport"`
				} `json:"inlayHint"`
			} `json:"workspace"`
		} `json:"capabilities"`
	}
	p.inlayHintRefresh = json.Unmarshal(raw, &caps) == nil && caps.Capabilities.Workspace.InlayHint.RefreshSupport
	return nil
}
