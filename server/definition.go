package server

import (
	"context"
	"path/filepath"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
)

// definition answers textDocument/definition: the declaration of the parameter,
// resource, condition or mapping named at the cursor, or the local file of a
// nested stack's TemplateURL; across the workspace (its index, off the
// ordered request path), the outputs exporting an imported name, a nested
// stack's child parameter or output, the SSM parameter resource writing a name
// read.
func (s *Server) definition(ctx context.Context, p *protocol.DefinitionParams) (any, error) {
	sn, t, pos := s.at(p.TextDocumentPositionParams)
	if sn == nil {
		return nil, nil
	}
	if loc, ok := navigation.Definition(t, pos); ok {
		if loc.File == "" {
			return []protocol.Location{{URI: sn.URI, Range: toRange(loc.Range)}}, nil
		}
		if path := localFile(sn.URI, loc.File); path != "" {
			return []protocol.Location{{URI: fileURI(path)}}, nil
		}
		return nil, nil
	}
	path := pathOf(sn.URI)
	if path == "" {
		return nil, nil
	}
	ix := s.index()
	return deferred(func(ctx context.Context) (any, error) {
		s.awaitIndex(ctx)
		return toLocations(ix.Definition(path, t, pos)), ctx.Err()
	}), nil
}

// at returns the open document a position request names, its template and
// the position; sn is nil when the document is not open.
func (s *Server) at(p protocol.TextDocumentPositionParams) (sn *snapshot, t *template.Template, pos template.Pos) {
	sn = s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return nil, nil, pos
	}
	return sn, sn.Template(), fromPos(p.Position)
}

// toLocations translates the index's locations.
func toLocations(ls []workspace.Location) []protocol.Location {
	out := make([]protocol.Location, 0, len(ls))
	for _, l := range ls {
		out = append(out, protocol.Location{URI: uriOf(l.URI), Range: toRange(l.Range)})
	}
	return out
}

// localFile resolves a nested template's path against the document's
// directory; "" when the document is not a file or the target is not a regular
// file.
func localFile(doc protocol.DocumentURI, file string) string {
	if !filepath.IsAbs(file) {
		dir := pathOf(doc)
		if dir == "" {
			return ""
		}
		file = filepath.Join(filepath.Dir(dir), filepath.FromSlash(file))
	}
	if _, ok := fileio.Regular(file); !ok {
		return ""
	}
	return file
}
