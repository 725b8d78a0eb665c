package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// references answers textDocument/references for parameters, resources,
// conditions and mappings (short and long forms, Sub strings included) and for
// output exports, whose Fn::ImportValue uses are searched in every open template
// and in the template files beside this one.
func (s *Server) references(ctx context.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
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
	for _, o := range s.otherTemplates(sn.URI, exportNeedle(target.Name)) {
		for _, r := range navigation.FindReferences(o, target, p.Context.IncludeDeclaration) {
			out = append(out, protocol.Location{URI: uriOf(o.URI), Range: toRange(r)})
		}
	}
	return out, nil
}

// maxSiblings bounds the files of a document's directory read for exports.
const maxSiblings = 500

// otherTemplates returns the parsed templates, other than doc, where an export
// may be declared or imported: every open document, and the template files
// beside doc on disk whose text contains needle (a cheap filter before parsing).
func (s *Server) otherTemplates(doc protocol.DocumentURI, needle string) []*template.Template {
	var out []*template.Template
	open := map[string]bool{}
	others := s.openSnapshots()
	sort.Slice(others, func(i, j int) bool { return others[i].URI < others[j].URI })
	for _, o := range others {
		open[pathOf(o.URI)] = true
		if o.URI != doc {
			out = append(out, o.Template())
		}
	}
	path := pathOf(doc)
	if path == "" || needle == "" {
		return out
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return out
	}
	for i, e := range entries {
		if i >= maxSiblings {
			break
		}
		f := filepath.Join(filepath.Dir(path), e.Name())
		switch strings.ToLower(filepath.Ext(f)) {
		case ".yaml", ".yml", ".json", ".template":
		default:
			continue
		}
		if f == path || open[f] || e.IsDir() {
			continue
		}
		if info, err := e.Info(); err != nil || info.Size() > template.MaxSize {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil || !bytes.Contains(b, []byte(needle)) {
			continue
		}
		out = append(out, template.Parse(string(fileURI(f)), string(b)))
	}
	return out
}

// exportNeedle is the text an export key's template must contain.
func exportNeedle(key string) string {
	return strings.TrimPrefix(key, "!Sub ")
}
