// Command cfn-lsp-graphviz renders a DOT graph read on standard input as SVG
// on standard output, with the Graphviz built into it (internal/graph/graphviz).
// cfn-lsp runs it to draw `cfn-lsp graph --format svg` and the editors'
// graph view; it is a program of its own so that cfn-lsp does not pay for
// Graphviz's start-up on every start.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/graph/graphviz"
)

// maxDOT bounds the graph read: a template's drawing is far smaller.
const maxDOT = 16 << 20

func main() {
	dot, err := fileio.ReadAll(os.Stdin, "standard input", maxDOT)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var svg []byte
		if svg, err = graphviz.Render(ctx, dot); err == nil {
			_, err = os.Stdout.Write(svg)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cfn-lsp-graphviz:", err)
		os.Exit(1)
	}
}
