package schema

import (
	"maps"
	"slices"
	"strings"
)

// This file words the facts of the spec for people: the hover and the
// completion documentation of a property say the same.

// Name renders a value type as a short signature: "String", "List of String",
// "VersioningConfiguration", "Map of String", "String or Integer".
func (vt *ValueType) Name() string {
	if vt == nil {
		return ""
	}
	var parts []string
	k := vt.Kind
	if k == KindAny {
		return "Json"
	}
	if k.Has(KindList) {
		if vt.Item != nil {
			parts = append(parts, "List of "+vt.Item.Name())
		} else {
			parts = append(parts, "List")
		}
	}
	if k.Has(KindMap) {
		if vt.Item != nil {
			parts = append(parts, "Map of "+vt.Item.Name())
		} else {
			parts = append(parts, "Map")
		}
	}
	if k.Has(KindObject) {
		if vt.Object != "" {
			parts = append(parts, vt.Object)
		} else {
			parts = append(parts, "Json")
		}
	}
	prim := func(kind Kind, name string) {
		if k.Has(kind) {
			if vt.PrimitiveName != "" && len(parts) == 0 && kind != KindBoolean {
				name = vt.PrimitiveName
			}
			parts = append(parts, name)
		}
	}
	prim(KindString, "String")
	prim(KindInteger, "Integer")
	if !k.Has(KindInteger) {
		prim(KindNumber, "Number")
	}
	prim(KindBoolean, "Boolean")
	if len(parts) == 0 {
		return "Json"
	}
	return strings.Join(parts, " or ")
}

// Words renders an update behaviour for people ("" when unknown).
func (u UpdateBehavior) Words() string {
	switch u {
	case UpdateMutable:
		return "no interruption"
	case UpdateImmutable:
		return "replacement"
	case UpdateConditional:
		return "some interruption or replacement"
	}
	return ""
}

// Lines describes, one sentence a line, the rules that tie property name to its siblings.
func (r *Relations) Lines(name string) []string {
	var out []string
	if slices.Contains(r.Xor, name) {
		out = append(out, "Exactly one of "+quotedNames(r.Xor, "or")+" must be set.")
	}
	if slices.Contains(r.Or, name) {
		out = append(out, "At least one of "+quotedNames(r.Or, "or")+" must be set.")
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
			parts[i] = quotedNames(s, "with")
		}
		out = append(out, sets.what+strings.Join(parts, "; ")+" must be set.")
	}
	if deps := r.Requires[name]; len(deps) > 0 {
		out = append(out, "Requires "+quotedNames(deps, "and")+".")
	}
	var by []string
	for k, deps := range r.Requires {
		if slices.Contains(deps, name) {
			by = append(by, k)
		}
	}
	if len(by) > 0 {
		slices.Sort(by)
		out = append(out, "Required by "+quotedNames(by, "and")+".")
	}
	excl := slices.Clone(r.Excludes[name])
	for k, deps := range r.Excludes {
		if slices.Contains(deps, name) && !slices.Contains(excl, k) {
			excl = append(excl, k)
		}
	}
	if len(excl) > 0 {
		slices.Sort(excl)
		out = append(out, "Cannot be set with "+quotedNames(excl, "or")+".")
	}
	return out
}

// quotedNames writes `A`, `B` or `C`.
func quotedNames(ns []string, word string) string {
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
func (r *Relations) ExcludedBy(present map[string]bool) map[string]string {
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
