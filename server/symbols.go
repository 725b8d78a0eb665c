package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/navigation"
)

// documentSymbol answers textDocument/documentSymbol: the template's sections,
// each with its entries (types as detail), as a hierarchy.
func (s *Server) documentSymbol(ctx context.Context, p *protocol.DocumentSymbolParams) ([]protocol.DocumentSymbol, error) {
	sn := s.snapshot(p.TextDocument.URI)
	if sn == nil {
		return []protocol.DocumentSymbol{}, nil
	}
	return toSymbols(navigation.Symbols(sn.Template())), nil
}

func toSymbols(ss []navigation.Symbol) []protocol.DocumentSymbol {
	out := make([]protocol.DocumentSymbol, 0, len(ss))
	for _, s := range ss {
		ds := protocol.DocumentSymbol{
			Name: s.Name, Detail: s.Detail, Kind: symbolKind(s.Kind),
			Range: toRange(s.Range), SelectionRange: toRange(s.Selection),
		}
		if ds.Name == "" {
			ds.Name = `""` // LSP refuses empty names
		}
		if len(s.Children) > 0 {
			ds.Children = toSymbols(s.Children)
		}
		out = append(out, ds)
	}
	return out
}

func symbolKind(k navigation.SymbolKind) protocol.SymbolKind {
	switch k {
	case navigation.SymbolSection:
		return protocol.SymbolKindNamespace
	case navigation.SymbolParameter:
		return protocol.SymbolKindVariable
	case navigation.SymbolMapping:
		return protocol.SymbolKindStruct
	case navigation.SymbolCondition:
		return protocol.SymbolKindBoolean
	case navigation.SymbolResource:
		return protocol.SymbolKindClass
	case navigation.SymbolOutput:
		return protocol.SymbolKindProperty
	case navigation.SymbolRule:
		return protocol.SymbolKindEvent
	}
	return protocol.SymbolKindKey
}
