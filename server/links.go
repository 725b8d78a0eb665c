package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
)

// documentLink answers textDocument/documentLink: each resource type links to
// its documentation, each nested stack's local TemplateURL to its file (when it
// exists). Like semantic tokens it runs off the ordered request path.
func (s *Server) documentLink(ctx context.Context, p *protocol.DocumentLinkParams) ([]protocol.DocumentLink, error) {
	out := []protocol.DocumentLink{}
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return out, nil
	}
	for _, l := range navigation.Links(sn.Template(), s.currentSpec()) {
		target, tip := protocol.DocumentURI(l.URL), "Documentation"
		if l.File != "" {
			path := localFile(sn.URI, l.File)
			if path == "" {
				continue
			}
			target, tip = fileURI(path), "Nested template"
		}
		out = append(out, protocol.DocumentLink{Range: toRange(l.Range), Target: target, Tooltip: tip})
	}
	return out, nil
}
