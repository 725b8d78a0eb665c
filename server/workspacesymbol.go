package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
)

// maxWorkspaceSymbols bounds a workspace/symbol answer.
const maxWorkspaceSymbols = 500

// workspaceSymbol answers workspace/symbol: the resources, parameters,
// outputs and exports of every template of the workspace index whose name
// holds the query's letters in order.
func (s *Server) workspaceSymbol(_ context.Context, p *protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	out := []protocol.SymbolInformation{}
	for _, sym := range s.index().Symbols(p.Query, maxWorkspaceSymbols) {
		out = append(out, protocol.SymbolInformation{
			Name: sym.Name, Kind: workspaceSymbolKind(sym.Section),
			Location:      protocol.Location{URI: uriOf(sym.URI), Range: toRange(sym.Range)},
			ContainerName: containerOf(sym),
		})
	}
	return out, nil
}

func workspaceSymbolKind(section string) protocol.SymbolKind {
	switch section {
	case refs.Parameters:
		return protocol.SymbolKindVariable
	case refs.Resources:
		return protocol.SymbolKindClass
	case refs.Outputs:
		return protocol.SymbolKindProperty
	}
	return protocol.SymbolKindInterface // an export: what other stacks import
}

// containerOf names where a symbol stands: its section and type or output.
func containerOf(sym workspace.SymbolAt) string {
	if sym.Detail != "" {
		return sym.Section + " (" + sym.Detail + ")"
	}
	return sym.Section
}
