package server

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/graph"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
)

// graphArgs is the argument of cfn-lsp.graph.
type graphArgs struct {
	URI protocol.DocumentURI `json:"uri"`
	// Format is svg (the default), mermaid, dot or json.
	Format string `json:"format"`
	// Workspace draws the stacks of the workspace rather than the template.
	Workspace bool `json:"workspace"`
}

// graphResult is a drawing and where each node is declared, so that a click
// on a node can reveal it.
type graphResult struct {
	Format string      `json:"format"`
	Text   string      `json:"text"`
	Nodes  []graphNode `json:"nodes"`
}

type graphNode struct {
	ID    string               `json:"id"`
	Label string               `json:"label"`
	URI   protocol.DocumentURI `json:"uri"`
	Range protocol.Range       `json:"range"`
}

// cmdGraph draws the template (its current text) or the workspace's stacks,
// for the editors' graph views (VS Code's webview, Neovim's :CfnGraph). SVG
// is rendered by cfn-lsp-graphviz, a process of its own.
func (s *Server) cmdGraph(ctx context.Context, arg json.RawMessage) (any, error) {
	var a graphArgs
	if err := decodeArg(arg, &a); err != nil {
		return nil, err
	}
	var g *graph.Graph
	if a.Workspace {
		root := filepath.Dir(pathOf(a.URI))
		s.mu.Lock()
		if len(s.folders) > 0 {
			root = s.folders[0]
		}
		s.mu.Unlock()
		// As definition and references do: the index may not have started yet.
		ix := s.index()
		s.awaitIndex(ctx)
		g = graph.Stacks(ix, root)
	} else {
		t, err := s.templateAt(a.URI)
		if err != nil {
			return nil, err
		}
		g = graph.Of(t)
	}
	res := &graphResult{Format: a.Format, Nodes: []graphNode{}}
	for _, n := range g.Nodes {
		gn := graphNode{ID: n.ID, Label: n.Label, URI: uriOf(n.URI)}
		if n.Range != nil {
			gn.Range = toRange(*n.Range)
		}
		if gn.URI == "" {
			gn.URI = a.URI
		}
		res.Nodes = append(res.Nodes, gn)
	}
	if res.Format == "" {
		res.Format = "svg"
	}
	if !slices.Contains(graph.Formats, res.Format) {
		return nil, invalidParams("unknown graph format %q (svg, mermaid, dot or json)", a.Format)
	}
	var b bytes.Buffer
	if err := g.Write(ctx, &b, res.Format, graph.RendererGo); err != nil {
		return nil, err
	}
	res.Text = b.String()
	return res, nil
}

// templateAt returns the current parse of a document: the open one's, else
// the file's, which must be a template in a workspace folder.
func (s *Server) templateAt(uri protocol.DocumentURI) (*template.Template, error) {
	if sn := s.snapshot(uri); sn != nil {
		return sn.Template(), nil
	}
	path := pathOf(uri)
	if path == "" {
		return nil, invalidParams("document %s is not open", uri)
	}
	if err := s.mayRead(path); err != nil {
		return nil, err
	}
	t := workspace.ReadTemplate(path)
	if t == nil {
		return nil, invalidParams("cannot read %s", path)
	}
	return t, nil
}
