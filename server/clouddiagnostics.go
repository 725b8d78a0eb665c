package server

import (
	"sync"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
)

// What CloudFormation said of a document, shown beside its own diagnostics: the
// failures of its last launch and the complaint of its last remote validation.

// cloudStore keeps, per document, the failures of its last launch and of its
// last remote validation.
type cloudStore struct {
	mu       sync.Mutex
	launch   map[protocol.DocumentURI][]deploy.Failure
	validate map[protocol.DocumentURI][]deploy.Failure
}

// set records failures for the launch and/or validation of a document; nil clears.
func (c *cloudStore) set(uri protocol.DocumentURI, fs []deploy.Failure, launch, validate bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if launch {
		c.launch[uri] = fs
	}
	if validate {
		c.validate[uri] = fs
	}
}

func (c *cloudStore) get(uri protocol.DocumentURI) []deploy.Failure {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append(append([]deploy.Failure{}, c.launch[uri]...), c.validate[uri]...)
}

// cloudDiagnostics returns the stack-failure diagnostics recorded for a
// document, placed on the text of the snapshot being analysed (they follow the
// resource as the document changes).
func (s *Server) cloudDiagnostics(sn *snapshot) []diag.Diagnostic {
	fs := s.clouds.get(sn.URI)
	if len(fs) == 0 {
		return nil
	}
	return deploy.Diagnostics(sn.Template(), fs)
}
