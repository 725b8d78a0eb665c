package schema

import (
	"sort"
	"strings"
	"sync"
)

// Spec is a loaded resource specification. It is safe for concurrent use.
type Spec struct {
	source       string
	descriptions bool
	types        map[string]*ResourceType // eagerly loaded sources
	facts        *facts                   // the embedded facts file (lazily decoded)
	sam          *facts                   // SAM types overlay, set by WithSAM

	namesOnce sync.Once
	names     []string
	samOnce   sync.Once
	withSAM   *Spec
}

const samPrefix = "AWS::Serverless::"

// ResourceType returns the named resource type, or nil when the spec does not know it.
func (s *Spec) ResourceType(name string) *ResourceType {
	if s == nil {
		return nil
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
		sort.Strings(names)
		s.names = names
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
			facts:        s.facts,
			sam:          sam,
		}
	})
	return s.withSAM
}
