package server

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
)

// requestFailed is LSP's RequestFailed error code: the client shows the message.
const requestFailed = jsonrpc2.Code(-32803)

// prepareRename answers textDocument/prepareRename: the range of the logical
// id, parameter, condition or mapping name at the cursor, or an error saying
// why it cannot be renamed.
func (s *Server) prepareRename(ctx context.Context, p *protocol.PrepareRenameParams) (*protocol.Range, error) {
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return nil, nil
	}
	r, _, err := navigation.PrepareRename(sn.Template(), fromPos(p.Position))
	if err != nil {
		return nil, &jsonrpc2.Error{Code: requestFailed, Message: err.Error()}
	}
	rng := toRange(r)
	return &rng, nil
}

// rename answers textDocument/rename: the declaration and every reference,
// Sub strings included. Invalid and taken names are refused with a message.
func (s *Server) rename(ctx context.Context, p *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return nil, nil
	}
	edits, err := navigation.Rename(sn.Template(), fromPos(p.Position), p.NewName)
	if err != nil {
		return nil, &jsonrpc2.Error{Code: requestFailed, Message: err.Error()}
	}
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: toRange(e.Range), NewText: e.NewText})
	}
	return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{sn.URI: out}}, nil
}
