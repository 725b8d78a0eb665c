package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonrpc"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// TestMain lets the test binary play a language server: with CFN_BENCH_FAKE set
// it serves stdio the way the mode asks ("ok", or "silent": never publishes).
func TestMain(m *testing.M) {
	if mode := os.Getenv("CFN_BENCH_FAKE"); mode != "" {
		fakeServer(mode)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func fakeServer(mode string) {
	r := bufio.NewReader(os.Stdin)
	send := func(v any) {
		b, _ := json.Marshal(v)
		jsonrpc.WriteFrame(os.Stdout, b)
	}
	for {
		body, err := jsonrpc.ReadFrame(r)
		if err != nil {
			return
		}
		var m jsonrpc.Message
		json.Unmarshal(body, &m)
		var p struct {
			TextDocument struct {
				URI     string `json:"uri"`
				Version int    `json:"version"`
			} `json:"textDocument"`
		}
		json.Unmarshal(m.Params, &p)
		switch m.Method {
		case "initialize":
			// Ask the client something first, as real servers do.
			send(map[string]any{"jsonrpc": "2.0", "id": "cfg", "method": "workspace/configuration",
				"params": map[string]any{"items": []any{map[string]any{"section": "cfn-lsp"}}}})
			send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": map[string]any{"capabilities": map[string]any{}}})
		case "textDocument/didOpen", "textDocument/didChange":
			if mode == "ok" {
				send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
					"params": map[string]any{"uri": p.TextDocument.URI, "version": p.TextDocument.Version,
						"diagnostics": []any{map[string]any{"message": "x"}}}})
			}
		case "textDocument/completion":
			send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": map[string]any{"items": []any{map[string]any{"label": "a"}, map[string]any{"label": "b"}}}})
		case "textDocument/hover":
			send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": map[string]any{"contents": "doc"}})
		case "shutdown":
			send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": nil})
		case "exit":
			return
		}
	}
}

func fakeConfig(t *testing.T, mode string) config {
	t.Setenv("CFN_BENCH_FAKE", mode)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return config{server: exe, n: 8, edits: 2, sizes: []int{12}, timeout: 20 * time.Second, lintMax: time.Minute}
}

func TestMeasureAgainstFakeServer(t *testing.T) {
	cfg := fakeConfig(t, "ok")
	text := benchgen.YAML(12)
	path := testutil.TempFile(t, "t.yaml", text)
	r := measure(cfg, path, text, 12)
	if len(r.errs) > 0 {
		t.Fatalf("errors: %v", r.errs)
	}
	if r.init <= 0 || r.open <= 0 || r.openDiags != 1 || len(r.edits) != 2 || r.rss <= 0 {
		t.Errorf("init %v open %v diags %d edits %d rss %d", r.init, r.open, r.openDiags, len(r.edits), r.rss)
	}
	if len(r.completion) != 8 || len(r.hover) != 8 || r.items != 16 || r.hovers != 8 {
		t.Errorf("completion %d hover %d items %d hovers %d", len(r.completion), len(r.hover), r.items, r.hovers)
	}
	var out bytes.Buffer
	report(&out, cfg, []*sizeResult{r}, nil)
	testutil.Contains(t, "report", out.String(), "| 12 resources |", "didOpen → first diagnostics", "(1 diags)", "(16 items)", "(8 non-empty)")
}

// A server that never publishes must not hang the driver: the wait ends at the
// timeout and the report says so.
func TestSilentServerDoesNotHang(t *testing.T) {
	cfg := fakeConfig(t, "silent")
	cfg.timeout = 5 * time.Second
	text := benchgen.YAML(12)
	path := testutil.TempFile(t, "t.yaml", text)
	done := make(chan *sizeResult, 1)
	go func() { done <- measure(cfg, path, text, 12) }()
	select {
	case r := <-done:
		if len(r.errs) == 0 || !strings.Contains(r.errs[0], "open: no diagnostics") {
			t.Errorf("errors %v, want an open timeout", r.errs)
		}
		if len(r.completion) == 0 {
			t.Error("completion was not measured after the open timed out")
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("measure hung")
	}
}

func TestProbesLandOnTheirTargets(t *testing.T) {
	want := map[string]string{"resource type": "AWS::S3::Bucket", "property key": "VersioningConfiguration",
		"!Ref target": "Bucket", "!GetAtt attribute": "Arn"}
	for _, json := range []bool{false, true} {
		text := benchgen.YAML(100)
		if json {
			text = benchgen.JSON(100)
		}
		lines := strings.Split(text, "\n")
		ps := probes(text, 100, json)
		if len(ps) != len(want) {
			t.Fatalf("json=%v: %d probes, want %d", json, len(ps), len(want))
		}
		for _, p := range ps {
			line := lines[p.pos.Line]
			// The word under the cursor.
			s, e := p.pos.Character, p.pos.Character
			for s > 0 && strings.IndexByte(" .!\"", line[s-1]) < 0 {
				s--
			}
			for e < len(line) && strings.IndexByte(" .:\"", line[e]) < 0 {
				e++
			}
			if w := line[s:e]; !strings.HasPrefix(want[p.name], w) && !strings.HasPrefix(w, want[p.name]) {
				t.Errorf("json=%v %s: cursor on %q in %q", json, p.name, w, line)
			}
		}
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i))
	}
	for _, c := range []struct {
		p    int
		want time.Duration
	}{{50, 50}, {99, 99}, {100, 100}, {1, 1}} {
		if got := percentile(ds, c.p); got != c.want {
			t.Errorf("p%d = %d, want %d", c.p, got, c.want)
		}
	}
	if percentile(nil, 50) != -1 {
		t.Error("empty percentile")
	}
}

func TestReadFrame(t *testing.T) {
	in := "Content-Length: 2\r\nContent-Type: x\r\n\r\n{}content-length: 4\r\n\r\nnull"
	r := bufio.NewReader(strings.NewReader(in))
	for _, want := range []string{"{}", "null"} {
		b, err := jsonrpc.ReadFrame(r)
		if err != nil || string(b) != want {
			t.Fatalf("got %q, %v; want %q", b, err, want)
		}
	}
	if _, err := jsonrpc.ReadFrame(bufio.NewReader(strings.NewReader("X: 1\r\n\r\n"))); err == nil {
		t.Error("a frame without Content-Length was accepted")
	}
}

func TestTimeCommandExitCodes(t *testing.T) {
	for _, c := range []struct {
		script  string
		maxExit int
		ok      bool
	}{{"exit 0", 1, true}, {"exit 1", 1, true}, {"exit 2", 1, false}, {"exit 6", 255, true}, {"kill -9 $$", 255, false}} {
		_, err := timeCommand(10*time.Second, c.maxExit, "sh", "-c", c.script)
		if (err == nil) != c.ok {
			t.Errorf("%q (max %d): err %v", c.script, c.maxExit, err)
		}
	}
	if _, err := timeCommand(200*time.Millisecond, 0, "sleep", "5"); err == nil {
		t.Error("a command past its limit was not an error")
	}
}
