package server

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
)

// editedTemplate is the document the benchmark edits: completion of a
// queue's property names.
const editedTemplate = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      \n"

// BenchmarkCompletionWhileIndexing measures completion right after a
// document opens in a workspace of 200 templates, while the index reads them
// in the background, against the same requests in a workspace holding only
// the document, in the same run. It reports both p99 latencies, their ratio,
// and how long the index took to build (so one sees the requests overlapped
// the build).
func BenchmarkCompletionWhileIndexing(b *testing.B) {
	big := b.TempDir()
	for i := 0; i < 200; i++ {
		src := benchgen.YAML(20) + fmt.Sprintf("  Imported:\n    Value: !ImportValue shared-%d\n", i%10)
		if err := os.WriteFile(filepath.Join(big, fmt.Sprintf("stack%03d.yaml", i)), []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	const requests = 20
	var alone, indexing []time.Duration
	var built time.Duration
	session := func(dir string, out *[]time.Duration) time.Duration {
		doc := filepath.Join(dir, "edited.yaml")
		if err := os.WriteFile(doc, []byte(editedTemplate), 0o644); err != nil {
			b.Fatal(err)
		}
		c := newTestClient(b, Options{})
		start := time.Now()
		c.result("initialize", map[string]any{"processId": 1, "capabilities": map[string]any{},
			"workspaceFolders": []any{map[string]any{"uri": fileURI(dir), "name": "ws"}}}, nil)
		c.notify("initialized", map[string]any{})
		uri := string(fileURI(doc))
		c.open(uri, editedTemplate)
		for i := 0; i < requests; i++ {
			t0 := time.Now()
			m := c.call("textDocument/completion", docPos(uri, 4, 6))
			*out = append(*out, time.Since(t0))
			if m.Error != nil || len(m.Result) < 100 {
				b.Fatalf("completion: %+v", m)
			}
		}
		c.srv.index().Wait()
		return time.Since(start)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		session(b.TempDir(), &alone)
		built += session(big, &indexing)
	}
	b.StopTimer()
	slices.Sort(alone)
	slices.Sort(indexing)
	p99 := func(ds []time.Duration) time.Duration { return ds[(len(ds)*99)/100] }
	p50 := func(ds []time.Duration) time.Duration { return ds[len(ds)/2] }
	pa, pi := p99(alone), p99(indexing)
	b.ReportMetric(float64(p50(alone).Microseconds()), "alone-p50-µs")
	b.ReportMetric(float64(p50(indexing).Microseconds()), "indexing-p50-µs")
	b.ReportMetric(float64(pa.Microseconds()), "alone-p99-µs")
	b.ReportMetric(float64(pi.Microseconds()), "indexing-p99-µs")
	b.ReportMetric(float64(pi)/float64(pa), "p99-ratio")
	b.ReportMetric(float64(built.Milliseconds())/float64(b.N), "session-with-index-ms")
}
