package schema

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
)

// DefaultRegion is the region a template is checked for when none is named.
const DefaultRegion = "us-east-1"

// Registry is the registry schema of one resource type, the JSON document its
// properties are validated with, per region: the regions whose schema
// differs from the base one (us-east-1's) carry their own variant. It is safe
// for concurrent use; callers must not modify the documents it returns.
type Registry struct {
	Type     string
	base     map[string]any
	variants []registryVariant
	regions  []string // the facts' region names, for the variants' indices

	mu       sync.Mutex
	docs     map[int]map[string]any
	compiled map[int]any
}

// NewRegistry wraps a decoded registry schema that has no region variants.
func NewRegistry(doc map[string]any) *Registry {
	name, _ := doc["typeName"].(string)
	return &Registry{Type: name, base: doc}
}

// Doc returns the schema document for a region and the number of its variant
// (0 for the base schema, which unknown regions and "" get too).
func (r *Registry) Doc(region string) (doc map[string]any, variant int) {
	variant = r.variant(region)
	if variant == 0 {
		return r.base, 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if d, ok := r.docs[variant]; ok {
		return d, variant
	}
	var patch any
	if err := json.Unmarshal(r.variants[variant-1].Patch, &patch); err != nil {
		return r.base, 0
	}
	d, _ := applyPatch(r.base, patch).(map[string]any)
	if d == nil {
		return r.base, 0
	}
	if r.docs == nil {
		r.docs = map[int]map[string]any{}
	}
	r.docs[variant] = d
	return d, variant
}

func (r *Registry) variant(region string) int {
	if region == "" || len(r.variants) == 0 {
		return 0
	}
	i := slices.Index(r.regions, region)
	if i < 0 {
		return 0
	}
	for v, rv := range r.variants {
		if slices.Contains(rv.Regions, i) {
			return v + 1
		}
	}
	return 0
}

// Compiled returns what build makes of a variant's document, built once per
// variant and kept with the registry (the validator's compiled schema).
func (r *Registry) Compiled(variant int, build func(doc map[string]any) any) any {
	doc, _ := r.docFor(variant)
	r.mu.Lock()
	if c, ok := r.compiled[variant]; ok {
		r.mu.Unlock()
		return c
	}
	r.mu.Unlock()
	c := build(doc)
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.compiled[variant]; ok {
		return old
	}
	if r.compiled == nil {
		r.compiled = map[int]any{}
	}
	r.compiled[variant] = c
	return c
}

func (r *Registry) docFor(variant int) (map[string]any, int) {
	if variant <= 0 || variant > len(r.variants) {
		return r.base, 0
	}
	for _, i := range r.variants[variant-1].Regions {
		if i < len(r.regions) {
			return r.Doc(r.regions[i])
		}
	}
	return r.base, 0
}

// Registry returns the registry schema of a resource type, nil when the spec
// has none (the classic specification, the SAM types, unknown types).
func (s *Spec) Registry(name string) *Registry {
	if s == nil || strings.HasPrefix(name, samPrefix) {
		return nil
	}
	if s.facts != nil {
		if c := s.facts.cached(name, false); c != nil {
			return c.reg
		}
		return nil
	}
	return s.registries[name]
}

// Regions returns the regions the spec's facts speak of, sorted; specs loaded
// from files use the embedded facts' list.
func (s *Spec) Regions() []string {
	f := s.regionFacts()
	if f == nil {
		return nil
	}
	return slices.Clone(f.regions)
}

// InRegion reports whether a resource type exists in a region; known is false
// when the facts do not say (the region or the type is unknown to them).
func (s *Spec) InRegion(name, region string) (in, known bool) {
	f := s.regionFacts()
	if f == nil {
		return false, false
	}
	i := slices.Index(f.regions, region)
	if i < 0 {
		return false, false
	}
	if _, listed := f.entries[name]; !listed {
		return false, false
	}
	missing, ok := f.missingIn(name)
	if !ok {
		return false, false
	}
	return !slices.Contains(missing, i), true
}

// regionFacts returns the facts that know the regions: the spec's own, else
// the embedded ones.
func (s *Spec) regionFacts() *facts {
	for _, f := range []*facts{s.ownFacts(), embeddedFacts()} {
		if f != nil && f.index() == nil && len(f.regions) > 0 {
			return f
		}
	}
	return nil
}

func (s *Spec) ownFacts() *facts {
	if s == nil {
		return nil
	}
	return s.facts
}

// RuleSchema returns one of the schemas cfn-lint's rules evaluate, decoded, by
// its path under cfn-lint's data/schemas ("other/iam/policy.json"); nil when
// the facts do not hold it. Specs loaded from files use the embedded facts'.
func (s *Spec) RuleSchema(path string) any {
	for _, f := range []*facts{s.ownFacts(), embeddedFacts()} {
		if f == nil {
			continue
		}
		if v := f.file(path); v != nil {
			return v
		}
	}
	return nil
}

// RuleSchemas lists the paths RuleSchema answers, sorted.
func (s *Spec) RuleSchemas() []string {
	for _, f := range []*facts{s.ownFacts(), embeddedFacts()} {
		if f != nil && f.index() == nil && len(f.files) > 0 {
			return slices.Sorted(func(yield func(string) bool) {
				for k := range f.files {
					if !yield(k) {
						return
					}
				}
			})
		}
	}
	return nil
}

// MergePatch returns the JSON merge patch (RFC 7386) that turns base into
// variant: the keys whose values differ, objects compared key by key, a
// removed key as null. Documents must not hold null values themselves.
func MergePatch(base, variant map[string]any) map[string]any {
	patch := map[string]any{}
	for k, bv := range base {
		vv, ok := variant[k]
		if !ok {
			patch[k] = nil
			continue
		}
		bm, bok := bv.(map[string]any)
		vm, vok := vv.(map[string]any)
		if bok && vok {
			if sub := MergePatch(bm, vm); len(sub) > 0 {
				patch[k] = sub
			}
			continue
		}
		if !jsonEqual(bv, vv) {
			patch[k] = vv
		}
	}
	for k, vv := range variant {
		if _, ok := base[k]; !ok {
			patch[k] = vv
		}
	}
	return patch
}

// applyPatch applies a JSON merge patch to doc, which it does not modify.
func applyPatch(doc, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	dm, _ := doc.(map[string]any)
	out := make(map[string]any, len(dm)+len(pm))
	for k, v := range dm {
		out[k] = v
	}
	for k, v := range pm {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = applyPatch(out[k], v)
	}
	return out
}

func jsonEqual(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			if w, ok := bm[k]; !ok || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !jsonEqual(a[i], bl[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}
