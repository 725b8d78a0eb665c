package schema

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// Spec is a loaded resource specification. It is safe for concurrent use.
type Spec struct {
	source       string
	descriptions bool
	types        map[string]*ResourceType // eagerly loaded sources
	registries   map[string]*Registry     // their registry schemas, when they have them
	facts        *facts                   // the embedded facts file (lazily decoded)
	sam          *facts                   // SAM types overlay, set by WithSAM
	extra        map[string]*ResourceType // types added by Extend, which win

	namesOnce sync.Once
	names     []string
	samOnce   sync.Once
	withSAM   *Spec
}

const samPrefix = "AWS::Serverless::"

// ResourceType returns the named resource type, or nil when the spec does not
// know it. A custom resource (Custom::Name) is AWS::CloudFormation::CustomResource.
func (s *Spec) ResourceType(name string) *ResourceType {
	if s == nil {
		return nil
	}
	if IsCustomResource(name) {
		name = customResource
	}
	if rt := s.extra[name]; rt != nil {
		return rt
	}
	if s.sam != nil && strings.HasPrefix(name, samPrefix) {
		return s.sam.lookup(name, true)
	}
	if s.facts != nil {
		return s.facts.lookup(name, false)
	}
	return s.types[name]
}

// TypeNames returns the names of all resource types, sorted.
func (s *Spec) TypeNames() []string {
	s.namesOnce.Do(func() {
		var names []string
		if s.facts != nil {
			names = append(names, s.facts.typeNames(false)...)
		} else {
			for n := range s.types {
				names = append(names, n)
			}
		}
		if s.sam != nil {
			names = append(names, s.sam.typeNames(true)...)
		}
		for n := range s.extra {
			names = append(names, n)
		}
		sort.Strings(names)
		s.names = slices.Compact(names) // a type both extra and the base know
	})
	return append([]string(nil), s.names...)
}

// Len returns the number of resource types.
func (s *Spec) Len() int {
	s.TypeNames()
	return len(s.names)
}

// Source returns "embedded" for the default spec, else the path it was loaded from.
func (s *Spec) Source() string { return s.source }

// HasDescriptions reports whether the source carries descriptions (the embedded one does not).
func (s *Spec) HasDescriptions() bool { return s.descriptions }

// WithSAM returns a spec that also knows the AWS::Serverless::* types of the SAM
// transform (from the embedded facts). Use it for templates with the SAM Transform.
func (s *Spec) WithSAM() *Spec {
	if s.sam != nil {
		return s
	}
	s.samOnce.Do(func() {
		sam := embeddedFacts()
		if s.facts != nil && len(s.facts.typeNames(true)) > 0 {
			sam = s.facts // a facts file brings its own SAM types
		}
		s.withSAM = &Spec{
			source:       s.source,
			descriptions: s.descriptions,
			types:        s.types,
			registries:   s.registries,
			facts:        s.facts,
			sam:          sam,
			extra:        s.extra,
		}
	})
	return s.withSAM
}

// WithRegistrySchemas returns s extended with the resource types of each
// path: a directory or zip of registry schemas, or one schema file (see Load).
// cfn-lint's --registry-schemas does the same.
func (s *Spec) WithRegistrySchemas(paths []string) (*Spec, error) {
	for _, p := range paths {
		extra, err := Load(p)
		if err != nil {
			return nil, err
		}
		s = s.Extend(extra)
	}
	return s, nil
}

// Extend returns a spec that also knows the resource types of extra: the
// schemas of private and third-party registry types, which no published spec
// has. Where both know a type, extra's schema wins.
func (s *Spec) Extend(extra *Spec) *Spec {
	types := make(map[string]*ResourceType, len(s.extra)+extra.Len())
	for n, rt := range s.extra {
		types[n] = rt
	}
	for _, n := range extra.TypeNames() {
		types[n] = extra.ResourceType(n)
	}
	return &Spec{
		source:       s.source + " + " + extra.source,
		descriptions: s.descriptions,
		types:        s.types,
		facts:        s.facts,
		sam:          s.sam,
		extra:        types,
	}
}
