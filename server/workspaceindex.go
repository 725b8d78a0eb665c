package server

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
)

// The workspace index (internal/workspace) holds every template of the
// workspace folders: the server creates it on initialize, it starts reading
// files when the first template is analysed, and every analysis hands it the
// document's current parse, which wins over the disk. When what templates see
// of each other changes, the open documents are analysed again.

// newWorkspaceIndex makes the index of the workspace folders.
func (s *Server) newWorkspaceIndex(folders []string) *workspace.Index {
	return workspace.New(folders, workspace.Options{
		Deployment: s.currentSettings().Deployment,
		Changed:    s.workspaceChanged,
		Logf:       s.log.Printf,
	})
}

// index returns the workspace index (one with no folders before initialize).
func (s *Server) index() *workspace.Index {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ws == nil {
		s.ws = workspace.New(nil, workspace.Options{Changed: s.workspaceChanged, Logf: s.log.Printf})
	}
	return s.ws
}

// indexWait bounds how long an answer that reads the index (definition,
// references, rename, off the ordered path) waits for it to be built.
const indexWait = 2 * time.Second

// indexDocument hands the index the parse of an open document it analyses.
// Without workspace folders, the templates beside the document are indexed.
func (s *Server) indexDocument(sn *snapshot, t *template.Template) {
	path := pathOf(sn.URI)
	if path == "" || !t.IsTemplate() {
		return
	}
	ix := s.index()
	s.mu.Lock()
	noFolders := len(s.folders) == 0
	s.mu.Unlock()
	if noFolders {
		ix.AddShallow(filepath.Dir(path))
	}
	ix.Opened(path, t)
}

// awaitIndex is what every answer read from the index does first: it hands
// the index the open documents and waits, at most indexWait, until the index
// is built (an answer past the wait covers what is indexed by then).
func (s *Server) awaitIndex(ctx context.Context) {
	s.indexOpenDocuments()
	s.index().WaitReady(ctx, indexWait)
}

// indexOpenDocuments hands the index the latest version of every open
// document, so that an answer read from the index covers what the editor
// holds even when a document's analysis (which hands it over too) has not run
// yet: a definition asked right after two didOpens. It parses off the ordered
// path; a version already handed over costs nothing.
func (s *Server) indexOpenDocuments() {
	s.mu.Lock()
	docs := make([]*document, 0, len(s.docs))
	for _, d := range s.docs {
		docs = append(docs, d)
	}
	s.mu.Unlock()
	for _, d := range docs {
		d.mu.Lock()
		sn := d.latest
		d.mu.Unlock()
		if sn != nil {
			s.indexDocument(sn, sn.Template())
		}
	}
}

// workspaceFindings are the workspace diagnostics an analysis of a parse
// found, so that a change of the index analyses again only the documents
// whose findings it changes.
type workspaceFindings struct {
	mu   sync.Mutex
	last map[string]workspaceResult // document URI -> the last analysis's
}

type workspaceResult struct {
	t  *template.Template
	ds []diag.Diagnostic
}

// workspaceClosed forgets a closed document: the index reads its file again.
func (s *Server) workspaceClosed(uri protocol.DocumentURI) {
	s.wsFindings.mu.Lock()
	delete(s.wsFindings.last, string(uri))
	s.wsFindings.mu.Unlock()
	if path := pathOf(uri); path != "" {
		s.index().Closed(path)
	}
}

// workspaceChanged analyses again the open documents that what changed
// (paths; nil: anything) may concern: those nesting a changed template (their
// E3043 reads it), and those whose workspace findings are not what their
// last analysis found. A document's own change is its analysis's business.
func (s *Server) workspaceChanged(paths []string) {
	s.mu.Lock()
	uris := make([]protocol.DocumentURI, 0, len(s.docs))
	for u := range s.docs {
		uris = append(uris, u)
	}
	s.mu.Unlock()
	ix := s.index()
	for _, u := range uris {
		path := pathOf(u)
		if len(paths) == 1 && paths[0] == path {
			continue
		}
		sn := s.snapshot(u)
		if sn == nil {
			continue
		}
		nesting := paths == nil && ix.Nests(path) ||
			slices.ContainsFunc(paths, func(p string) bool { return slices.Contains(ix.Children(path), p) })
		t := sn.Parsed()
		s.wsFindings.mu.Lock()
		last, ok := s.wsFindings.last[string(u)]
		s.wsFindings.mu.Unlock()
		found := t != nil && ok && last.t == t // this version's findings are in
		if !found && !nesting && s.analysing(sn) {
			// The pending or running analysis of this version has not read
			// the index yet: it will read it as it is now (see
			// workspaceDiagnostics). Restarting it would make the first
			// diagnostics of a document opened before the index was built
			// wait for a second analysis.
			continue
		}
		if !found || nesting || !slices.EqualFunc(last.ds, s.workspaceFindingsOf(t), sameFinding) {
			s.schedule(u, s.opts.Debounce)
		}
	}
}

// analysing reports whether the analysis of sn, the latest version of its
// document, is pending or running.
func (s *Server) analysing(sn *snapshot) bool {
	d := sn.doc
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.latest == sn && d.inflight == sn
}

// sameFinding compares what a workspace finding shows.
func sameFinding(a, b diag.Diagnostic) bool {
	return a.Range == b.Range && a.Code == b.Code && a.Severity == b.Severity && a.Message == b.Message
}

// workspaceDiagnostics is the analysis stage of the findings that need the
// other templates of the workspace.
// The findings are found and recorded in one step under wsFindings.mu, so
// that workspaceChanged, which leaves an analysis under way alone until it has
// recorded its findings, sees either the findings of an index as it was
// before the change or none (and then the analysis reads the changed index).
func (s *Server) workspaceDiagnostics(t *template.Template) []diag.Diagnostic {
	s.wsFindings.mu.Lock()
	defer s.wsFindings.mu.Unlock()
	ds := s.workspaceFindingsOf(t)
	if s.snapshot(uriOf(t.URI)) == nil {
		return ds // closed meanwhile: nothing to remember
	}
	if s.wsFindings.last == nil {
		s.wsFindings.last = map[string]workspaceResult{}
	}
	s.wsFindings.last[t.URI] = workspaceResult{t, ds}
	return ds
}

func (s *Server) workspaceFindingsOf(t *template.Template) []diag.Diagnostic {
	opts := workspace.DiagnosticOptions{
		ImportsAsWarnings: strings.EqualFold(s.currentSettings().Workspace.UnresolvedImports, "warning"),
	}
	return s.index().Diagnostics(pathOf(uriOf(t.URI)), t, opts)
}

// openChild returns the current parse of an open document at path, for the
// nested stack checks; nil when it is not open.
func (s *Server) openChild(path string) *template.Template {
	s.mu.Lock()
	var found protocol.DocumentURI
	for u := range s.docs {
		if pathOf(u) == path {
			found = u
			break
		}
	}
	s.mu.Unlock()
	if sn := s.snapshot(found); found != "" && sn != nil {
		return sn.Template()
	}
	return nil
}

// currentTemplate returns the current parse of a file of the index: the
// open document's, else the file's on disk; nil when it cannot be read.
func (s *Server) currentTemplate(path string) *template.Template {
	if t := s.openChild(path); t != nil {
		return t
	}
	return workspace.ReadTemplate(path)
}

// watchFiles asks a client that can register file watchers dynamically to
// report changes to templates and deployment files.
func (s *Server) watchFiles(ctx context.Context) {
	var globs []map[string]any
	for _, ext := range template.FileExtensions {
		globs = append(globs, map[string]any{"globPattern": "**/*" + ext})
	}
	err := s.call(ctx, "client/registerCapability", map[string]any{"registrations": []map[string]any{{
		"id": "cfn-lsp-watched-files", "method": "workspace/didChangeWatchedFiles",
		"registerOptions": map[string]any{"watchers": globs},
	}}}, nil)
	if err != nil {
		s.log.Printf("registering file watchers: %v", err)
	}
}
