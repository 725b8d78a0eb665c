package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// references answers textDocument/references for parameters, resources,
// conditions and mappings (short and long forms, Sub strings included) and for
// output exports, whose Fn::ImportValue uses are searched in every open template
// and in the template files beside this one (off the ordered request path).
func (s *Server) references(ctx context.Context, p *protocol.ReferenceParams) (any, error) {
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return nil, nil
	}
	t := sn.Template()
	target, _, ok := navigation.At(t, fromPos(p.Position))
	if !ok {
		return nil, nil
	}
	out := []protocol.Location{}
	for _, r := range navigation.FindReferences(t, target, p.Context.IncludeDeclaration) {
		out = append(out, protocol.Location{URI: sn.URI, Range: toRange(r)})
	}
	if target.Section != navigation.Exports {
		return out, nil
	}
	others := s.openSnapshots()
	return deferred(func(ctx context.Context) (any, error) {
		for _, o := range otherTemplates(ctx, sn.URI, others, exportNeedle(target.Name)) {
			for _, r := range navigation.FindReferences(o, target, p.Context.IncludeDeclaration) {
				out = append(out, protocol.Location{URI: uriOf(o.URI), Range: toRange(r)})
			}
		}
		return out, ctx.Err()
	}), nil
}

// maxSiblings bounds the entries of a document's directory looked at for exports.
const maxSiblings = 500

// otherTemplates returns the parsed templates, other than doc, where an export
// may be declared or imported: the open documents, and the template files
// beside doc on disk whose text contains needle (a cheap filter before parsing).
// It stops when ctx is cancelled.
func otherTemplates(ctx context.Context, doc protocol.DocumentURI, open []*snapshot, needle string) []*template.Template {
	var out []*template.Template
	isOpen := map[string]bool{}
	sort.Slice(open, func(i, j int) bool { return open[i].URI < open[j].URI })
	for _, o := range open {
		isOpen[pathOf(o.URI)] = true
		if o.URI != doc {
			out = append(out, o.Template())
		}
	}
	path := pathOf(doc)
	if path == "" || needle == "" {
		return out
	}
	for _, f := range siblingFiles(path) {
		if ctx.Err() != nil {
			return out
		}
		if isOpen[f] {
			continue
		}
		b, err := fileio.ReadFile(f, template.MaxSize)
		if err != nil || !bytes.Contains(b, []byte(needle)) {
			continue
		}
		out = append(out, template.Parse(string(fileURI(f)), string(b)))
	}
	return out
}

// siblingFiles returns the template files (by name) of path's directory, other
// than path, among the first maxSiblings entries the directory lists, in name
// order.
func siblingFiles(path string) []string {
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return nil
	}
	entries, _ := dir.ReadDir(maxSiblings)
	dir.Close()
	var out []string
	for _, e := range entries {
		f := filepath.Join(filepath.Dir(path), e.Name())
		if f != path && !e.IsDir() && template.IsTemplateFile(f) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// exportNeedle is the text an export key's template must contain.
func exportNeedle(key string) string {
	return strings.TrimPrefix(key, "!Sub ")
}
