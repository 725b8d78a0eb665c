package server

import (
	"context"

	"go.lsp.dev/protocol"
)

// didChangeWatchedFiles hands the file events the client reports (see
// watchFiles) to the workspace index, which reads those files again.
func (s *Server) didChangeWatchedFiles(_ context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	var paths []string
	for _, c := range p.Changes {
		if path := pathOf(uriOf(string(c.URI))); path != "" {
			paths = append(paths, path)
		}
	}
	s.index().Changed(paths...)
	return nil
}
