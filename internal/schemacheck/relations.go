package schemacheck

import (
	"maps"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// presence says whether a property is set: always (set), never (absent), when a
// condition has a value (an Fn::If whose other branch is AWS::NoValue), or in a
// way not worked out (unknown, which never causes a finding).
type presence struct {
	pair  *template.Pair
	state presenceState
	when  conditions.Fact
}

type presenceState uint8

const (
	absent presenceState = iota
	set
	when
	unknown
)

func present(n *template.Node, key string) presence {
	p := n.GetPair(key)
	if p == nil || p.Value.IsNoValue() {
		return presence{}
	}
	if !p.Value.IsIntrinsic("Fn::If") {
		return presence{pair: p, state: set}
	}
	c, a, b, ok := p.Value.IfArgs()
	if !ok {
		return presence{pair: p, state: unknown}
	}
	cond, ok := c.Str()
	yes, no := a.IsNoValue(), b.IsNoValue()
	switch {
	case !ok || (yes && no):
		return presence{pair: p, state: unknown}
	case yes:
		return presence{pair: p, state: when, when: conditions.Fact{Name: cond, Value: false}}
	case no:
		return presence{pair: p, state: when, when: conditions.Fact{Name: cond, Value: true}}
	}
	return presence{pair: p, state: set}
}

// scenario collects the facts under which a finding holds; ok turns false when
// one of the properties involved makes the finding impossible or unknowable.
type scenario struct {
	facts []conditions.Fact
	ok    bool
}

// with requires p to be set.
func (s *scenario) with(p presence) {
	switch p.state {
	case when:
		s.facts = append(s.facts, p.when)
	case absent, unknown:
		s.ok = false
	}
}

// without requires p to be absent.
func (s *scenario) without(p presence) {
	switch p.state {
	case when:
		s.facts = append(s.facts, conditions.Fact{Name: p.when.Name, Value: !p.when.Value})
	case set, unknown:
		s.ok = false
	}
}

// possible reports whether a scenario can happen: its facts, with the
// conditions the object stands under, can all hold. Undecidable counts as no.
func (c *checker) possible(s scenario) bool {
	if !s.ok {
		return false
	}
	if len(s.facts) == 0 {
		return true
	}
	ctx := make([]conditions.Fact, 0, len(c.conds)+len(s.facts))
	for _, b := range c.conds {
		ctx = append(ctx, conditions.Fact{Name: b.cond, Value: b.want})
	}
	ctx = append(ctx, s.facts[:len(s.facts)-1]...)
	last := s.facts[len(s.facts)-1]
	if c.condSet == nil {
		c.condSet = conditions.New(c.t)
	}
	excluded, known := c.condSet.Implies(ctx, []conditions.Fact{{Name: last.Name, Value: !last.Value}})
	return known && !excluded
}

// whenText names the conditions of a scenario for a message:
// " when condition 'IsProd' is true".
func whenText(s scenario) string {
	if len(s.facts) == 0 {
		return ""
	}
	parts := make([]string, len(s.facts))
	for i, f := range s.facts {
		v := "false"
		if f.Value {
			v = "true"
		}
		parts[i] = "condition " + pyStr(f.Name) + " is " + v
	}
	return " when " + strings.Join(parts, " and ")
}

// checkRelations checks the rules between the properties of object n (exactly
// one of, at least one of, required with, excluded by). A property under an
// Fn::If with AWS::NoValue counts as set only where its condition allows, and a
// finding is reported when the conditions can make it happen (the message then
// says when). at locates findings about missing properties.
func (c *checker) checkRelations(n *template.Node, rel *schema.Relations, at template.Range) {
	has := map[string]presence{}
	get := func(k string) presence {
		p, ok := has[k]
		if !ok {
			p = present(n, k)
			has[k] = p
		}
		return p
	}
	// none reports whether none of keys can be set at once, and when.
	none := func(keys []string) (scenario, bool) {
		s := scenario{ok: true}
		for _, k := range keys {
			s.without(get(k))
		}
		return s, c.possible(s)
	}
	// both reports whether a and b can be set at once, and when.
	both := func(a, b presence) (scenario, bool) {
		s := scenario{ok: true}
		s.with(a)
		s.with(b)
		return s, c.possible(s)
	}
	if len(rel.Xor) > 0 {
		if s, ok := none(rel.Xor); ok {
			c.report(at, "E3014", "Exactly one of "+orList(rel.Xor, "or")+" is required; none is set"+whenText(s))
		}
		for i, a := range rel.Xor {
			for _, b := range rel.Xor[i+1:] {
				pa, pb := get(a), get(b)
				if s, ok := both(pa, pb); ok {
					msg := "Only one of " + orList(rel.Xor, "or") + " may be set; " + pyStr(a) + " and " + pyStr(b) + " are both set" + whenText(s)
					c.report(pa.pair.Key.Range, "E3014", msg).Data.Offending = a
					c.report(pb.pair.Key.Range, "E3014", msg).Data.Offending = b
				}
			}
		}
	}
	if len(rel.Or) > 0 {
		if s, ok := none(rel.Or); ok {
			c.report(at, "E3058", "At least one of "+orList(rel.Or, "or")+" is required; none is set"+whenText(s))
		}
	}
	// Sets of properties (oneOf, anyOf) are judged without conditions: a set is
	// complete when all its properties are set, possible when none is absent.
	complete := func(keys []string) (sure, maybe bool) {
		sure, maybe = true, true
		for _, k := range keys {
			st := get(k).state
			sure, maybe = sure && st == set, maybe && st != absent
		}
		return sure, maybe
	}
	if len(rel.OneOf) > 0 {
		var done [][]string
		possible := false
		for _, ks := range rel.OneOf {
			sure, maybe := complete(ks)
			possible = possible || maybe
			if sure {
				done = append(done, ks)
			}
		}
		switch {
		case !possible:
			c.report(at, "E3018", "Exactly one of "+setList(rel.OneOf)+" is required; none is set")
		case len(done) > 1:
			c.report(at, "E3018", "Only one of "+setList(rel.OneOf)+" may be set; "+setList(done)+" are all set")
		}
	}
	if len(rel.AnyOf) > 0 {
		possible := false
		for _, ks := range rel.AnyOf {
			_, maybe := complete(ks)
			possible = possible || maybe
		}
		if !possible {
			c.report(at, "E3017", "At least one of "+setList(rel.AnyOf)+" is required; none is set")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(rel.Requires)) {
		pk := get(k)
		for _, d := range rel.Requires[k] {
			s := scenario{ok: true}
			s.with(pk)
			s.without(get(d))
			if c.possible(s) {
				c.report(pk.pair.Key.Range, "E3021", pyStr(d)+" is required with "+pyStr(k)+whenText(s))
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(rel.Excludes)) {
		for _, d := range rel.Excludes[k] {
			if s, ok := both(get(k), get(d)); ok {
				c.report(get(d).pair.Key.Range, "E3020", pyStr(d)+" cannot be set together with "+pyStr(k)+whenText(s)).Data.Offending = d
			}
		}
	}
}

// orList writes 'A', 'B' or 'C'.
func orList(names []string, word string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = pyStr(n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + word + " " + q[len(q)-1]
}

// setList writes sets of properties: 'A', 'B' with 'C' or 'D'.
func setList(sets [][]string) string {
	parts := make([]string, len(sets))
	for i, s := range sets {
		q := make([]string, len(s))
		for j, n := range s {
			q[j] = pyStr(n)
		}
		parts[i] = strings.Join(q, " with ")
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}
