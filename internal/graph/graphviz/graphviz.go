// Package graphviz renders DOT as SVG with Graphviz compiled to WebAssembly
// and run in Go (github.com/goccy/go-graphviz on wazero: no cgo, nothing to
// install).
//
// Only cmd/cfn-lsp-graphviz imports it. go-graphviz compiles and
// instantiates its WebAssembly module in a package init, on every start of a
// program that links it (about 100 ms and 16 MB here, and a compilation cache
// written under the temporary directory), so cfn-lsp itself does not link it:
// it runs the helper when it draws SVG (graph.SVG), and its start-up, the
// server's included, pays nothing.
package graphviz

import (
	"bytes"
	"context"
	"fmt"

	"github.com/goccy/go-graphviz"
)

// Render lays out and draws a DOT graph as SVG.
func Render(ctx context.Context, dot []byte) ([]byte, error) {
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("starting graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer g.Close()
	var out bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &out); err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	return out.Bytes(), nil
}
