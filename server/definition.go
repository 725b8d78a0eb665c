package server

import (
	"context"
	"path/filepath"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
)

// definition answers textDocument/definition: the declaration of the parameter,
// resource, condition or mapping named at the cursor, the output exporting an
// imported name (in this template, another open one, or a template file beside
// it, read off the ordered request path), or the local file of a nested stack's
// TemplateURL.
func (s *Server) definition(ctx context.Context, p *protocol.DefinitionParams) (any, error) {
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return nil, nil
	}
	t := sn.Template()
	pos := fromPos(p.Position)
	if loc, ok := navigation.Definition(t, pos); ok {
		if loc.File == "" {
			return []protocol.Location{{URI: sn.URI, Range: toRange(loc.Range)}}, nil
		}
		if path := localFile(sn.URI, loc.File); path != "" {
			return []protocol.Location{{URI: fileURI(path)}}, nil
		}
		return nil, nil
	}
	target, _, ok := navigation.At(t, pos)
	if !ok || target.Section != navigation.Exports {
		return nil, nil
	}
	others := s.openSnapshots()
	return deferred(func(ctx context.Context) (any, error) {
		var out []protocol.Location
		for _, o := range otherTemplates(ctx, sn.URI, others, exportNeedle(target.Name)) {
			if r, ok := navigation.Declaration(o, target); ok {
				out = append(out, protocol.Location{URI: uriOf(o.URI), Range: toRange(r)})
			}
		}
		return out, ctx.Err()
	}), nil
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

// openSnapshots returns the latest snapshot of every open document.
func (s *Server) openSnapshots() []*snapshot {
	s.mu.Lock()
	uris := make([]protocol.DocumentURI, 0, len(s.docs))
	for u := range s.docs {
		uris = append(uris, u)
	}
	s.mu.Unlock()
	var out []*snapshot
	for _, u := range uris {
		if sn := s.snapshot(u); sn != nil {
			out = append(out, sn)
		}
	}
	return out
}
