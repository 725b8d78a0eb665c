package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
)

// references answers textDocument/references for parameters, resources,
// conditions and mappings (short and long forms, Sub strings included), and,
// through the workspace index (off the ordered request path), for what other
// templates use: an export's imports, a nested stack's child parameters and
// outputs as its parents pass and read them, an SSM parameter's readers.
func (s *Server) references(ctx context.Context, p *protocol.ReferenceParams) (any, error) {
	sn, t, pos := s.at(p.TextDocumentPositionParams)
	if sn == nil {
		return nil, nil
	}
	out := []protocol.Location{}
	path := pathOf(sn.URI)
	// An export's uses are the index's business, this template's own included.
	if target, _, ok := navigation.At(t, pos); ok && (target.Section != navigation.Exports || path == "") {
		for _, r := range navigation.FindReferences(t, target, p.Context.IncludeDeclaration) {
			out = append(out, protocol.Location{URI: sn.URI, Range: toRange(r)})
		}
	}
	if path == "" {
		return out, nil
	}
	ix := s.index()
	return deferred(func(ctx context.Context) (any, error) {
		s.awaitIndex(ctx)
		seen := map[protocol.Location]bool{}
		for _, l := range out {
			seen[l] = true
		}
		for _, l := range toLocations(ix.References(path, t, pos, p.Context.IncludeDeclaration)) {
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
		return out, ctx.Err()
	}), nil
}
