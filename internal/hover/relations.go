package hover

import (
	"maps"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// RelationLines describes the rules that tie property name to its siblings.
func RelationLines(name string, r *schema.Relations) []string {
	var out []string
	if slices.Contains(r.Xor, name) {
		out = append(out, "Exactly one of "+names(r.Xor, "or")+" must be set.")
	}
	if slices.Contains(r.Or, name) {
		out = append(out, "At least one of "+names(r.Or, "or")+" must be set.")
	}
	for _, sets := range []struct {
		sets [][]string
		what string
	}{{r.OneOf, "Exactly one of "}, {r.AnyOf, "At least one of "}} {
		if !slices.ContainsFunc(sets.sets, func(s []string) bool { return slices.Contains(s, name) }) {
			continue
		}
		parts := make([]string, len(sets.sets))
		for i, s := range sets.sets {
			parts[i] = names(s, "with")
		}
		out = append(out, sets.what+strings.Join(parts, "; ")+" must be set.")
	}
	if deps := r.Requires[name]; len(deps) > 0 {
		out = append(out, "Requires "+names(deps, "and")+".")
	}
	var by []string
	for k, deps := range r.Requires {
		if slices.Contains(deps, name) {
			by = append(by, k)
		}
	}
	if len(by) > 0 {
		slices.Sort(by)
		out = append(out, "Required by "+names(by, "and")+".")
	}
	excl := slices.Clone(r.Excludes[name])
	for k, deps := range r.Excludes {
		if slices.Contains(deps, name) && !slices.Contains(excl, k) {
			excl = append(excl, k)
		}
	}
	if len(excl) > 0 {
		slices.Sort(excl)
		out = append(out, "Cannot be set with "+names(excl, "or")+".")
	}
	return out
}

// names writes `A`, `B` or `C`.
func names(ns []string, word string) string {
	q := make([]string, len(ns))
	for i, n := range ns {
		q[i] = "`" + n + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + word + " " + q[len(q)-1]
}

// ExcludedBy returns, for each property that the present ones rule out (only one
// of them may be set, or one excludes the other), a present property that rules it out.
func ExcludedBy(r *schema.Relations, present map[string]bool) map[string]string {
	if r == nil {
		return nil
	}
	out := map[string]string{}
	rule := func(name, by string) { // the first rule found stays, so the answer is stable
		if _, seen := out[name]; !seen {
			out[name] = by
		}
	}
	for _, k := range r.Xor {
		if present[k] {
			for _, o := range r.Xor {
				if o != k && !present[o] {
					rule(o, k)
				}
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(r.Excludes)) {
		for _, d := range r.Excludes[k] {
			switch {
			case present[k] && !present[d]:
				rule(d, k)
			case present[d] && !present[k]:
				rule(k, d)
			}
		}
	}
	return out
}
