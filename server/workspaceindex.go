package server

import (
	"context"
	"path/filepath"
	"strings"

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

// workspaceChanged analyses again the open documents that may read what
// changed: all of them, except a document whose own change it is.
func (s *Server) workspaceChanged(paths []string) {
	s.mu.Lock()
	uris := make([]protocol.DocumentURI, 0, len(s.docs))
	for u := range s.docs {
		uris = append(uris, u)
	}
	s.mu.Unlock()
	for _, u := range uris {
		if len(paths) == 1 && paths[0] == pathOf(u) {
			continue
		}
		s.schedule(u, s.opts.Debounce)
	}
}

// workspaceDiagnostics is the analysis stage of the findings that need the
// other templates of the workspace.
func (s *Server) workspaceDiagnostics(t *template.Template) []diag.Diagnostic {
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
