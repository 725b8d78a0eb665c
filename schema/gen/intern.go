package main

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
)

// minShared is the size (in bytes of JSON) from which a subschema written
// more than once is shared.
const minShared = 200

// share moves the subschemas a schema document repeats (cfn-lint's RDS schemas
// repeat the same list of instance classes hundreds of times) into the root's
// definitions, each once, and refers to them there: the document means the
// same and decodes in a tenth of the time. A document keyed by region (no
// schema at the root) is walked from each region's schema. Names are given in
// document order, so the output is reproducible.
func share(doc map[string]any, regional bool) map[string]any {
	counts := map[string]int{}
	var count func(v any)
	count = func(v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		key := canonical(m)
		counts[key]++
		if counts[key] == 1 { // inside a repeat, count once: the repeat is shared whole
			eachSubschema(m, func(sub any) any { count(sub); return sub })
		}
	}
	roots := []string{""}
	if regional {
		roots = slices.Sorted(maps.Keys(doc))
	}
	for _, r := range roots {
		if r == "" {
			eachSubschema(doc, func(sub any) any { count(sub); return sub })
		} else {
			count(doc[r])
		}
	}
	defs := map[string]any{}
	names := map[string]string{}
	var replace func(v any) any
	replace = func(v any) any {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		key := canonical(m)
		if counts[key] > 1 && len(key) >= minShared {
			name, done := names[key]
			if !done {
				name = "cfnlsp" + strconv.Itoa(len(names))
				names[key] = name
				defs[name] = eachSubschema(m, replace)
			}
			return map[string]any{"$ref": "#/definitions/" + name}
		}
		return eachSubschema(m, replace)
	}
	out := doc
	for _, r := range roots {
		if r == "" {
			out = eachSubschema(doc, replace)
		} else if _, ok := doc[r].(map[string]any); ok {
			out[r] = replace(doc[r])
		}
	}
	if len(defs) == 0 {
		return doc
	}
	all, _ := out["definitions"].(map[string]any)
	merged := map[string]any{}
	maps.Copy(merged, all)
	maps.Copy(merged, defs)
	out["definitions"] = merged
	return out
}

// eachSubschema returns a copy of schema m with f applied to each of its
// direct subschemas.
func eachSubschema(m map[string]any, f func(any) any) map[string]any {
	out := make(map[string]any, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) { // sorted: names are given in the order met
		v := m[k]
		switch k {
		case "properties", "patternProperties", "definitions", "dependencies":
			if named, ok := v.(map[string]any); ok {
				cp := make(map[string]any, len(named))
				for _, n := range slices.Sorted(maps.Keys(named)) {
					cp[n] = f(named[n])
				}
				v = cp
			}
		case "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames":
			v = f(v)
		case "allOf", "anyOf", "oneOf", "prefixItems":
			if list, ok := v.([]any); ok {
				cp := make([]any, len(list))
				for i, s := range list {
					cp[i] = f(s)
				}
				v = cp
			}
		}
		out[k] = v
	}
	return out
}

func canonical(v any) string {
	b, _ := json.Marshal(v) // maps marshal with sorted keys
	return string(b)
}
