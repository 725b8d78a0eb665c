// Package workspace is the index of the templates of a workspace: what each
// one exports and imports (Fn::ImportValue), which local templates it nests
// and with which parameters, which SSM parameters it writes and reads, and
// its entries for workspace symbols. Navigation across files, the diagnostics
// that need more than one template, and the graph of a directory read it.
//
// The index is built in the background, one file at a time, from the first
// time it is used (Start); it never makes a caller wait for it: queries answer
// from what is indexed so far, and the diagnostics that a missing file would
// make wrong (an import with no exporter) wait until Ready. It keeps a summary
// of each template (File: names and ranges), never its text or parse tree, and
// at most Options.MaxFiles files, so that its memory is bounded by the number
// of names the workspace declares. Open documents are summarised from their
// current text, which wins over the file on disk; file events (Changed) mark
// files to be read again.
//
// It is protocol-free: the LSP server and `cfn-lsp check` both use it.
package workspace

import (
	"context"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/stack"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// DefaultMaxFiles bounds the templates an index holds.
const DefaultMaxFiles = 5000

// Options configure an Index.
type Options struct {
	// Deployment names the deployment whose parameter values resolve names
	// (see stack.TargetFor); "" is each template's first.
	Deployment string
	// MaxFiles bounds the template files indexed (default DefaultMaxFiles);
	// the walk stops there.
	MaxFiles int
	// Changed, when set, is called after what templates see of each other
	// changed (an export, an import, a nested stack's parameters, a child's
	// parameters or outputs) with the paths of the templates that changed, or
	// with nil when the index became ready (everything may read otherwise).
	// It runs on the index's goroutine.
	Changed func(paths []string)
	// Logf, when set, receives what the index skips and why.
	Logf func(format string, args ...any)
}

// Index is a workspace index. Its methods are safe for concurrent use.
type Index struct {
	opts Options

	mu        sync.Mutex
	roots     []string
	shallow   []string             // directories indexed without their subdirectories
	disk      map[string]*diskFile // path -> the file as last read
	open      map[string]*openDoc  // path -> an open document's summary
	pending   map[string]bool      // paths to read again
	walk      bool                 // the roots must be walked
	started   bool
	ready     bool // walked, and nothing pending
	settled   bool // ready, and Changed told of every change
	truncated bool // the walk stopped at MaxFiles
	targets   map[string]*stack.Target
	wake      chan struct{}
	stop      chan struct{}
	idle      *sync.Cond      // signalled when the worker has nothing left to do
	changed   map[string]bool // paths whose links changed since Changed was last called
}

type diskFile struct {
	mod  time.Time
	size int64
	file *File // nil: not a template
}

type openDoc struct {
	t    *template.Template
	file *File
}

// New returns an index of the templates under roots (directories or files),
// which starts being built on the first call of Start.
func New(roots []string, opts Options) *Index {
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = DefaultMaxFiles
	}
	ix := &Index{opts: opts, disk: map[string]*diskFile{}, open: map[string]*openDoc{}, pending: map[string]bool{},
		targets: map[string]*stack.Target{}, changed: map[string]bool{}, wake: make(chan struct{}, 1), stop: make(chan struct{}), walk: true}
	ix.idle = sync.NewCond(&ix.mu)
	ix.roots = cleanRoots(roots)
	return ix
}

func cleanRoots(roots []string) []string {
	var out []string
	for _, r := range roots {
		if abs, err := filepath.Abs(r); err == nil && !slices.Contains(out, abs) {
			out = append(out, abs)
		}
	}
	return out
}

// Start begins building the index in the background, once; later calls do
// nothing. Stop stops it.
func (ix *Index) Start() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.started {
		return
	}
	ix.started = true
	go ix.run()
}

// Stop stops the background work.
func (ix *Index) Stop() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	select {
	case <-ix.stop:
	default:
		close(ix.stop)
	}
	ix.idle.Broadcast()
}

// Build indexes the templates under roots at once, for the command line.
func Build(roots []string, opts Options) *Index {
	ix := New(roots, opts)
	ix.Start()
	ix.Wait()
	return ix
}

// Wait blocks until the index has read every file and told Options.Changed
// what changed (or is stopped); an index not started returns at once.
func (ix *Index) Wait() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for ix.started && !ix.settled && !ix.closed() {
		ix.idle.Wait()
	}
}

func (ix *Index) closed() bool {
	select {
	case <-ix.stop:
		return true
	default:
		return false
	}
}

// WaitReady starts the index and waits, at most max, until it is ready;
// it reports whether it is. A request answered off the ordered path waits so
// that its answer covers the workspace, and answers with what is indexed when
// the time is up or ctx is cancelled.
func (ix *Index) WaitReady(ctx context.Context, max time.Duration) bool {
	ix.Start()
	deadline := time.NewTimer(max)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !ix.Ready() {
		select {
		case <-ctx.Done():
			return false
		case <-deadline.C:
			return false
		case <-tick.C:
		}
	}
	return true
}

// Ready reports whether every file under the roots has been read.
func (ix *Index) Ready() bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.ready
}

// Status says how far the index is: the templates indexed, whether it is
// ready, and whether it stopped at MaxFiles.
func (ix *Index) Status() (templates int, ready, truncated bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for p, d := range ix.disk {
		if d.file != nil && ix.open[p] == nil {
			templates++
		}
	}
	return templates + len(ix.open), ix.ready, ix.truncated
}

// Files returns the summaries of the templates indexed, in path order (an
// open document's, where one is open).
func (ix *Index) Files() []*File { return ix.files(nil) }

// Len is the number of templates indexed.
func (ix *Index) Len() int {
	n, _, _ := ix.Status()
	return n
}

// SetRoots replaces the roots (workspace folders added or removed): files
// outside the new roots are forgotten, the new roots walked.
func (ix *Index) SetRoots(roots []string) {
	ix.mu.Lock()
	ix.roots = cleanRoots(roots)
	for p := range ix.disk {
		if !ix.under(p) {
			delete(ix.disk, p)
			ix.changed[p] = true
		}
	}
	ix.walk = true
	ix.ready = false
	ix.mu.Unlock()
	ix.poke()
}

// AddShallow adds a directory whose templates, but not its subdirectories,
// are indexed: the directory of an open document when the editor names no
// workspace folder.
func (ix *Index) AddShallow(dir string) {
	dir = filepath.Clean(dir)
	ix.mu.Lock()
	if slices.Contains(ix.shallow, dir) || ix.under(filepath.Join(dir, "x")) {
		ix.mu.Unlock()
		return
	}
	ix.shallow = append(ix.shallow, dir)
	ix.walk = true
	ix.ready = false
	ix.mu.Unlock()
	ix.poke()
}

// SetDeployment changes the deployment whose values resolve names: every
// template is summarised again.
func (ix *Index) SetDeployment(name string) {
	ix.mu.Lock()
	if ix.opts.Deployment == name {
		ix.mu.Unlock()
		return
	}
	ix.opts.Deployment = name
	ix.forgetTargets()
	ix.mu.Unlock()
	ix.poke()
}

// forgetTargets drops the deployments read and marks every file to be read
// again; ix.mu is held.
func (ix *Index) forgetTargets() {
	clear(ix.targets)
	for p := range ix.disk {
		ix.pending[p] = true
	}
	for p := range ix.open {
		ix.pending[p] = true
	}
	ix.ready = false
}

// under reports whether path is inside a root; ix.mu is held.
func (ix *Index) under(path string) bool {
	for _, r := range ix.roots {
		if path == r || within(r, path) {
			return true
		}
	}
	return slices.Contains(ix.shallow, filepath.Dir(path))
}

func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Changed tells the index that files changed on disk (created, changed or
// deleted): they are read again. A change to a deployment file (.cfn-lsp.yaml)
// or a parameter file makes every template be summarised again, since the
// values that resolve names may have changed.
func (ix *Index) Changed(paths ...string) {
	ix.mu.Lock()
	for _, p := range paths {
		p = filepath.Clean(p)
		base := filepath.Base(p)
		switch {
		case base == stack.ConfigName || strings.HasSuffix(base, ".params.json"):
			ix.forgetTargets()
		case template.IsTemplateFile(base):
			if ix.under(p) || ix.disk[p] != nil {
				ix.pending[p] = true
				ix.ready = false
			}
		}
	}
	ix.mu.Unlock()
	ix.poke()
}

// poke wakes the worker, which has work.
func (ix *Index) poke() {
	ix.mu.Lock()
	ix.settled = false
	ix.mu.Unlock()
	select {
	case ix.wake <- struct{}{}:
	default:
	}
}

// run is the worker: it walks the roots and reads pending files, one at a
// time, until stopped.
func (ix *Index) run() {
	for {
		ix.mu.Lock()
		walk := ix.walk
		ix.walk = false
		roots, shallow := slices.Clone(ix.roots), slices.Clone(ix.shallow)
		ix.mu.Unlock()
		if walk {
			ix.walkRoots(roots, shallow)
		}
		for ix.readNext() {
			if ix.closed() {
				return
			}
		}
		ix.mu.Lock()
		if !ix.walk && len(ix.pending) == 0 {
			becameReady := !ix.ready
			ix.ready = true
			var paths []string
			for p := range ix.changed {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			clear(ix.changed)
			ix.mu.Unlock()
			if ix.opts.Changed != nil && (becameReady || len(paths) > 0) {
				if becameReady {
					paths = nil
				}
				ix.opts.Changed(paths)
			}
			// Settled once Changed has returned: what it started (the
			// server's analyses) has begun before Wait returns.
			ix.mu.Lock()
			if !ix.walk && len(ix.pending) == 0 && len(ix.changed) == 0 {
				ix.settled = true
				ix.idle.Broadcast()
			}
			ix.mu.Unlock()
		} else {
			ix.mu.Unlock()
			continue
		}
		select {
		case <-ix.stop:
			return
		case <-ix.wake:
		}
	}
}

// skipDir reports whether a walk leaves a directory out: hidden ones
// (.git, .aws-sam's build copies) and dependency trees.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || name == "cdk.out"
}

// maxShallow bounds the entries of a shallow directory looked at.
const maxShallow = 500

// walkRoots lists the template files under the roots and in the shallow
// directories, and marks those new or changed since read; files gone are
// forgotten.
func (ix *Index) walkRoots(roots, shallow []string) {
	seen := map[string]bool{}
	count := 0
	truncated := false
	for _, dir := range shallow {
		f, err := os.Open(dir)
		if err != nil {
			continue
		}
		entries, _ := f.ReadDir(maxShallow)
		f.Close()
		for _, e := range entries {
			if !e.IsDir() && template.IsTemplateFile(e.Name()) && count < ix.opts.MaxFiles {
				seen[filepath.Join(dir, e.Name())] = true
				count++
			}
		}
	}
	for _, root := range roots {
		if truncated {
			break
		}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if p != root && skipDir(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if !template.IsTemplateFile(d.Name()) {
				return nil
			}
			if count >= ix.opts.MaxFiles {
				truncated = true
				return filepath.SkipAll
			}
			count++
			seen[p] = true
			return nil
		})
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if truncated && !ix.truncated {
		ix.logf("the workspace holds more than %d template files; the index covers the first %d", ix.opts.MaxFiles, ix.opts.MaxFiles)
	}
	ix.truncated = truncated
	for p := range ix.disk {
		if !seen[p] && ix.under(p) {
			delete(ix.disk, p)
			ix.changed[p] = true
		}
	}
	for p := range seen {
		d := ix.disk[p]
		if d == nil {
			ix.pending[p] = true
			continue
		}
		if fi, err := os.Stat(p); err != nil || !fi.ModTime().Equal(d.mod) || fi.Size() != d.size {
			ix.pending[p] = true
		}
	}
}

// readNext reads one pending file; false when none is left.
func (ix *Index) readNext() bool {
	ix.mu.Lock()
	var path string
	for p := range ix.pending {
		if path == "" || p < path {
			path = p // in name order, so that runs are alike
		}
	}
	if path == "" {
		ix.mu.Unlock()
		return false
	}
	delete(ix.pending, path)
	o := ix.open[path]
	ix.mu.Unlock()

	if o != nil {
		// An open document's text wins: summarise it again (its deployment
		// changed), and read the disk when it is closed.
		f := summarize(path, o.file.URI, o.t, ix.target(path))
		ix.mu.Lock()
		defer ix.mu.Unlock()
		if ix.open[path] == o {
			if f.links != o.file.links {
				ix.changed[path] = true
			}
			ix.open[path] = &openDoc{t: o.t, file: f}
		}
		return true
	}
	d := ix.read(path)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	old := ix.disk[path]
	switch {
	case d == nil:
		delete(ix.disk, path)
	default:
		ix.disk[path] = d
	}
	if links(old) != links(d) && ix.open[path] == nil {
		ix.changed[path] = true
	}
	return true
}

func links(d *diskFile) string {
	if d == nil || d.file == nil {
		return ""
	}
	return d.file.links
}

// read reads and summarises one file; nil when it cannot be read.
func (ix *Index) read(path string) *diskFile {
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	data, err := fileio.ReadFile(path, template.MaxSize)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			ix.logf("workspace index: %v", err)
		}
		return nil
	}
	d := &diskFile{mod: fi.ModTime(), size: fi.Size()}
	if !template.LooksLikeTemplate(data) {
		return d
	}
	t := template.Parse(FileURI(path), string(data))
	if !t.IsTemplate() && t.Root.Get("Resources") == nil {
		return d // a nested stack's child may hold only Parameters and an empty Resources
	}
	d.file = summarize(path, t.URI, t, ix.target(path))
	return d
}

// ReadTemplate reads and parses the template file at path (through fileio's
// limits); nil when it cannot be read.
func ReadTemplate(path string) *template.Template {
	data, err := fileio.ReadFile(path, template.MaxSize)
	if err != nil {
		return nil
	}
	return template.Parse(FileURI(path), string(data))
}

// target returns the deployment of the template at path, read once.
func (ix *Index) target(path string) *stack.Target {
	ix.mu.Lock()
	tg, ok := ix.targets[path]
	name := ix.opts.Deployment
	ix.mu.Unlock()
	if ok {
		return tg
	}
	tg, err := stack.TargetFor(path, name, false)
	if err != nil {
		ix.logf("workspace index: %s: %v", path, err)
		tg = nil
	}
	ix.mu.Lock()
	ix.targets[path] = tg
	ix.mu.Unlock()
	return tg
}

func (ix *Index) logf(format string, args ...any) {
	if ix.opts.Logf != nil {
		ix.opts.Logf(format, args...)
	}
}

// Opened records the current parse of an open document, which wins over the
// file on disk until Closed. A document that is not a file (an untitled
// buffer) has no path and is not indexed. It starts the index.
func (ix *Index) Opened(path string, t *template.Template) {
	if path == "" || t == nil {
		return
	}
	path = filepath.Clean(path)
	ix.mu.Lock()
	same := ix.open[path] != nil && ix.open[path].t == t
	ix.mu.Unlock()
	if same {
		return
	}
	f := ix.fileOf(path, t)
	ix.mu.Lock()
	before := ix.linksOf(path)
	ix.open[path] = &openDoc{t: t, file: f}
	if before != f.links {
		ix.changed[path] = true
	}
	ix.mu.Unlock()
	ix.Start()
	ix.poke()
}

// Closed forgets an open document: the file on disk is read again.
func (ix *Index) Closed(path string) {
	path = filepath.Clean(path)
	ix.mu.Lock()
	if ix.open[path] != nil {
		delete(ix.open, path)
		ix.pending[path] = true
		ix.ready = false
	}
	ix.mu.Unlock()
	ix.poke()
}

// linksOf is the fingerprint of path as the index sees it; ix.mu is held.
func (ix *Index) linksOf(path string) string {
	if o := ix.open[path]; o != nil {
		return o.file.links
	}
	return links(ix.disk[path])
}

// fileOf returns the summary of t, the current parse of the file at path:
// the open document's when it is that parse, else a new one.
func (ix *Index) fileOf(path string, t *template.Template) *File {
	ix.mu.Lock()
	o := ix.open[path]
	ix.mu.Unlock()
	if o != nil && o.t == t {
		return o.file
	}
	uri := t.URI
	if uri == "" {
		uri = FileURI(path)
	}
	// Once per template: a request may ask about a version other than the
	// one the index holds (the last analysed one, while a newer is analysed).
	k := summaryKey{path: path, uri: uri, tg: ix.target(path)}
	return t.Derived(k, func(t *template.Template) any { return summarize(k.path, k.uri, t, k.tg) }).(*File)
}

// summaryKey tells a template's summaries apart (Template.Derived).
type summaryKey struct {
	path, uri string
	tg        *stack.Target
}

// files returns every template's summary, open documents' first winning over
// the disk, in path order; self, when set, stands for the file at its path.
func (ix *Index) files(self *File) []*File {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make([]*File, 0, len(ix.disk)+len(ix.open))
	for p, o := range ix.open {
		if self != nil && p == self.Path {
			continue
		}
		out = append(out, o.file)
	}
	for p, d := range ix.disk {
		if d.file == nil || ix.open[p] != nil || (self != nil && p == self.Path) {
			continue
		}
		out = append(out, d.file)
	}
	if self != nil {
		out = append(out, self)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// file returns the summary of the template at path, or nil.
func (ix *Index) file(path string) *File {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if o := ix.open[path]; o != nil {
		return o.file
	}
	if d := ix.disk[path]; d != nil {
		return d.file
	}
	return nil
}

// FileURI returns the file:// URI of a path.
func FileURI(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// PathOf returns the path of a file:// URI, or "" for other schemes.
func PathOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.Clean(filepath.FromSlash(u.Path))
}
