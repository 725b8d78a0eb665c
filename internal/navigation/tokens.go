package navigation

import (
	"sort"

	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Token is a name to highlight by what it names: the section of the entry it
// declares or references.
type Token struct {
	Range template.Range
	// Section is Parameters, Resources, Conditions or Mappings.
	Section string
	// Declaration is set on the entry's own key.
	Declaration bool
}

// Tokens returns the declared and referenced names of parameters, resources,
// conditions and mappings, in document order, each on one line and none
// overlapping another (what semantic highlighting needs).
func Tokens(t *template.Template) []Token {
	if t == nil || t.Root == nil {
		return nil
	}
	var out []Token
	ix := refs.Of(t)
	for _, sec := range []string{Parameters, Resources, Conditions, Mappings} {
		for _, d := range ix.Declared(sec) {
			out = append(out, Token{Range: d.Key.Range, Section: sec, Declaration: true})
		}
	}
	for _, r := range references(t) {
		switch r.Target {
		case Parameters, Resources, Conditions, Mappings:
			out = append(out, Token{Range: r.Range, Section: r.Target})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start.Less(out[j].Range.Start) })
	kept := out[:0]
	for _, tk := range out {
		r := tk.Range
		if r.Start.Line != r.End.Line || r.End.Char <= r.Start.Char {
			continue
		}
		if n := len(kept); n > 0 && r.Start.Less(kept[n-1].Range.End) {
			continue // overlaps the one before
		}
		kept = append(kept, tk)
	}
	return kept
}
