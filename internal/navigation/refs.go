// Package navigation answers the "where is it" questions of an editor over a
// parsed template: definitions, references, rename, document symbols and
// highlights. It is protocol-free; the LSP server and tests translate. What
// declares and references what comes from the reference index (package refs).
package navigation

import (
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Sections whose entries can be referenced by name.
const (
	Parameters = refs.Parameters
	Resources  = refs.Resources
	Conditions = refs.Conditions
	Mappings   = refs.Mappings
	// Exports is not a template section: it names output exports, which are
	// referenced by Fn::ImportValue of the same literal name.
	Exports = refs.Exports
)

// references returns the references an editor can go to, highlight and
// rename, in document order: those whose range is the name as written, to
// template-level names (not pseudo parameters), and, of the names the
// interface metadata lists, those that are parameters (W4001 reports the
// others). A reference whose Target is "" names nothing declared.
func references(t *template.Template) []*refs.Ref {
	ix := refs.Of(t)
	var out []*refs.Ref
	for i := range ix.Refs {
		r := &ix.Refs[i]
		switch {
		case !r.Exact || r.Name == "":
		case r.Kind != refs.KindImportValue && strings.Contains(r.Name, "::"):
		case r.Kind == refs.KindInterface && ix.Resolve(r) == nil:
		default:
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start.Less(out[j].Range.Start) })
	return out
}
