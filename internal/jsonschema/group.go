package jsonschema

import (
	"slices"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// maxScenarios bounds the combinations of conditions an object is judged
// under, as cfn-lint does.
const maxScenarios = 128

// groups evaluates the keywords that count an object's keys or a list's items
// once per scenario: each combination of the conditions of the Fn::If values
// directly inside it that the surrounding conditions allow, with those
// resolved and AWS::NoValue removed. A finding that holds in only some
// scenarios names the conditions it needs.
func (v *Validator) groups(val value, s *Schema, p Place, out *[]*Error) {
	if val.resolved || (val.kind != template.Mapping && val.kind != template.Sequence) {
		v.keywords(val, s, p, out, false, true)
		return
	}
	sc := v.scenariosOf(val)
	if len(sc.names) == 0 {
		if sc.noValue {
			val = resolve(val, nil)
		} else {
			val.resolved = true
		}
		v.keywords(val, s, p, out, false, true)
		return
	}
	names := sc.names
	type seen struct {
		err   *Error
		count int
		facts []conditions.Fact // facts common to every scenario where it holds
	}
	var found []*seen
	index := map[string]*seen{}
	scenarios := 0
	for combo := 0; combo < 1<<len(names) && combo < maxScenarios; combo++ {
		facts := make([]conditions.Fact, len(names))
		for i, name := range names {
			facts[i] = conditions.Fact{Name: name, Value: combo&(1<<i) == 0}
		}
		if !v.possible(p.Conds, facts) {
			continue
		}
		scenarios++
		q := p
		q.Conds = append(slices.Clip(p.Conds), facts...)
		var errs []*Error
		v.keywords(resolve(val, facts), s, q, &errs, false, true)
		for _, e := range errs {
			if e.unknown {
				*out = append(*out, e)
				continue
			}
			key := e.Rule + "\x00" + e.Message + "\x00" + rangeKey(e.Range)
			if sn := index[key]; sn != nil {
				sn.count++
				sn.facts = common(sn.facts, facts)
				continue
			}
			sn := &seen{err: e, count: 1, facts: facts}
			index[key] = sn
			found = append(found, sn)
		}
	}
	for _, sn := range found {
		if sn.count < scenarios {
			sn.err.When = append(sn.err.When, sn.facts...)
		}
		*out = append(*out, sn.err)
	}
}

func rangeKey(r template.Range) string {
	return strconv.Itoa(r.Start.Line) + ":" + strconv.Itoa(r.Start.Char)
}

// common keeps the facts of a that b states too.
func common(a, b []conditions.Fact) []conditions.Fact {
	var out []conditions.Fact
	for _, f := range a {
		if slices.Contains(b, f) {
			out = append(out, f)
		}
	}
	return out
}

// possible reports whether facts can all hold where conds hold. Undecidable
// counts as no: a finding is only made where it is sure to be possible.
func (v *Validator) possible(conds, facts []conditions.Fact) bool {
	if len(facts) == 0 {
		return true
	}
	ctx := append(slices.Clip(conds), facts[:len(facts)-1]...)
	last := facts[len(facts)-1]
	excluded, known := v.Conditions().Implies(ctx, []conditions.Fact{{Name: last.Name, Value: !last.Value}})
	return known && !excluded
}

// scenarioFacts is what the scenarios of an object or list depend on: the
// conditions of its Fn::If values, and whether it holds an AWS::NoValue.
type scenarioFacts struct {
	names   []string
	noValue bool
}

// scenariosOf returns the scenario facts of a value, worked out once per node
// (an object meets many schemas: cfn-lint's RDS rules are allOfs of hundreds).
func (v *Validator) scenariosOf(val value) scenarioFacts {
	if sc, ok := v.scenarios[val.n]; ok && val.kind == val.n.Kind {
		return sc
	}
	sc := scenarioFacts{names: conditionsIn(val)}
	for _, p := range val.pairs {
		sc.noValue = sc.noValue || p.Value.IsNoValue()
	}
	for _, it := range val.items {
		sc.noValue = sc.noValue || it.IsNoValue()
	}
	if val.kind == val.n.Kind {
		if v.scenarios == nil {
			v.scenarios = map[*template.Node]scenarioFacts{}
		}
		v.scenarios[val.n] = sc
	}
	return sc
}

// conditionsIn lists, sorted, the conditions of the Fn::If values directly
// inside an object or list (and of the Fn::If values in their branches).
func conditionsIn(val value) []string {
	var names []string
	var add func(n *template.Node)
	add = func(n *template.Node) {
		cond, yes, no, ok := n.IfArgs()
		if !ok {
			return
		}
		if name, ok := cond.Str(); ok {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
			add(yes)
			add(no)
		}
	}
	for _, p := range val.pairs {
		add(p.Value)
	}
	for _, it := range val.items {
		add(it)
	}
	slices.Sort(names)
	return names
}

// resolve returns the scenario of val in which facts hold: each Fn::If value
// replaced by its branch, AWS::NoValue values removed.
func resolve(val value, facts []conditions.Fact) value {
	pick := func(n *template.Node) *template.Node {
		for i := 0; i < 16; i++ {
			cond, yes, no, ok := n.IfArgs()
			if !ok {
				break
			}
			name, _ := cond.Str()
			taken := -1
			for _, f := range facts {
				if f.Name == name {
					taken = 0
					if !f.Value {
						taken = 1
					}
				}
			}
			if taken < 0 {
				break
			}
			n = []*template.Node{yes, no}[taken]
		}
		if n.IsNoValue() {
			return nil
		}
		return n
	}
	out := val
	out.resolved = true
	if val.kind == template.Mapping {
		changed := false
		for _, p := range val.pairs {
			if pick(p.Value) != p.Value {
				changed = true
				break
			}
		}
		if changed {
			out.pairs = make([]*template.Pair, 0, len(val.pairs))
			for _, p := range val.pairs {
				if pv := pick(p.Value); pv != nil {
					out.pairs = append(out.pairs, &template.Pair{Key: p.Key, Value: pv})
				}
			}
		}
		return out
	}
	changed := false
	for _, it := range val.items {
		if pick(it) != it {
			changed = true
			break
		}
	}
	if changed {
		out.items = make([]*template.Node, 0, len(val.items))
		for _, it := range val.items {
			if iv := pick(it); iv != nil {
				out.items = append(out.items, iv)
			}
		}
	}
	return out
}

// group evaluates the keywords that count keys or items over a scenario.
func (v *Validator) group(val value, s *Schema, p Place, out *[]*Error) {
	if p.groupAt != nil {
		p.At = *p.groupAt
	}
	switch val.kind {
	case template.Mapping:
		v.groupObject(val, s, p, out)
	case template.Sequence:
		l := len(val.items)
		if s.minItems != nil && l < *s.minItems {
			*out = append(*out, v.fail(val, p, "minItems", "expected minimum item count: "+strconv.Itoa(*s.minItems)+", found: "+strconv.Itoa(l)))
		}
		if s.maxItems != nil && l > *s.maxItems {
			*out = append(*out, v.fail(val, p, "maxItems", "expected maximum item count: "+strconv.Itoa(*s.maxItems)+", found: "+strconv.Itoa(l)))
		}
		if s.uniqueItems {
			if dup := duplicateItem(val.items); dup != nil {
				e := v.fail(val, p, "uniqueItems", "array items are not unique: "+Repr(dup)+" appears more than once")
				*out = append(*out, e)
			}
		}
	}
	if s.ifS != nil {
		v.ifThen(val, s, p, out)
	}
}

// duplicateItem returns the first item equal to an earlier one, nil if none.
// Items that are functions are not compared: their values are unknown.
func duplicateItem(items []*template.Node) *template.Node {
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if it.Kind == template.Intrinsic || hasFunction(it) {
			continue
		}
		c := canonical(it)
		if seen[c] {
			return it
		}
		seen[c] = true
	}
	return nil
}

func hasFunction(n *template.Node) bool {
	found := false
	template.Walk(n, func(x *template.Node) bool {
		if x.Kind == template.Intrinsic {
			found = true
		}
		return !found
	})
	return found
}

func (v *Validator) groupObject(val value, s *Schema, p Place, out *[]*Error) {
	for _, pr := range val.pairs {
		k := pr.Key.Value
		if k == "Fn::Transform" || strings.HasPrefix(k, "Fn::ForEach::") {
			return // a transform or a loop will add keys: their count is unknown
		}
	}
	has := func(name string) *template.Pair {
		for _, pr := range val.pairs {
			if pr.Key.Value == name {
				return pr
			}
		}
		return nil
	}
	for _, name := range s.required {
		if has(name) == nil {
			e := v.fail(val, p, "required", PyStr(name)+" is a required property")
			e.Missing = name
			*out = append(*out, e)
		}
	}
	if s.hasXor {
		var set []*template.Pair
		for _, name := range s.requiredXor {
			if pr := has(name); pr != nil {
				set = append(set, pr)
			}
		}
		switch {
		case len(set) == 0:
			*out = append(*out, v.fail(val, p, "requiredXor", "Exactly one of "+orList(s.requiredXor)+" is required; none is set"))
		case len(set) > 1:
			names := make([]string, len(set))
			for i, pr := range set {
				names[i] = pr.Key.Value
			}
			all := " are all set"
			if len(names) == 2 {
				all = " are both set"
			}
			msg := "Only one of " + orList(s.requiredXor) + " may be set; " + andList(names) + all
			for _, pr := range set {
				*out = append(*out, &Error{Rule: p.rules.id("requiredXor"), Keyword: "requiredXor", Range: pr.Key.Range, Key: pr.Key, Message: msg, depth: p.depth + 1})
			}
		}
	}
	if s.hasOr {
		found := false
		for _, name := range s.requiredOr {
			found = found || has(name) != nil
		}
		if !found {
			*out = append(*out, v.fail(val, p, "requiredOr", "At least one of "+orList(s.requiredOr)+" is required; none is set"))
		}
	}
	for _, d := range s.depRequired {
		pr := has(d.key)
		if pr == nil {
			continue
		}
		for _, name := range d.names {
			if has(name) == nil {
				*out = append(*out, &Error{Rule: p.rules.id("dependentRequired"), Keyword: "dependentRequired", Range: pr.Key.Range, Key: pr.Key,
					Message: PyStr(name) + " is required with " + PyStr(d.key), depth: p.depth + 1})
			}
		}
	}
	for _, d := range s.depSchemas {
		if has(d.key) == nil {
			continue
		}
		q := p
		q.NoHooks = true
		v.eval(val, d.schema, q, out)
	}
	for _, d := range s.depExcluded {
		if has(d.key) == nil {
			continue
		}
		for _, name := range d.names {
			if pr := has(name); pr != nil {
				*out = append(*out, &Error{Rule: p.rules.id("dependentExcluded"), Keyword: "dependentExcluded", Range: pr.Key.Range, Key: pr.Key,
					Message: PyStr(name) + " cannot be set together with " + PyStr(d.key), depth: p.depth + 1})
			}
		}
	}
	l := len(val.pairs)
	if s.minProps != nil && l < *s.minProps {
		*out = append(*out, v.fail(val, p, "minProperties", "expected minimum property count: "+strconv.Itoa(*s.minProps)+", found: "+strconv.Itoa(l)))
	}
	if s.maxProps != nil && l > *s.maxProps {
		*out = append(*out, v.fail(val, p, "maxProperties", "expected maximum property count: "+strconv.Itoa(*s.maxProps)+", found: "+strconv.Itoa(l)))
	}
}

// ifThen evaluates if/then/else: the if schema decides which of then and else
// applies; an undecided if applies neither.
func (v *Validator) ifThen(val value, s *Schema, p Place, out *[]*Error) {
	errs, unk := v.branch(val, s.ifS, p, true)
	if unk {
		*out = append(*out, unknown(p))
		return
	}
	next := s.thenS
	if len(errs) > 0 {
		next = s.elseS
	}
	if next == nil {
		return
	}
	q := p
	q.NoHooks = true
	v.eval(val, next, q, out)
}

// orList writes 'A', 'B' or 'C'.
func orList(names []string) string { return joinNames(names, "or") }

// andList writes 'A', 'B' and 'C'.
func andList(names []string) string { return joinNames(names, "and") }

func joinNames(names []string, word string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = PyStr(n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + word + " " + q[len(q)-1]
}
