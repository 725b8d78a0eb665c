package jsonschema

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// cfnGather is cfn-lint's keyword that judges a resource's properties
// together with those of the resources they reference. Its entries gather
// named values: an entry without a reference from the value being validated,
// one with a reference (a path to a Ref, an Fn::GetAtt or a plain ARN) from
// the resource that the reference names. The gathered object,
// {entry: {property: value}}, is then validated against a schema in which
// {"$data": "/entry/property"} stands for a gathered value (and {"$lookup":
// {"key": {"$data": ...}, "map": {...}}} for the map's value of one).
type cfnGather struct {
	entries []gatherEntry // by name
	schema  any           // raw: compiled once its $data values are known
}

type gatherEntry struct {
	name      string
	reference []string // nil: the value being validated
	filter    string   // the resource type a reference must name; "" any
	props     []gatherProp
}

type gatherProp struct {
	name       string
	path       []string
	isType     bool // "$type": the referenced resource's type
	def        any
	hasDefault bool
}

func compileGather(m map[string]any) *cfnGather {
	g := &cfnGather{schema: m["schema"]}
	entries, _ := m["gather"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		spec, _ := entries[name].(map[string]any)
		e := gatherEntry{name: name}
		if ref, ok := spec["reference"].(string); ok {
			e.reference = gatherPath(ref)
			if e.reference == nil {
				e.reference = []string{}
			}
		}
		if f, ok := spec["filter"].(map[string]any); ok {
			e.filter, _ = f["type"].(string)
		}
		props, _ := spec["properties"].(map[string]any)
		for _, pn := range slices.Sorted(maps.Keys(props)) {
			gp := gatherProp{name: pn}
			switch ps := props[pn].(type) {
			case string:
				if ps == "$type" {
					gp.isType = true
				} else {
					gp.path = gatherPath(ps)
				}
			case map[string]any:
				path, _ := ps["path"].(string)
				gp.path = gatherPath(path)
				gp.def, gp.hasDefault = ps["default"]
			}
			e.props = append(e.props, gp)
		}
		g.entries = append(g.entries, e)
	}
	return g
}

// gatherPath splits a path ("/Actions/*/TargetGroupArn"; "*" for each item of
// a list) into its steps; "" and "." are the value itself.
func gatherPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" || p == "." {
		return nil
	}
	return strings.Split(p, "/")
}

// found is a value reached along a path, under the conditions of the Fn::If
// branches taken to reach it; n is nil when the path leads nowhere (or to
// AWS::NoValue).
type found struct {
	n     *template.Node
	key   *template.Node // the key n stands under, nil for a list item or a branch
	facts []conditions.Fact
}

// walkPath follows path from n as cfn-lint's get_value_from_path does: both
// branches of an Fn::If (those the conditions allow), each item of a list
// at "*".
func (v *Validator) walkPath(n, key *template.Node, path []string, conds, facts []conditions.Fact, out *[]found, depth int) {
	if depth > 32 {
		return
	}
	if n == nil || n.Kind == template.Null {
		*out = append(*out, found{facts: facts})
		return
	}
	if n.Kind == template.Intrinsic {
		switch {
		case n.Fn == "Fn::If":
			condNode, yes, no, ok := n.IfArgs()
			name, isStr := condNode.Str()
			if !ok || !isStr {
				return
			}
			for i, b := range []*template.Node{yes, no} {
				f := conditions.Fact{Name: name, Value: i == 0}
				if !v.possible(append(slices.Clip(conds), facts...), []conditions.Fact{f}) {
					continue
				}
				v.walkPath(b, nil, path, conds, append(slices.Clip(facts), f), out, depth+1)
			}
		case n.IsNoValue():
			*out = append(*out, found{facts: facts})
		case len(path) == 0:
			*out = append(*out, found{n: n, key: key, facts: facts})
		}
		return
	}
	if len(path) == 0 {
		*out = append(*out, found{n: n, key: key, facts: facts})
		return
	}
	step, rest := path[0], path[1:]
	if step == "*" && n.Kind == template.Sequence {
		for _, it := range n.Items {
			v.walkPath(it, nil, rest, conds, facts, out, depth+1)
		}
		return
	}
	if n.Kind != template.Mapping {
		*out = append(*out, found{facts: facts})
		return
	}
	if pr := n.GetPair(step); pr != nil {
		v.walkPath(pr.Value, pr.Key, rest, conds, facts, out, depth+1)
		return
	}
	*out = append(*out, found{facts: facts})
}

// referenced returns the resource a Ref or an Fn::GetAtt names; fn is false
// for a value that is no function.
func referenced(n *template.Node) (name string, fn bool) {
	if n.Kind != template.Intrinsic {
		return "", n.Kind == template.Mapping
	}
	return n.Target(), true
}

// gathered is the object a cfnGather schema validates: per entry, its
// properties' values, and where findings about the entry itself are placed.
type gathered struct {
	names   []string
	at      []template.Range
	values  []map[string]*template.Node
	keys    []map[string]*template.Node
	ordered [][]string
	// facts are the conditions of the Fn::If branches the properties were
	// taken from (the first branch the conditions allow, as cfn-lint takes).
	facts []conditions.Fact
}

func (g *gathered) add(name string, at template.Range) int {
	g.names = append(g.names, name)
	g.at = append(g.at, at)
	g.values = append(g.values, map[string]*template.Node{})
	g.keys = append(g.keys, map[string]*template.Node{})
	g.ordered = append(g.ordered, nil)
	return len(g.names) - 1
}

// gather evaluates cfnGather over the value being validated.
func (v *Validator) gather(val value, s *Schema, p Place, out *[]*Error) {
	g := s.gather
	if val.kind != template.Mapping || v.T == nil {
		return
	}
	var primary *gatherEntry
	for i := range g.entries {
		if g.entries[i].reference != nil {
			primary = &g.entries[i]
			break
		}
	}
	locals := func(facts []conditions.Fact) *gathered {
		gd := &gathered{}
		for i := range g.entries {
			e := &g.entries[i]
			if e.reference == nil {
				v.gatherProps(gd, gd.add(e.name, p.At), e, val.n, nil, p, facts)
			}
		}
		return gd
	}
	if primary == nil {
		if len(g.entries) > 0 {
			v.validateGathered(locals(nil), g, p, nil, out)
		}
		return
	}
	var refs []found
	v.walkPath(val.n, nil, primary.reference, p.Conds, nil, &refs, 0)
	for _, ref := range refs {
		if ref.n == nil {
			continue
		}
		name, fn := referenced(ref.n)
		if name == "" {
			if !fn {
				// a plain value (an ARN): the local entries alone
				v.validateGathered(locals(ref.facts), g, p, ref.facts, out)
			}
			continue
		}
		target := v.T.Resource(name)
		if target == nil || (primary.filter != "" && target.Type() != primary.filter) {
			continue
		}
		gd := locals(ref.facts)
		for i := range g.entries {
			e := &g.entries[i]
			if e.reference == nil {
				continue
			}
			res := target
			if e != primary {
				if res = v.remote(val.n, e, p, ref.facts); res == nil {
					continue
				}
			}
			v.ReadOthers = true
			v.gatherProps(gd, gd.add(e.name, propertiesAt(res)), e, res.Get("Properties"), res, p, ref.facts)
		}
		v.validateGathered(gd, g, p, ref.facts, out)
	}
}

// remote returns the first resource (of the entry's filter) a secondary
// entry's reference names.
func (v *Validator) remote(n *template.Node, e *gatherEntry, p Place, facts []conditions.Fact) *template.Entry {
	var refs []found
	v.walkPath(n, nil, e.reference, p.Conds, facts, &refs, 0)
	for _, ref := range refs {
		if ref.n == nil {
			continue
		}
		if name, _ := referenced(ref.n); name != "" {
			if res := v.T.Resource(name); res != nil && (e.filter == "" || res.Type() == e.filter) {
				return res
			}
		}
	}
	return nil
}

// propertiesAt is where cfn-lint places a finding about a resource's
// properties: its Properties key (the resource's when it has none).
func propertiesAt(res *template.Entry) template.Range {
	if pr := res.Value.GetPair("Properties"); pr != nil {
		return pr.Key.Range
	}
	return res.Key.Range
}

// gatherProps gathers an entry's properties from src (the value validated,
// or a referenced resource's Properties): the first value each path leads
// to, else its default; a missing one without default is left out.
func (v *Validator) gatherProps(gd *gathered, i int, e *gatherEntry, src *template.Node, res *template.Entry, p Place, facts []conditions.Fact) {
	at := gd.at[i]
	for _, gp := range e.props {
		if gp.isType {
			if res != nil && res.Type() != "" {
				gd.set(i, gp.name, &template.Node{Kind: template.Scalar, Type: template.Str, Value: res.Type(), Range: at}, nil)
			}
			continue
		}
		var vals []found
		if src != nil {
			v.walkPath(src, nil, gp.path, p.Conds, facts, &vals, 0)
		}
		var hit *found
		for j := range vals {
			if vals[j].n != nil {
				hit = &vals[j]
				break
			}
		}
		switch {
		case hit != nil:
			gd.set(i, gp.name, hit.n, hit.key)
			for _, f := range hit.facts[len(facts):] {
				if !slices.Contains(gd.facts, f) {
					gd.facts = append(gd.facts, f)
				}
			}
		case gp.hasDefault:
			gd.set(i, gp.name, nodeOf(gp.def, at), nil)
		}
	}
}

func (g *gathered) set(i int, name string, n, key *template.Node) {
	g.values[i][name] = n
	g.keys[i][name] = key
	g.ordered[i] = append(g.ordered[i], name)
}

// node builds the gathered object. Its keys are placed where cfn-lint maps
// findings back: an entry at the value validated or at the referenced
// resource's Properties, a property at its key (at the entry when it took its
// default), the values being the template's own.
func (g *gathered) node() *template.Node {
	root := &template.Node{Kind: template.Mapping}
	for i, name := range g.names {
		en := &template.Node{Kind: template.Mapping, Range: g.at[i], Parent: root}
		for _, pn := range g.ordered[i] {
			key := g.keys[i][pn]
			kr := g.at[i]
			if key != nil {
				kr = key.Range
			} else if n := g.values[i][pn]; n.Range != g.at[i] {
				kr = itemRange(n)
			}
			en.Pairs = append(en.Pairs, &template.Pair{Key: &template.Node{Kind: template.Scalar, Type: template.Str, Value: pn, Range: kr, Parent: en}, Value: g.values[i][pn]})
		}
		root.Pairs = append(root.Pairs, &template.Pair{Key: &template.Node{Kind: template.Scalar, Type: template.Str, Value: name, Range: g.at[i], Parent: root}, Value: en})
	}
	return root
}

// data returns the gathered value a $data pointer names ("/entry/prop", and
// further into the value), nil and false when it names none.
func (g *gathered) data(ptr string) (any, bool) {
	if !strings.HasPrefix(ptr, "/") {
		return nil, false
	}
	parts := strings.Split(strings.Trim(ptr, "/"), "/")
	i := slices.Index(g.names, parts[0])
	if i < 0 {
		return nil, false
	}
	if len(parts) == 1 {
		m := map[string]any{}
		for k, n := range g.values[i] {
			m[k] = anyOf(n)
		}
		return m, true
	}
	n, ok := g.values[i][parts[1]]
	if !ok {
		return nil, false
	}
	for _, part := range parts[2:] {
		switch {
		case n.Kind == template.Mapping && n.Get(part) != nil:
			n = n.Get(part)
		case n.Kind == template.Sequence:
			j, err := strconv.Atoi(part)
			if err != nil || j < 0 || j >= len(n.Items) {
				return nil, false
			}
			n = n.Items[j]
		default:
			return nil, false
		}
	}
	return anyOf(n), true
}

// dataKeywords are the keywords whose value may be a $data (or $lookup)
// reference to a gathered value.
var dataKeywords = map[string]byte{
	"const": 'v', "enum": 'v', "pattern": 's',
	"minimum": 'n', "maximum": 'n', "exclusiveMinimum": 'n', "exclusiveMaximum": 'n',
	"minLength": 'i', "maxLength": 'i', "minItems": 'i', "maxItems": 'i',
}

// resolveData returns the schema with its $data and $lookup references
// replaced by the gathered values. A keyword whose reference resolves to
// nothing usable is dropped (cfn-lint keeps an unresolved const or enum,
// which then fails every value: a template whose reference is a plain name is
// not wrong for it).
func (g *gathered) resolveData(s any) any {
	switch s := s.(type) {
	case map[string]any:
		out := make(map[string]any, len(s))
		for k, x := range s {
			kind, ok := dataKeywords[k]
			if !ok {
				out[k] = g.resolveData(x)
				continue
			}
			r, ok := g.reference(x)
			if !ok {
				continue
			}
			switch kind {
			case 'n':
				f, ok := pyFloatOf(r)
				if !ok {
					continue
				}
				r = f
			case 'i':
				f, ok := pyIntOf(r)
				if !ok {
					continue
				}
				r = f
			case 's':
				if _, ok := r.(string); !ok {
					continue
				}
			}
			out[k] = r
		}
		return out
	case []any:
		out := make([]any, len(s))
		for i, x := range s {
			out[i] = g.resolveData(x)
		}
		return out
	}
	return s
}

// reference resolves a keyword's value: a $data pointer, a $lookup, or a
// value as it is.
func (g *gathered) reference(x any) (any, bool) {
	m, ok := x.(map[string]any)
	if !ok {
		return x, true
	}
	if lk, ok := m["$lookup"]; ok {
		l, ok := lk.(map[string]any)
		if !ok {
			return x, true
		}
		key, ok := g.reference(l["key"])
		name, isStr := key.(string)
		table, _ := l["map"].(map[string]any)
		if r, in := table[name]; ok && isStr && in {
			return r, true
		}
		return nil, false
	}
	ptr, ok := m["$data"].(string)
	if !ok || !strings.HasPrefix(ptr, "/") {
		return x, true
	}
	return g.data(ptr)
}

// pyFloatOf converts a gathered value as Python's float() does.
func pyFloatOf(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	case string:
		return ParseFloat(strings.TrimSpace(v))
	}
	return 0, false
}

// pyIntOf converts a gathered value as Python's int() does.
func pyIntOf(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		if v < 0 {
			return -float64(int64(-v)), true
		}
		return float64(int64(v)), true
	case bool:
		return pyFloatOf(v)
	case string:
		i, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return float64(i), err == nil
	}
	return 0, false
}

// validateGathered validates the gathered object against the keyword's
// schema, its references resolved. Findings name the conditions of the
// branches taken to gather it.
func (v *Validator) validateGathered(gd *gathered, g *cfnGather, p Place, facts []conditions.Fact, out *[]*Error) {
	raw := gd.resolveData(g.schema)
	s := NewDocument("", raw, nil).Root()
	q := p
	q.NoHooks, q.Hooks = true, nil
	for _, f := range gd.facts {
		if !slices.Contains(facts, f) {
			facts = append(slices.Clip(facts), f)
		}
	}
	q.Conds = append(slices.Clip(p.Conds), facts...)
	var errs []*Error
	n := gd.node()
	v.eval(valueOf(n, q.Functions), s, q, &errs)
	for _, e := range errs {
		if !e.unknown && len(facts) > 0 {
			e.When = append(slices.Clip(facts), e.When...)
		}
		*out = append(*out, e)
	}
}

// nodeOf makes a template value of a decoded JSON value (a default), placed at r.
func nodeOf(v any, r template.Range) *template.Node {
	n := &template.Node{Range: r}
	switch v := v.(type) {
	case nil:
		n.Kind = template.Null
	case string:
		n.Kind, n.Type, n.Value = template.Scalar, template.Str, v
	case bool:
		n.Kind, n.Type, n.Value = template.Scalar, template.Bool, strconv.FormatBool(v)
	case float64:
		n.Kind, n.Type, n.Value = template.Scalar, template.Float, pyNum(v)
		if v == float64(int64(v)) {
			n.Type, n.Value = template.Int, strconv.FormatInt(int64(v), 10)
		}
	case []any:
		n.Kind = template.Sequence
		for _, x := range v {
			it := nodeOf(x, r)
			it.Parent = n
			n.Items = append(n.Items, it)
		}
	case map[string]any:
		n.Kind = template.Mapping
		for _, k := range slices.Sorted(maps.Keys(v)) {
			x := nodeOf(v[k], r)
			x.Parent = n
			n.Pairs = append(n.Pairs, &template.Pair{Key: &template.Node{Kind: template.Scalar, Type: template.Str, Value: k, Range: r, Parent: n}, Value: x})
		}
	}
	return n
}

// anyOf decodes a template value as JSON would (a function as the object
// {name: argument}).
func anyOf(n *template.Node) any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case template.Scalar:
		switch n.Type {
		case template.Bool:
			return n.Text() == "true"
		case template.Int, template.Float:
			if f, ok := n.Number(); ok {
				return f
			}
		}
		return n.Value
	case template.Mapping:
		m := make(map[string]any, len(n.Pairs))
		for _, p := range n.Pairs {
			m[p.Key.Value] = anyOf(p.Value)
		}
		return m
	case template.Sequence:
		l := make([]any, len(n.Items))
		for i, it := range n.Items {
			l[i] = anyOf(it)
		}
		return l
	case template.Intrinsic:
		return map[string]any{n.Fn: anyOf(n.Arg)}
	}
	return nil
}
