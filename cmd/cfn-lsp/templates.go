package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/refcheck"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// input is one file to check.
type input struct {
	path string
	// explicit: named by the user (a PATH, -t, the configuration's templates),
	// so it gets a result even when it is not a template. Files found in a
	// directory or by a glob are skipped when they are not templates.
	explicit bool
	stdin    bool
	// root is the index of the PATH that produced the file.
	root int
}

// fileResult is the outcome of one file, or of a PATH that yielded none.
type fileResult struct {
	Path  string
	Diags []diag.Diagnostic
	// Template: the file was checked as a template.
	Template bool
	// Skipped: found by a walk or glob, and not a template.
	Skipped bool
	root    int
}

// pathError is a finding about a PATH rather than a line of a template, as
// cfn-lint reports a path it cannot read (E0000 at 1:1).
func pathError(p string, root int, format string, args ...any) fileResult {
	return fileResult{Path: p, root: root, Diags: []diag.Diagnostic{{Severity: diag.Error, Code: "E0000",
		Source: diag.SourceValidate, Message: fmt.Sprintf(format, args...)}}}
}

// collect expands the PATHs into files: a file as itself, a directory by a walk
// for template endings (skipping hidden directories and node_modules), a glob
// by its matches, - as standard input. Paths matching ignore are left out.
// PATHs that name nothing come back as results.
func collect(paths, ignore []string, ignoreBad bool) ([]input, []fileResult) {
	var inputs []input
	var problems []fileResult
	seen := map[string]bool{}
	add := func(in input) {
		if seen[in.path] || (!in.stdin && ignored(in.path, ignore)) {
			return
		}
		seen[in.path] = true
		inputs = append(inputs, in)
	}
	for i, p := range paths {
		if p == "-" {
			add(input{path: "-", explicit: true, stdin: true, root: i})
			continue
		}
		info, err := os.Stat(p)
		switch {
		case err == nil && !info.IsDir():
			add(input{path: p, explicit: true, root: i})
		case err == nil:
			for _, f := range walk(p, &problems, i) {
				add(input{path: f, root: i})
			}
		case hasGlobMeta(p):
			for _, m := range glob(p) {
				if fi, err := os.Stat(m); err == nil && fi.IsDir() {
					for _, f := range walk(m, &problems, i) {
						add(input{path: f, root: i})
					}
				} else {
					add(input{path: m, root: i})
				}
			}
		case !ignoreBad:
			problems = append(problems, pathError(p, i, "Cannot read: %v", unwrapPathError(err)))
		}
	}
	return inputs, problems
}

func walk(dir string, problems *[]fileResult, root int) []string {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			*problems = append(*problems, pathError(p, root, "Cannot read: %v", unwrapPathError(err)))
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if _, regular := fileio.Regular(p); regular && template.IsTemplateFile(name) {
			files = append(files, p) // not a FIFO, a device or a symlink to one
		}
		return nil
	})
	if err != nil {
		*problems = append(*problems, pathError(dir, root, "Cannot read: %v", unwrapPathError(err)))
	}
	return files
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// hasGlobMeta reports whether p is a glob pattern.
func hasGlobMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// glob returns the paths matching pattern, sorted, where ** stands for any
// number of directories, as Python's glob with recursive=True (which cfn-lint
// uses) reads it. As there, * and ** do not match names that start with a dot.
func glob(pattern string) []string {
	segs := splitPath(pattern)
	base := 0
	for base < len(segs) && !hasGlobMeta(segs[base]) {
		base++
	}
	root := filepath.Join(segs[:base]...)
	if filepath.IsAbs(pattern) {
		root = string(filepath.Separator) + root
	}
	if root == "" {
		root = "."
	}
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") && d.IsDir() {
			return filepath.SkipDir
		}
		if matchPath(pattern, p) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func splitPath(p string) []string {
	s := strings.Split(filepath.ToSlash(filepath.Clean(p)), "/")
	if len(s) > 0 && s[0] == "" {
		s = s[1:] // an absolute path
	}
	return s
}

// matchPath reports whether p matches pattern (see glob).
func matchPath(pattern, p string) bool {
	return matchSegs(splitPath(pattern), splitPath(p))
}

func matchSegs(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegs(pat[1:], segs[i:]) {
					return true
				}
				if i < len(segs) && strings.HasPrefix(segs[i], ".") {
					return false
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if strings.HasPrefix(segs[0], ".") && !strings.HasPrefix(pat[0], ".") {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// ignored reports whether p is left out by one of the patterns: a glob it
// matches, its own path, or a directory it is in.
func ignored(p string, patterns []string) bool {
	clean := filepath.Clean(p)
	for _, pat := range patterns {
		if hasGlobMeta(pat) {
			if matchPath(pat, clean) {
				return true
			}
			continue
		}
		pc := filepath.Clean(pat)
		if clean == pc || strings.HasPrefix(clean, pc+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// looksLikeTemplateFile is the cheap textual test on a file's head, for
// --list-templates.
func looksLikeTemplateFile(p string) bool {
	data, err := fileio.ReadFile(p, template.MaxSize)
	return err == nil && template.LooksLikeTemplate(data)
}

// source is where the files' text comes from: the file system, or standard
// input for "-".
type source struct {
	stdin     io.Reader
	stdinName string
}

// checkFiles analyses the inputs side by side.
func checkFiles(inputs []input, src source, spec *schema.Spec, opts analysis.Options) []fileResult {
	results := make([]fileResult, len(inputs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = checkFile(inputs[i], src, spec, opts)
			}
		}()
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func checkFile(in input, src source, spec *schema.Spec, opts analysis.Options) fileResult {
	r := fileResult{Path: in.path, root: in.root}
	var data []byte
	var err error
	if in.stdin {
		if src.stdinName != "" {
			r.Path = src.stdinName
		}
		data, err = fileio.ReadAll(src.stdin, "standard input", template.MaxSize)
	} else {
		data, err = fileio.ReadFile(in.path, template.MaxSize)
	}
	switch {
	case errors.Is(err, fileio.ErrTooLarge):
		return pathError(r.Path, in.root, "File is larger than %d bytes; cfn-lsp reads templates of at most %d bytes (CloudFormation's own limit is 1 MB)",
			template.MaxSize, template.MaxSize)
	case err != nil:
		return pathError(r.Path, in.root, "Cannot read: %v", unwrapPathError(err))
	}
	t := template.Parse(fileURI(r.Path), string(data))
	if !t.IsTemplate() {
		if !in.explicit {
			r.Skipped = true
			return r
		}
		if code, why := whyNotTemplate(t); why != "" {
			r.Diags = []diag.Diagnostic{{Severity: diag.Error, Code: code, Source: diag.SourceValidate,
				Message: "Not a CloudFormation template: " + why}}
			for _, d := range refcheck.SizeFindings(t) {
				if d.Severity == diag.Error { // too large to be one as well
					r.Diags = append(r.Diags, d)
				}
			}
			return r
		}
	}
	r.Template = true
	opts.Explicit = in.explicit
	ds, err := analysis.Analyze(context.Background(), t, spec, opts)
	if err != nil {
		return pathError(r.Path, in.root, "Analysis failed: %v", err)
	}
	r.Diags = ds
	return r
}

// whyNotTemplate says why a document named explicitly is not a template, with
// the code cfn-lint reports it under; "" when it is close enough to one that
// the checks should say what is wrong (a syntax error, Resources without types).
func whyNotTemplate(t *template.Template) (code, why string) {
	root := t.Root
	switch {
	case t.Binary:
		return "E0000", "the file is binary"
	case t.Err != nil:
		return "", ""
	case root == nil || root.Kind == template.Null:
		return "E1001", "the file is empty (a template is a mapping with a Resources section)"
	case root.Kind != template.Mapping:
		return "E0000", "the document is a " + map[template.Kind]string{template.Sequence: "list", template.Scalar: "single value", template.Intrinsic: "tagged value"}[root.Kind] + ", not a mapping of template sections"
	case root.Get("Resources") == nil:
		var keys []string
		for _, p := range root.Pairs {
			keys = append(keys, p.Key.Value)
		}
		if len(keys) > 5 {
			keys = append(keys[:5], "...")
		}
		return "E1001", "it has no Resources section (its top-level keys: " + strings.Join(keys, ", ") + ")"
	}
	return "", ""
}

// finish sorts the results, reports the PATHs (directories, globs) that
// yielded no template, and with ignoreBad drops what cfn-lint's
// --ignore-bad-template drops (E0000). The rule selection applies to the
// findings made here as to the checks'.
func finish(results []fileResult, paths []string, ignoreBad bool, opts analysis.Options) []fileResult {
	found := make([]bool, len(paths))
	skipped := make([]int, len(paths))
	for _, r := range results {
		if r.Template || len(r.Diags) > 0 {
			found[r.root] = true
		}
		if r.Skipped {
			skipped[r.root]++
		}
	}
	for i, p := range paths {
		if found[i] || p == "-" {
			continue
		}
		if info, err := os.Stat(p); (err == nil && info.IsDir()) || hasGlobMeta(p) {
			what := "this directory holds"
			if hasGlobMeta(p) {
				what = "this pattern matches"
			}
			msg := "No CloudFormation template: " + what + " no template file"
			if skipped[i] > 0 {
				msg += fmt.Sprintf(" (%d %s skipped: not templates)", skipped[i], plural(skipped[i], "file", "files"))
			}
			results = append(results, pathError(p, i, "%s", msg))
		}
	}
	for i := range results {
		ds := results[i].Diags[:0]
		for _, d := range results[i].Diags {
			if opts.Selects(d) && !(ignoreBad && d.Code == "E0000") {
				ds = append(ds, d)
			}
		}
		results[i].Diags = ds
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].Path < results[j].Path })
	return results
}

func fileURI(p string) string {
	if p == "-" {
		return "file:///dev/stdin"
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	return "file://" + filepath.ToSlash(abs)
}
