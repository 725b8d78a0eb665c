package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
)

// documentHighlight answers textDocument/documentHighlight: the declaration
// (write) and the references (read) of the name at the cursor.
func (s *Server) documentHighlight(ctx context.Context, p *protocol.DocumentHighlightParams) ([]protocol.DocumentHighlight, error) {
	out := []protocol.DocumentHighlight{}
	sn, t, pos := s.at(p.TextDocumentPositionParams)
	if sn == nil {
		return out, nil
	}
	for _, h := range navigation.Highlights(t, pos) {
		kind := protocol.DocumentHighlightKindRead
		if h.Write {
			kind = protocol.DocumentHighlightKindWrite
		}
		out = append(out, protocol.DocumentHighlight{Range: toRange(h.Range), Kind: kind})
	}
	return out, nil
}
