package server

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// The workspace folders bound what a command may read from disk: a command
// names its template by URI, and a client (or whoever speaks for it) could
// name any file at all.

// setFolders records the workspace folders of initialize: its
// workspaceFolders, else its rootUri.
func (s *Server) setFolders(p *protocol.InitializeParams) {
	var paths []string
	for _, f := range p.WorkspaceFolders {
		if path := pathOf(uriOf(f.URI)); path != "" {
			paths = append(paths, path)
		}
	}
	//lint:ignore SA1019 a client without workspace folders still names its root
	if root := pathOf(p.RootURI); len(paths) == 0 && root != "" {
		paths = append(paths, root)
	}
	ix := s.newWorkspaceIndex(paths)
	s.mu.Lock()
	s.folders = paths
	s.ws = ix
	s.mu.Unlock()
}

func (s *Server) didChangeWorkspaceFolders(_ context.Context, p *protocol.DidChangeWorkspaceFoldersParams) error {
	s.mu.Lock()
	for _, f := range p.Event.Removed {
		s.folders = slices.DeleteFunc(s.folders, func(path string) bool { return path == pathOf(uriOf(f.URI)) })
	}
	for _, f := range p.Event.Added {
		if path := pathOf(uriOf(f.URI)); path != "" && !slices.Contains(s.folders, path) {
			s.folders = append(s.folders, path)
		}
	}
	folders := slices.Clone(s.folders)
	s.mu.Unlock()
	s.index().SetRoots(folders)
	return nil
}

// mayRead says whether a command may read the file at path, which no editor has
// open: only a template file (by its name) inside a workspace folder, symlinks
// followed, may be read.
func (s *Server) mayRead(path string) error {
	refuse := invalidParams("%s is not open, and cfn-lsp reads no other file than a template (%s) in a workspace folder",
		path, strings.Join(template.FileExtensions, ", "))
	if !template.IsTemplateFile(path) {
		return refuse
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("reading the template: %w", err)
	}
	s.mu.Lock()
	folders := s.folders
	s.mu.Unlock()
	for _, f := range folders {
		if root, err := filepath.EvalSymlinks(f); err == nil && within(root, real) {
			return nil
		}
	}
	return refuse
}

// within reports whether path lies inside the directory root.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
