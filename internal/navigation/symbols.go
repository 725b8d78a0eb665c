package navigation

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// SymbolKind classifies a document symbol; the server maps it onto LSP's kinds.
type SymbolKind int

// Symbol kinds.
const (
	SymbolSection SymbolKind = iota + 1
	SymbolParameter
	SymbolMapping
	SymbolCondition
	SymbolResource
	SymbolOutput
	SymbolRule
	SymbolValue // an entry of another section (Metadata keys, Transform, ...)
)

// Symbol is one entry of the document outline.
type Symbol struct {
	Name      string
	Detail    string // a resource's or parameter's Type, an output's export name
	Kind      SymbolKind
	Range     template.Range // the whole entry, key and value
	Selection template.Range // the key
	Children  []Symbol
}

// Symbols returns the outline of t: its top-level sections, each with its entries.
func Symbols(t *template.Template) []Symbol {
	if t == nil || t.Root == nil || t.Root.Kind != template.Mapping {
		return nil
	}
	var out []Symbol
	for _, p := range t.Root.Pairs {
		sec := Symbol{
			Name: p.Key.Value, Kind: SymbolSection,
			Range:     span(p),
			Selection: p.Key.Range,
		}
		kind := entryKind(p.Key.Value)
		if kind != SymbolValue && p.Value.Kind == template.Mapping {
			sec.Children = entrySymbols(p.Value, kind)
		} else if s, ok := p.Value.Str(); ok {
			sec.Detail = s
		}
		out = append(out, sec)
	}
	return out
}

// entrySymbols returns the entries of a section's mapping; a Fn::ForEach loop
// holds the entries of its body, as written.
func entrySymbols(m *template.Node, kind SymbolKind) []Symbol {
	var out []Symbol
	for _, e := range m.Pairs {
		sym := Symbol{Name: e.Key.Value, Kind: kind, Detail: detail(kind, e.Value), Range: span(e), Selection: e.Key.Range}
		if v := e.Value; strings.HasPrefix(e.Key.Value, "Fn::ForEach::") && v.Kind == template.Sequence && len(v.Items) == 3 {
			sym.Kind, sym.Detail = SymbolValue, ""
			if v.Items[2].Kind == template.Mapping {
				sym.Children = entrySymbols(v.Items[2], kind)
			}
		}
		out = append(out, sym)
	}
	return out
}

func span(p *template.Pair) template.Range {
	r := template.Range{Start: p.Key.Range.Start, End: p.Value.Range.End}
	if r.End.Less(p.Key.Range.End) {
		r.End = p.Key.Range.End
	}
	return r
}

func entryKind(section string) SymbolKind {
	switch section {
	case "Parameters":
		return SymbolParameter
	case "Mappings":
		return SymbolMapping
	case "Conditions":
		return SymbolCondition
	case "Resources":
		return SymbolResource
	case "Outputs":
		return SymbolOutput
	case "Rules":
		return SymbolRule
	}
	return SymbolValue
}

func detail(kind SymbolKind, v *template.Node) string {
	switch kind {
	case SymbolParameter, SymbolResource:
		s, _ := v.Get("Type").Str()
		return s
	case SymbolOutput:
		if key := refs.ExportKey(v.Get("Export").Get("Name")); key != "" {
			return "export " + key
		}
	}
	return ""
}
