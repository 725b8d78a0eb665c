package server

import (
	"context"

	"go.lsp.dev/protocol"
)

// codeLens answers textDocument/codeLens: "Launch stack" and "Validate" at the
// top of a template, and the linked stack's lenses (stackcmd.go).
func (s *Server) codeLens(ctx context.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	out := []protocol.CodeLens{}
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil || !sn.Template().IsTemplate() {
		return out, nil
	}
	arg := []any{map[string]any{"uri": sn.URI}}
	top := protocol.Range{}
	out = append(out,
		protocol.CodeLens{Range: top, Command: &protocol.Command{Title: "Launch stack", Command: CmdLaunchStack, Arguments: arg}},
		protocol.CodeLens{Range: top, Command: &protocol.Command{Title: "Validate", Command: CmdValidateTemplate, Arguments: arg}},
	)
	return append(out, s.stackLenses(sn)...), nil
}
