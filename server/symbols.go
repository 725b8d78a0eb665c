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

// symbolKinds are the LSP kinds of the outline's symbols; others are keys.
var symbolKinds = map[navigation.SymbolKind]protocol.SymbolKind{
	navigation.SymbolSection:   protocol.SymbolKindNamespace,
	navigation.SymbolParameter: protocol.SymbolKindVariable,
	navigation.SymbolMapping:   protocol.SymbolKindStruct,
	navigation.SymbolCondition: protocol.SymbolKindBoolean,
	navigation.SymbolResource:  protocol.SymbolKindClass,
	navigation.SymbolOutput:    protocol.SymbolKindProperty,
	navigation.SymbolRule:      protocol.SymbolKindEvent,
}

func symbolKind(k navigation.SymbolKind) protocol.SymbolKind {
	if sk, ok := symbolKinds[k]; ok {
		return sk
	}
	return protocol.SymbolKindKey
}
