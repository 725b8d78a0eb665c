package schema

import (
	"maps"
	"slices"
	"sort"
)

// Relations are the rules an object's properties must follow together, read from
// a registry schema: oneOf and anyOf whose branches only list required
// properties, and the keywords requiredXor, requiredOr, dependentRequired (or
// draft-07 array dependencies) and dependentExcluded that cfn-lint's schemas carry.
type Relations struct {
	// OneOf: exactly one of these sets of properties is all present.
	OneOf [][]string `json:"one,omitempty"`
	// AnyOf: at least one of these sets is all present.
	AnyOf [][]string `json:"any,omitempty"`
	// Xor: exactly one of these properties is present.
	Xor []string `json:"xor,omitempty"`
	// Or: at least one of these properties is present.
	Or []string `json:"or,omitempty"`
	// Requires: when the key is present, so are its properties.
	Requires map[string][]string `json:"req,omitempty"`
	// Excludes: when the key is present, its properties are not.
	Excludes map[string][]string `json:"exc,omitempty"`
}

func (r *Relations) empty() bool {
	return len(r.OneOf) == 0 && len(r.AnyOf) == 0 && len(r.Xor) == 0 && len(r.Or) == 0 &&
		len(r.Requires) == 0 && len(r.Excludes) == 0
}

// relations reads the Relations of an object's schema node, nil when it has none.
// Names that are not properties of obj are dropped, so that a rule never
// demands a property the template cannot write.
func relations(obj *Object, node map[string]any) *Relations {
	known := func(names []string) []string {
		var out []string
		for _, n := range names {
			if obj.Properties[n] != nil {
				out = append(out, n)
			}
		}
		return out
	}
	r := &Relations{}
	r.OneOf = requiredSets(node["oneOf"], known)
	r.AnyOf = requiredSets(node["anyOf"], known)
	if xs := known(StringList(node["requiredXor"])); len(xs) > 1 {
		r.Xor = xs
	}
	if xs := known(StringList(node["requiredOr"])); len(xs) > 1 {
		r.Or = xs
	}
	r.Requires = dependentLists(node["dependentRequired"], obj, known)
	if deps := dependentLists(node["dependencies"], obj, known); len(deps) > 0 {
		if r.Requires == nil {
			r.Requires = map[string][]string{}
		}
		for k, v := range deps {
			r.Requires[k] = unionStrings(r.Requires[k], v)
		}
	}
	r.Excludes = dependentLists(node["dependentExcluded"], obj, known)
	if r.empty() {
		return nil
	}
	return r
}

// requiredSets reads a oneOf or anyOf whose every branch is {"required": [...]}
// (the form that only constrains which properties are present); nil otherwise.
func requiredSets(v any, known func([]string) []string) [][]string {
	list, _ := v.([]any)
	if len(list) < 2 {
		return nil
	}
	var sets [][]string
	for _, b := range list {
		m, ok := b.(map[string]any)
		if !ok || len(m) != 1 {
			return nil
		}
		req := StringList(m["required"])
		if len(req) == 0 || len(known(req)) != len(req) {
			return nil
		}
		sets = append(sets, req)
	}
	return sets
}

// dependentLists reads a map from a property to a list of properties (map
// entries whose value is a schema, as draft-07 dependencies allow, are skipped).
func dependentLists(v any, obj *Object, known func([]string) []string) map[string][]string {
	m, _ := v.(map[string]any)
	var out map[string][]string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if _, isList := m[k].([]any); !isList || obj.Properties[k] == nil {
			continue
		}
		if deps := known(StringList(m[k])); len(deps) > 0 {
			if out == nil {
				out = map[string][]string{}
			}
			sort.Strings(deps)
			out[k] = deps
		}
	}
	return out
}
