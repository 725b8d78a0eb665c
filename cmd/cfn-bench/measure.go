package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// sizeResult is what one template size measured; zero durations with an error
// recorded mean the step did not complete.
type sizeResult struct {
	n, bytes    int
	init        time.Duration
	initCPU     time.Duration
	open        time.Duration
	openCPU     time.Duration
	openDiags   int
	edits       []time.Duration
	yamlParse   time.Duration // a bare yaml.v3 parse of the same text, in the same run
	completion  []time.Duration
	hover       []time.Duration
	items       int // completion items returned, summed
	hovers      int // non-empty hovers
	rss         int64
	lint        time.Duration
	lintErr     error
	load        string
	errs        []string
	openVersion bool
}

func (r *sizeResult) fail(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

type position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// probe is a place in the generated template completion and hover are asked about.
type probe struct {
	name string
	pos  position
}

// probes finds, in the group of resources in the middle of the template, a
// resource type value, a property key, a Ref target and a GetAtt attribute.
func probes(text string, n int, json bool) []probe {
	i := (n/6 + 1) / 2
	find := func(anchor, sub string, delta int) (position, bool) {
		a := strings.Index(text, anchor)
		if a < 0 {
			return position{}, false
		}
		j := strings.Index(text[a:], sub)
		if j < 0 {
			return position{}, false
		}
		off := a + j + delta
		line := strings.Count(text[:off], "\n")
		col := off - (strings.LastIndexByte(text[:off], '\n') + 1)
		return position{line, col}, true
	}
	type spot struct {
		name, anchor, sub string
		delta             int
	}
	spots := []spot{
		{"resource type", fmt.Sprintf("\n  Bucket%d:\n", i), "AWS::S3::Bucket", len("AWS::S3::")},
		{"property key", fmt.Sprintf("\n  Bucket%d:\n", i), "VersioningConfiguration:", 4},
		{"!Ref target", fmt.Sprintf("\n  Function%d:\n", i), "!Ref Bucket", len("!Ref Buc")},
		{"!GetAtt attribute", fmt.Sprintf("\n  Function%d:\n", i), ".Arn", 2},
	}
	if json {
		spots = []spot{
			{"resource type", fmt.Sprintf("\"Bucket%d\": {", i), "AWS::S3::Bucket", len("AWS::S3::")},
			{"property key", fmt.Sprintf("\"Bucket%d\": {", i), "\"VersioningConfiguration\"", 5},
			{"!Ref target", fmt.Sprintf("\"Function%d\": {", i), "{\"Ref\": \"Bucket", len("{\"Ref\": \"Buc")},
			{"!GetAtt attribute", fmt.Sprintf("\"Function%d\": {", i), "\"Arn\"", 2},
		}
	}
	var out []probe
	for _, p := range spots {
		if pos, ok := find(p.anchor, p.sub, p.delta); ok {
			out = append(out, probe{p.name, pos})
		}
	}
	return out
}

// measure runs one server over one template.
func measure(cfg config, path, text string, n int) *sizeResult {
	r := &sizeResult{n: n, bytes: len(text)}
	uri := "file://" + path
	t0 := time.Now()
	c, err := start(cfg.server, nil, cfg.timeout)
	if err != nil {
		r.fail("start: %v", err)
		return r
	}
	defer c.stop()
	_, err = c.call("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   "file://" + filepath.Dir(path),
		"capabilities": map[string]any{
			"textDocument": map[string]any{
				"completion":         map[string]any{"completionItem": map[string]any{"snippetSupport": true}},
				"hover":              map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
				"publishDiagnostics": map[string]any{"versionSupport": true},
			},
			"workspace": map[string]any{"configuration": true},
		},
	})
	if err != nil {
		r.fail("initialize: %v", err)
		return r
	}
	r.init = time.Since(t0)
	r.initCPU = c.cpu()
	c.notify("initialized", map[string]any{})

	c.drain()
	cpu0 := c.cpu()
	lang := "yaml"
	if cfg.json {
		lang = "json"
	}
	t1, _ := c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": lang, "version": 1, "text": text}})
	p, at, err := c.waitDiagnostics(uri, func(published) bool { return true })
	if err != nil {
		r.fail("open: %v", err)
	} else {
		r.open, r.openDiags = at.Sub(t1), len(p.Diagnostics)
		if cpu1 := c.cpu(); cpu0 >= 0 && cpu1 >= 0 {
			r.openCPU = cpu1 - cpu0
		}
		r.openVersion = p.Version != nil
	}

	// Edits: insert one character in the first tag value (Owner of Bucket0),
	// each after the diagnostics of the one before.
	version := 1
	edit := func() (time.Time, bool) {
		at := strings.Index(text, "@example.com")
		if at <= 0 {
			return time.Time{}, false
		}
		line := strings.Count(text[:at], "\n")
		col := at - (strings.LastIndexByte(text[:at], '\n') + 1)
		version++
		te, _ := c.notify("textDocument/didChange", map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": version},
			"contentChanges": []map[string]any{{
				"range": map[string]any{"start": position{line, col}, "end": position{line, col}},
				"text":  "x",
			}},
		})
		return te, true
	}
	for k := 0; k < cfg.edits && err == nil; k++ {
		c.drain()
		te, ok := edit()
		if !ok {
			break
		}
		v := version
		_, at, err := c.waitDiagnostics(uri, func(p published) bool { return p.Version == nil || *p.Version >= v })
		if err != nil {
			r.fail("edit %d: %v", k+1, err)
			break
		}
		r.edits = append(r.edits, at.Sub(te))
	}

	// Completion and hover during a burst of edits: each pair of requests
	// follows an edit at once, while its re-parse and analysis run.
	ps := probes(text, n, cfg.json)
	if len(ps) == 0 {
		r.fail("no probe positions found in the generated template")
	}
	for k := 0; k < cfg.n && len(ps) > 0; k++ {
		pr := ps[k%len(ps)]
		c.drain()
		edit()
		params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pr.pos}
		resp, err := c.call("textDocument/completion", params)
		if err != nil {
			r.fail("completion at %s: %v", pr.name, err)
			break
		}
		r.completion = append(r.completion, resp.At.Sub(resp.Sent))
		r.items += countItems(resp.Result)
		resp, err = c.call("textDocument/hover", params)
		if err != nil {
			r.fail("hover at %s: %v", pr.name, err)
			break
		}
		r.hover = append(r.hover, resp.At.Sub(resp.Sent))
		if s := strings.TrimSpace(string(resp.Result)); s != "" && s != "null" {
			r.hovers++
		}
	}
	if v := version; v > 1 {
		// The burst's last analysis, so that the server is idle for the next size.
		c.waitDiagnostics(uri, func(p published) bool { return p.Version == nil || *p.Version >= v })
	}
	if rss, err := c.peakRSS(); err == nil {
		r.rss = rss
	} else {
		r.fail("rss: %v", err)
	}
	return r
}

func countItems(raw json.RawMessage) int {
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	if json.Unmarshal(raw, &list) == nil && list.Items != nil {
		return len(list.Items)
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) == nil {
		return len(items)
	}
	return 0
}

// timeCommand runs a command to completion (bounded) and returns its wall time.
// An exit status up to maxExit means findings, not failure (cfn-lint's status
// is a bit mask of finding levels; `cfn-lsp check` exits 1 on findings and 2 on
// usage errors); a command that cannot start, exits above maxExit or is killed
// is an error.
func timeCommand(limit time.Duration, maxExit int, name string, args ...string) (time.Duration, error) {
	if _, err := exec.LookPath(name); err != nil && !strings.Contains(name, "/") {
		return 0, fmt.Errorf("%s is not installed", name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	t := time.Now()
	err := cmd.Run()
	d := time.Since(t)
	if ctx.Err() != nil {
		return 0, fmt.Errorf("%s: no result within %v", name, limit)
	}
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() > 0 && ee.ExitCode() <= maxExit) {
		return 0, fmt.Errorf("%s: %v", name, err)
	}
	return d, nil
}

type corpusResult struct {
	files         int
	check, lint   time.Duration
	checkErr      error
	lintErr       error
	load, loadEnd string
}

// measureCorpus times `cfn-lsp check DIR...` and, with -cfn-lint, one cfn-lint
// process over the same files (the .yaml, .yml, .json and .template files the
// check command's directory walk reads).
func measureCorpus(cfg config) *corpusResult {
	r := &corpusResult{load: loadAvg()}
	var files []string
	dirs := strings.Split(cfg.corpus, ",")
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				switch strings.ToLower(filepath.Ext(path)) {
				case ".yaml", ".yml", ".json", ".template":
					files = append(files, path)
				}
			}
			return nil
		})
	}
	sort.Strings(files)
	r.files = len(files)
	r.check, r.checkErr = timeCommand(cfg.lintMax, 1, cfg.server, append([]string{"check"}, dirs...)...)
	if cfg.cfnLint && len(files) > 0 {
		r.lint, r.lintErr = timeCommand(cfg.lintMax, 255, "cfn-lint", files...)
	}
	r.loadEnd = loadAvg()
	return r
}
