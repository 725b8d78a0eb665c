package server

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
)

// TestStressConcurrentEditsAndRequests interleaves rapid didChange bursts on
// several documents with completion, hover and code-action requests. Run under
// -race (make test does): no race, no deadlock, and for every document the
// versions published never go backwards and the last one is the final version.
func TestStressConcurrentEditsAndRequests(t *testing.T) {
	c := newInitializedClient(t, Options{}, nil)
	const docs, edits = 4, 40
	base := benchgen.YAML(30)
	for d := 0; d < docs; d++ {
		c.open(fmt.Sprintf("file:///stress/%d.yaml", d), base)
	}
	var wg sync.WaitGroup
	for d := 0; d < docs; d++ {
		uri := fmt.Sprintf("file:///stress/%d.yaml", d)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for v := 2; v <= edits; v++ {
				text := base
				if v%3 == 0 {
					text = strings.Replace(base, "Type: AWS::S3::Bucket", "Type AWS::S3::Bucket", 1)
				}
				c.notify("textDocument/didChange", map[string]any{
					"textDocument":   map[string]any{"uri": uri, "version": v},
					"contentChanges": []any{map[string]any{"text": text}},
				})
			}
		}()
		go func() {
			defer wg.Done()
			pos := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]int{"line": 12, "character": 6}}
			for i := 0; i < 15; i++ {
				for _, m := range []string{"textDocument/completion", "textDocument/hover", "textDocument/documentSymbol"} {
					if r := c.call(m, pos); r.Error != nil && r.Error.Code != -32602 {
						t.Errorf("%s: %+v", m, r.Error)
					}
				}
				rng := map[string]any{"start": map[string]int{"line": 12, "character": 0}, "end": map[string]int{"line": 12, "character": 4}}
				if r := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
					"range": rng, "context": map[string]any{"diagnostics": []any{}}}); r.Error != nil {
					t.Errorf("codeAction: %+v", r.Error)
				}
			}
		}()
	}
	wg.Wait()
	last := map[string]int{}
	for len(last) < docs || !allFinal(last, edits) {
		m := c.nextPublish()
		if m.Version < last[m.URI] {
			t.Fatalf("%s: version %d published after %d", m.URI, m.Version, last[m.URI])
		}
		last[m.URI] = m.Version
	}
	c.srv.Wait()
}

func allFinal(last map[string]int, final int) bool {
	for _, v := range last {
		if v != final {
			return false
		}
	}
	return true
}

// TestOpenCloseDoesNotLeak opens and closes a large document repeatedly and checks
// that the live heap after GC does not grow with the number of rounds.
func TestOpenCloseDoesNotLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("large documents")
	}
	c := newInitializedClient(t, Options{}, nil)
	text := benchgen.YAML(300)
	round := func(i int) {
		uri := fmt.Sprintf("file:///leak/%d.yaml", i)
		c.open(uri, text)
		c.diagnostics(uri)
		c.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}, nil)
		c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
		c.diagnostics(uri)
	}
	heap := func() uint64 {
		c.srv.Wait()
		var m runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for i := 0; i < 3; i++ { // warm up: spec loading, caches
		round(i)
	}
	before := heap()
	for i := 3; i < 23; i++ {
		round(i)
	}
	after := heap()
	// One parsed copy of this document is about 10 MB; 20 leaked rounds would be 200 MB.
	if after > before+16<<20 {
		t.Fatalf("heap grew from %d MB to %d MB over 20 open/close rounds", before>>20, after>>20)
	}
}
