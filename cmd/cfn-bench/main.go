// Command cfn-bench measures a built cfn-lsp binary end to end. It generates the
// benchmark templates, starts the server over stdio for each size and reports
// start to initialize, open to first diagnostics, edit to diagnostics, completion
// and hover latencies during a burst of edits and peak RSS, side by side with
// the targets, which are ratios to a bare yaml.v3 parse of the same file
// measured in the same run; with -cfn-lint
// it also times cfn-lint on the same files and over a corpus directory.
//
//	cfn-bench -server bin/cfn-lsp [-n 50] [-sizes 100,500,1500] [-json] [-cfn-lint] [-corpus DIR[,DIR]]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"gopkg.in/yaml.v3"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type config struct {
	server  string
	n       int
	edits   int
	sizes   []int
	cfnLint bool
	json    bool
	corpus  string
	timeout time.Duration
	lintMax time.Duration
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("cfn-bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var cfg config
	sizes := fl.String("sizes", "100,500,1500", "comma-separated resource counts")
	fl.StringVar(&cfg.server, "server", "bin/cfn-lsp", "the cfn-lsp binary to measure")
	fl.IntVar(&cfg.n, "n", 50, "completion and hover requests per size")
	fl.IntVar(&cfg.edits, "edits", 30, "edits per size")
	fl.BoolVar(&cfg.cfnLint, "cfn-lint", false, "also time cfn-lint (when installed)")
	fl.BoolVar(&cfg.json, "json", false, "measure the templates written in JSON instead of YAML")
	fl.StringVar(&cfg.corpus, "corpus", "", "comma-separated directories of templates to time `cfn-lsp check` on (and cfn-lint with -cfn-lint)")
	fl.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "longest wait for any one answer from the server")
	fl.DurationVar(&cfg.lintMax, "lint-timeout", 15*time.Minute, "longest run of cfn-lint or check")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	for _, s := range strings.Split(*sizes, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || v <= 0 {
			fmt.Fprintf(stderr, "cfn-bench: bad size %q\n", s)
			return 2
		}
		cfg.sizes = append(cfg.sizes, v)
	}
	if cfg.n < 1 {
		cfg.n = 1
	}
	if _, err := os.Stat(cfg.server); err != nil {
		fmt.Fprintf(stderr, "cfn-bench: server binary: %v (build it with `make build`)\n", err)
		return 2
	}
	dir, err := os.MkdirTemp("", "cfn-bench")
	if err != nil {
		fmt.Fprintln(stderr, "cfn-bench:", err)
		return 2
	}
	defer os.RemoveAll(dir)

	var results []*sizeResult
	for _, n := range cfg.sizes {
		path := filepath.Join(dir, fmt.Sprintf("bench-%d.yaml", n))
		text := benchgen.YAML(n)
		if cfg.json {
			path, text = filepath.Join(dir, fmt.Sprintf("bench-%d.json", n)), benchgen.JSON(n)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			fmt.Fprintln(stderr, "cfn-bench:", err)
			return 2
		}
		fmt.Fprintf(stderr, "cfn-bench: %d resources (%d bytes)...\n", n, len(text))
		r := measure(cfg, path, text, n)
		r.yamlParse = yamlParse(text)
		r.load = loadAvg()
		if cfg.cfnLint {
			r.lint, r.lintErr = timeCommand(cfg.lintMax, 255, "cfn-lint", path)
		}
		results = append(results, r)
	}
	var corpus *corpusResult
	if cfg.corpus != "" {
		fmt.Fprintf(stderr, "cfn-bench: corpus %s...\n", cfg.corpus)
		corpus = measureCorpus(cfg)
	}
	report(stdout, cfg, results, corpus)
	return 0
}

// yamlParse returns the median time of a bare yaml.v3 parse of text into its
// node tree, the yardstick of the targets: measured in the same run as the
// server, so that a busy machine slows both.
func yamlParse(text string) time.Duration {
	var ds []time.Duration
	for range 5 {
		var n yaml.Node
		t := time.Now()
		if err := yaml.Unmarshal([]byte(text), &n); err != nil {
			return -1
		}
		ds = append(ds, time.Since(t))
	}
	return percentile(ds, 50)
}

// loadAvg returns the 1-minute load average, which the machine's other work
// adds to every figure.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}
