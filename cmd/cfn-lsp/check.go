package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/security"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// fileResult is the analysis of one file.
type fileResult struct {
	Path  string
	Diags []diag.Diagnostic
	Err   error // the file could not be read
}

// templateExts are the file endings a directory walk reads.
var templateExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".template": true}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "text", "output format: text, json or sarif")
	specPath := fl.String("spec", "", "resource specification to load (registry schema dir or zip, or classic spec JSON)")
	ignore := fl.String("ignore", "", "comma-separated rule ids never to report (e.g. W2,F1000)")
	noSecurity := fl.Bool("no-security", false, "skip the security rules")
	nagFail := fl.Bool("security-failures", true, "exit 1 when a security rule of failure class (cfn_nag F rules) fires")
	rulesDir := fl.String("rules", "", "directory of custom rule files (YAML)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: cfn-lsp check [flags] PATH...\n\nPATH may be a file or a directory (searched for .yaml .yml .json .template templates).")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return exitUsage
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return exitUsage
	}
	if *format != "text" && *format != "json" && *format != "sarif" {
		fmt.Fprintf(stderr, "cfn-lsp check: unknown format %q (text, json or sarif)\n", *format)
		return exitUsage
	}
	spec, err := schema.Resolve(*specPath)
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp check: loading spec: %v\n", err)
		return exitUsage
	}
	opts := analysis.Options{Security: !*noSecurity, Now: clock}
	if *ignore != "" {
		opts.Ignore = strings.Split(*ignore, ",")
	}
	if *rulesDir != "" {
		extra, err := loadCustomRules(*rulesDir)
		if err != nil {
			fmt.Fprintf(stderr, "cfn-lsp check: %v\n", err)
			return exitUsage
		}
		opts.Extra = append(opts.Extra, extra)
	}
	files, walkErrs := collect(fl.Args())
	results := checkFiles(files, spec, opts)
	for _, e := range walkErrs {
		results = append(results, fileResult{Path: e.path, Err: e.err})
	}
	sort.Slice(results, func(i, j int) bool { return results[i].Path < results[j].Path })

	switch *format {
	case "json":
		err = writeJSON(stdout, results)
	case "sarif":
		err = writeSARIF(stdout, results, customRuleList(*rulesDir))
	default:
		err = writeText(stdout, results)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cfn-lsp check: %v\n", err)
		return exitUsage
	}
	code := exitOK
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(stderr, "cfn-lsp check: %s: %v\n", r.Path, r.Err)
			return exitUsage
		}
		for _, d := range r.Diags {
			if d.Severity == diag.Error || (*nagFail && d.Source == diag.SourceSecurity && security.IsFailure(d.Code)) {
				code = exitFindings
			}
		}
	}
	return code
}

type walkErr struct {
	path string
	err  error
}

// collect expands the arguments into template files. Files named explicitly are
// always read; files found in directories only when they end like a template
// and their text looks like one.
func collect(args []string) ([]string, []walkErr) {
	var files []string
	var errs []walkErr
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			errs = append(errs, walkErr{a, err})
			continue
		}
		if !info.IsDir() {
			files = append(files, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, walkErr{p, err})
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if p != a && (strings.HasPrefix(name, ".") || name == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if _, regular := fileio.Regular(p); regular && templateExts[strings.ToLower(filepath.Ext(name))] {
				files = append(files, p) // not a FIFO, a device or a symlink to one
			}
			return nil
		})
		if err != nil {
			errs = append(errs, walkErr{a, err})
		}
	}
	return files, errs
}

// checkFiles analyses files in parallel. Files found by a directory walk that are
// not templates are dropped from the results.
func checkFiles(files []string, spec *schema.Spec, opts analysis.Options) []fileResult {
	results := make([]fileResult, len(files))
	keep := make([]bool, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], keep[i] = checkFile(files[i], spec, opts)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	out := results[:0]
	for i, r := range results {
		if keep[i] {
			out = append(out, r)
		}
	}
	return out
}

func checkFile(path string, spec *schema.Spec, opts analysis.Options) (fileResult, bool) {
	r := fileResult{Path: path}
	info, err := os.Stat(path)
	if err != nil {
		r.Err = err
		return r, true
	}
	if info.Size() > template.MaxSize {
		r.Diags = []diag.Diagnostic{{Severity: diag.Error, Code: "E0000", Source: diag.SourceValidate,
			Message: fmt.Sprintf("File is %d bytes; cfn-lsp reads templates of at most %d bytes (CloudFormation's own limit is 1 MB)", info.Size(), template.MaxSize)}}
		return r, true
	}
	data, err := fileio.ReadFile(path, template.MaxSize)
	if err != nil {
		r.Err = err
		return r, true
	}
	t := template.Parse(fileURI(path), string(data))
	if t.Binary {
		return r, false
	}
	if !t.IsTemplate() {
		return r, false
	}
	ds, err := analysis.Analyze(context.Background(), t, spec, opts)
	if err != nil && !errors.Is(err, context.Canceled) {
		r.Err = err
	}
	r.Diags = ds
	return r, true
}

func fileURI(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return "file://" + filepath.ToSlash(abs)
}

// clock is the date the lifecycle checks (runtime and service retirement) judge
// by; the tests pin it so that their goldens do not age.
var clock = time.Now
