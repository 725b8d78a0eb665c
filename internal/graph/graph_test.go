package graph

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
)

// testDir is the absolute path of the testdata workspace, which the golden
// files show as DIR.
func testDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../testdata/workspace")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func testGraphs(t *testing.T) map[string]*Graph {
	t.Helper()
	b, err := fileio.ReadFile("../../testdata/graph/app.yaml", template.MaxSize)
	if err != nil {
		t.Fatal(err)
	}
	dir := testDir(t)
	ix := workspace.Build([]string{dir}, workspace.Options{})
	t.Cleanup(ix.Stop)
	return map[string]*Graph{
		"app":       Of(template.Parse("app.yaml", string(b))),
		"workspace": Stacks(ix, dir),
	}
}

// TestFormats compares each drawing in each text format with its golden file.
func TestFormats(t *testing.T) {
	for name, g := range testGraphs(t) {
		for ext, write := range map[string]func(io.Writer) error{"dot": g.WriteDOT, "mmd": g.WriteMermaid, "json": g.WriteJSON} {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			out := strings.ReplaceAll(b.String(), workspace.FileURI(testDir(t)), "file://DIR")
			golden.Check(t, filepath.Join("..", "..", "testdata", "graph", name+"."+ext), out)
		}
	}
}

// TestSVG draws each graph through cfn-lsp-graphviz, built for the test: the
// SVG is XML, and each node is drawn (its id is the title of a node group).
func TestSVG(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cfn-lsp-graphviz")
	}
	helper := filepath.Join(t.TempDir(), "cfn-lsp-graphviz")
	if out, err := exec.Command("go", "build", "-o", helper, "../../cmd/cfn-lsp-graphviz").CombinedOutput(); err != nil {
		t.Fatalf("building the helper: %v\n%s", err, out)
	}
	t.Setenv(HelperEnv, helper)
	for name, g := range testGraphs(t) {
		svg, err := g.SVG(context.Background(), RendererGo)
		if err != nil {
			t.Fatal(err)
		}
		titles, err := nodeTitles(svg)
		if err != nil {
			t.Fatalf("%s: the SVG is not XML: %v", name, err)
		}
		for _, n := range g.Nodes {
			if !titles[n.ID] {
				t.Errorf("%s: node %s is not drawn (titles: %v)", name, n.ID, titles)
			}
		}
		if len(g.Nodes) == 0 {
			t.Errorf("%s: nothing drawn", name)
		}
	}
	if _, err := (&Graph{}).SVG(context.Background(), "paint"); err == nil {
		t.Error("an unknown renderer was accepted")
	}
	t.Setenv(HelperEnv, filepath.Join(t.TempDir(), "missing"))
	if _, err := (&Graph{}).SVG(context.Background(), RendererGo); err == nil {
		t.Error("a missing helper did not fail")
	}
}

// nodeTitles returns the titles of the node groups of an SVG that Graphviz
// drew (a node's title is its id), or an error when the SVG is not XML.
func nodeTitles(svg []byte) (map[string]bool, error) {
	titles := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	inNode, inTitle := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return titles, nil
		}
		if err != nil {
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Local == "g" {
				for _, a := range e.Attr {
					inNode = inNode || (a.Name.Local == "class" && a.Value == "node")
				}
			}
			inTitle = e.Name.Local == "title" && inNode
		case xml.CharData:
			if inTitle {
				titles[string(e)] = true
				inNode, inTitle = false, false
			}
		}
	}
}
