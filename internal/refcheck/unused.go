package refcheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// checkUnused warns about parameters, conditions and mappings nothing refers to.
// Templates whose names may be used by code outside the text (macros, ForEach)
// and documents with syntax errors are skipped.
func (c *checker) checkUnused() {
	if c.forEach || c.macros || c.t.Err != nil {
		return // a document recovered from a syntax error misses lines
	}
	used := map[refs.Kind]map[string]bool{refs.KindRef: {}, refs.KindCondition: {}, refs.KindFindInMap: {}}
	for _, r := range c.refs {
		switch r.Kind {
		case refs.KindRef, refs.KindSub:
			if r.Attr == "" {
				used[refs.KindRef][r.Name] = true
			}
		case refs.KindCondition, refs.KindFindInMap:
			used[r.Kind][r.Name] = true
		}
	}
	for _, p := range c.t.Parameters {
		if !used[refs.KindRef][p.Name] {
			c.report(p.Key.Range, diag.Warning, codeUnusedParam, "", "Parameter "+quote(p.Name)+" is not used", nil)
		}
	}
	for _, e := range c.t.Conditions {
		if !used[refs.KindCondition][e.Name] {
			c.report(e.Key.Range, diag.Warning, codeUnusedCond, "", "Condition "+quote(e.Name)+" is not used", nil)
		}
	}
	if c.dynamicMapNames() {
		return
	}
	for _, e := range c.t.Mappings {
		if !used[refs.KindFindInMap][e.Name] {
			c.report(e.Key.Range, diag.Warning, codeUnusedMap, "", "Mapping "+quote(e.Name)+" is not used", nil)
		}
	}
}

// dynamicMapNames reports whether some Fn::FindInMap computes its map name.
func (c *checker) dynamicMapNames() bool {
	found := false
	template.Walk(c.t.Root, func(n *template.Node) bool {
		if n.IsIntrinsic("Fn::FindInMap") && n.Arg.Kind == template.Sequence && len(n.Arg.Items) > 0 && n.Arg.Items[0].Kind != template.Scalar {
			found = true
		}
		return !found
	})
	return found
}

func quote(s string) string { return "\"" + s + "\"" }
