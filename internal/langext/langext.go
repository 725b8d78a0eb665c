// Package langext applies the AWS::LanguageExtensions transform to a parsed
// template as CloudFormation does before it reads the template: every
// Fn::ForEach loop (in Resources, Conditions, Outputs and any mapping of their
// entries, nested loops included) is replaced by the entries it stamps out,
// with ${Id} and &{Id} replaced in keys and strings, Ref to the loop's
// identifier replaced by the item, and Fn::Sub strings that only named loop
// identifiers resolved to plain strings.
//
// The result is an ordinary template (template.WithRoot) whose nodes carry the
// ranges of the source they were copied from, so that every check runs on it
// unchanged and places what it finds in the loop's body, at the source
// position that produced it. The same finding repeated by each iteration is
// then one finding (see Generated for the names to map back).
//
// A collection is read as CloudFormation would read it when that can be known:
// a literal list, a Ref to a list parameter with a Default (or else its first
// allowed value), a Fn::FindInMap whose keys are literal (with its
// DefaultValue when the map has no such entry). Otherwise the loop is expanded
// for two placeholder items: names get a placeholder text, and a Ref to the
// identifier becomes Fn::Select of the collection, which checks do not judge as
// a literal value.
package langext

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Transform is the transform that enables Fn::ForEach and the other language
// extensions.
const Transform = "AWS::LanguageExtensions"

// loopPrefix starts the key of a Fn::ForEach loop.
const loopPrefix = "Fn::ForEach::"

// Expansion is a template with its loops expanded.
type Expansion struct {
	// Template is the expanded template; the source itself when it has no loop
	// to expand or does not declare the transform.
	Template *template.Template
	// Generated lists the section entries loops produced, in order.
	Generated []Generated
	// Problems are the loops that cannot be expanded as written.
	Problems []Problem
	// Collections are copies of the collections of the loops expanded, which
	// the expanded template no longer holds: their references are still
	// references of the template (a parameter a loop iterates over is used).
	Collections []Collection
}

// Collection is the collection of an expanded loop.
type Collection struct {
	Node *template.Node
	// Section and Entry are where the loop stood: its top-level section, and
	// the entry of that section in the expanded template ("" for a loop among
	// the section's entries).
	Section, Entry string
}

// Generated is an entry of Resources, Conditions or Outputs that a loop produced.
type Generated struct {
	Section string
	Name    string
	// Entry is the entry in the expanded template.
	Entry *template.Entry
	// Source is the key of the loop body's entry in the source template, as
	// written ("Queue${Name}").
	Source *template.Node
	// Loop is the key of the innermost loop that produced it
	// ("Fn::ForEach::Queues"); Loops the keys of that loop and of those it
	// stands in, innermost first.
	Loop  *template.Node
	Loops []*template.Node
	// Placeholder is set when the name holds a placeholder item: the
	// collection's items are not known before deployment.
	Placeholder bool
}

// Problem is a loop CloudFormation would refuse to expand.
type Problem struct {
	Range   template.Range
	Message string
}

type expansionKey struct{}

// Of returns the expansion of t, computed once per template.
func Of(t *template.Template) *Expansion {
	return t.Derived(expansionKey{}, func(t *template.Template) any { return expand(t) }).(*Expansion)
}

// Declares reports whether t declares the AWS::LanguageExtensions transform.
func Declares(t *template.Template) bool {
	for _, tr := range t.Transforms() {
		if tr == Transform {
			return true
		}
	}
	return false
}

// HasLoops reports whether any mapping of n holds a Fn::ForEach key.
func HasLoops(n *template.Node) bool {
	found := false
	template.Walk(n, func(m *template.Node) bool {
		if found {
			return false
		}
		if m.Kind == template.Mapping {
			for _, p := range m.Pairs {
				if strings.HasPrefix(p.Key.Value, loopPrefix) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// maxNodes bounds the nodes an expansion creates: loops over large
// collections nested in each other multiply. A quarter of a million nodes is
// well beyond the 1 MB CloudFormation allows the expanded template; past the
// bound the template is checked as written (and that reported).
const maxNodes = 1 << 18

func expand(t *template.Template) *Expansion {
	if t.Root == nil || t.Root.Kind != template.Mapping || !Declares(t) || !HasLoops(t.Root) {
		return &Expansion{Template: t}
	}
	e := &expander{t: t, origin: map[*template.Node]origin{}, collected: map[*template.Node]bool{}}
	root := e.node(t.Root, nil, nil)
	if e.stopped != nil {
		// Checked as written: loops are left alone, and the user told why.
		return &Expansion{Template: t, Problems: []Problem{*e.stopped}}
	}
	xt := t.WithRoot(root)
	x := &Expansion{Template: xt, Problems: e.problems, Collections: e.collections}
	for _, sec := range []struct {
		name    string
		entries []*template.Entry
	}{{"Resources", xt.Resources}, {"Conditions", xt.Conditions}, {"Outputs", xt.Outputs}} {
		for _, en := range sec.entries {
			if o, ok := e.origin[en.Key]; ok {
				x.Generated = append(x.Generated, Generated{Section: sec.name, Name: en.Name, Entry: en, Source: o.key,
					Loop: o.loops[0], Loops: o.loops, Placeholder: o.placeholder})
			}
		}
	}
	// An expanded template has nothing left to expand, but keeps the
	// collections its loops had.
	xt.Derived(expansionKey{}, func(*template.Template) any { return &Expansion{Template: xt, Collections: x.Collections} })
	return x
}

// origin is where a key made inside a loop body comes from.
type origin struct {
	key         *template.Node
	loops       []*template.Node // innermost first
	placeholder bool
}

// item is one item of a collection, bound to a loop's identifier.
type item struct {
	// text is what replaces ${Id}: the item, or a placeholder name.
	text string
	// value is what replaces Ref Id: the item's node, or a Fn::Select of the
	// collection for a placeholder.
	value *template.Node
	// placeholder is set when the item is not known.
	placeholder bool
}

// env binds the identifiers of the enclosing loops, innermost last.
type env struct {
	id    string
	item  item
	loop  *template.Node // the loop's key
	outer *env
}

func (v *env) lookup(id string) (item, bool) {
	for ; v != nil; v = v.outer {
		if v.id == id {
			return v.item, true
		}
	}
	return item{}, false
}

// loops returns the keys of the loops that bind v, innermost first.
func (v *env) loops() []*template.Node {
	var out []*template.Node
	for ; v != nil; v = v.outer {
		out = append(out, v.loop)
	}
	return out
}

type expander struct {
	t           *template.Template
	nodes       int
	origin      map[*template.Node]origin // keys of entries made by loop bodies -> their source
	problems    []Problem
	collections []Collection
	collected   map[*template.Node]bool // the loops whose collection is recorded
	// path holds the keys from the root down to the mapping being filled.
	path []string
	// stopped is set once the expansion is over its bound (maxNodes).
	stopped *Problem
}

func (e *expander) problem(r template.Range, format string, args ...any) {
	e.problems = append(e.problems, Problem{Range: r, Message: fmt.Sprintf(format, args...)})
}

// node copies n under the bindings of v, expanding loops; parent is the copy's parent.
func (e *expander) node(n *template.Node, v *env, parent *template.Node) *template.Node {
	if n == nil {
		return nil
	}
	if e.stopped != nil {
		return &template.Node{Kind: template.Null, Range: n.Range, Parent: parent} // unwinding
	}
	e.nodes++
	c := *n
	c.Parent = parent
	c.Pairs, c.Items, c.Arg = nil, nil, nil
	switch n.Kind {
	case template.Scalar:
		if v != nil && n.Type == template.Str {
			c.Value, _ = e.substitute(n.Value, v)
		}
	case template.Mapping:
		e.mapping(n, v, &c, false)
	case template.Sequence:
		c.Items = make([]*template.Node, 0, len(n.Items))
		for _, it := range n.Items {
			c.Items = append(c.Items, e.node(it, v, &c))
		}
	case template.Intrinsic:
		if v != nil {
			if r := e.intrinsic(n, v, parent); r != nil {
				return r
			}
		}
		c.Arg = e.node(n.Arg, v, &c)
	}
	return &c
}

// mapping fills c with the pairs of n, each loop replaced by what it stamps
// out. body is set when n is a loop's body: the keys made are recorded with
// their source.
func (e *expander) mapping(n *template.Node, v *env, c *template.Node, body bool) {
	c.Pairs = make([]*template.Pair, 0, len(n.Pairs))
	loops := false
	for _, p := range n.Pairs {
		loops = loops || strings.HasPrefix(p.Key.Value, loopPrefix)
	}
	seen := map[string]bool{}
	add := func(p *template.Pair) {
		if loops && e.stopped == nil {
			if seen[p.Key.Value] {
				e.problem(p.Key.Range, "Fn::ForEach: the key %q is produced twice in the same mapping", p.Key.Value)
				return
			}
			seen[p.Key.Value] = true
		}
		p.Key.Parent, p.Value.Parent = c, c
		c.Pairs = append(c.Pairs, p)
	}
	for _, p := range n.Pairs {
		if strings.HasPrefix(p.Key.Value, loopPrefix) {
			if pairs, ok := e.loop(p, v, c); ok {
				for _, q := range pairs {
					add(q)
				}
				continue
			}
		}
		key := e.node(p.Key, v, c)
		if body {
			e.origin[key] = origin{key: p.Key, loops: v.loops(), placeholder: e.placeholderIn(p.Key.Value, v)}
		}
		e.path = append(e.path, key.Value)
		var val *template.Node
		if p.Key.Value == "Condition" && v != nil {
			val = e.name(p.Value, v, c) // a resource's or output's condition, by name
		} else {
			val = e.node(p.Value, v, c)
		}
		e.path = e.path[:len(e.path)-1]
		add(&template.Pair{Key: key, Value: val})
	}
}

// placeholderIn reports whether s names the identifier of a placeholder item.
func (e *expander) placeholderIn(s string, v *env) bool {
	for b := v; b != nil; b = b.outer {
		if b.item.placeholder && (strings.Contains(s, "${"+b.id+"}") || strings.Contains(s, "&{"+b.id+"}")) {
			return true
		}
	}
	return false
}

// loop expands a Fn::ForEach pair into the pairs of its body for each item of
// its collection; ok is false when the loop is not well formed (it is then
// copied as written, for the checks of its shape to report).
func (e *expander) loop(p *template.Pair, v *env, in *template.Node) (pairs []*template.Pair, ok bool) {
	// in is the mapping the loop's output goes into, whose place e.path gives.
	a := p.Value
	if a.Kind != template.Sequence || len(a.Items) != 3 {
		return nil, false
	}
	id, isStr := a.Items[0].Str()
	body := a.Items[2]
	if !isStr || id == "" || body.Kind != template.Mapping {
		return nil, false
	}
	items, ok := e.collection(a.Items[1], v)
	if !ok {
		return nil, false
	}
	if e.nodes > maxNodes || e.stopped != nil {
		if e.stopped == nil {
			e.stopped = &Problem{Range: p.Key.Range, Message: fmt.Sprintf(
				"the template's loops make more than %d values; %s and the others are checked as written", maxNodes, p.Key.Value)}
		}
		return nil, false
	}
	if !e.collected[p.Key] {
		e.collected[p.Key] = true
		var sec, entry string
		if len(e.path) > 0 {
			sec = e.path[0]
		}
		if len(e.path) > 1 {
			entry = e.path[1]
		}
		e.collections = append(e.collections, Collection{Node: e.node(a.Items[1], v, in), Section: sec, Entry: entry})
	}
	for _, it := range items {
		inner := &env{id: id, item: it, loop: p.Key, outer: v}
		out := &template.Node{Kind: template.Mapping, Range: body.Range}
		e.mapping(body, inner, out, true)
		pairs = append(pairs, out.Pairs...)
	}
	return pairs, true
}

// collection returns the items of a loop's collection.
func (e *expander) collection(n *template.Node, v *env) ([]item, bool) {
	switch {
	case n.Kind == template.Sequence:
		items := make([]item, 0, len(n.Items))
		for i, it := range n.Items {
			switch s, ok := it.Str(); {
			case ok:
				items = append(items, item{text: s, value: it})
			case it.IsIntrinsic("Ref"):
				name, _ := it.Arg.Str()
				if b, bound := v.lookup(name); bound {
					items = append(items, b)
					continue
				}
				fallthrough
			default:
				items = append(items, e.placeholder(n, i, e.node(it, v, nil)))
			}
		}
		return items, true
	case n.IsIntrinsic("Ref"):
		name, _ := n.Arg.Str()
		if p := e.t.Parameter(name); p != nil {
			if vals, ok := parameterList(p); ok {
				return literal(vals, n), true
			}
		}
	case n.IsIntrinsic("Fn::FindInMap"):
		if vals, ok := e.findInMap(n, v); ok {
			return vals, true
		}
	case n.Kind != template.Intrinsic:
		e.problem(n.Range, "Fn::ForEach: the collection must be a list or a Ref to a list parameter")
		return nil, false
	}
	return []item{e.placeholder(n, 0, nil), e.placeholder(n, 1, nil)}, true
}

// placeholder is the i-th item of a collection that is not known: its value is
// the item itself when the collection lists one (as), else Fn::Select of the
// collection.
func (e *expander) placeholder(coll *template.Node, i int, as *template.Node) item {
	if as == nil {
		as = &template.Node{Kind: template.Intrinsic, Fn: "Fn::Select", Range: coll.Range}
		index := &template.Node{Kind: template.Scalar, Type: template.Int, Value: strconv.Itoa(i), Range: coll.Range, Parent: as}
		as.Arg = &template.Node{Kind: template.Sequence, Range: coll.Range, Parent: as}
		as.Arg.Items = []*template.Node{index, e.node(coll, nil, as.Arg)}
	}
	return item{text: "Item" + strconv.Itoa(i+1), value: as, placeholder: true}
}

// literal makes the items of known values, each a string at the collection.
func literal(vals []string, at *template.Node) []item {
	out := make([]item, len(vals))
	for i, s := range vals {
		out[i] = item{text: s, value: &template.Node{Kind: template.Scalar, Type: template.Str, Quoted: true, Value: s, Range: at.Range}}
	}
	return out
}

// parameterList returns the items a list parameter holds by default: its
// Default, or else its first allowed value, split at commas. SSM parameters
// hold what the store holds.
func parameterList(p *template.Entry) ([]string, bool) {
	typ, _ := p.Get("Type").Str()
	if !strings.Contains(typ, "List") || strings.HasPrefix(typ, "AWS::SSM::") {
		return nil, false
	}
	def := p.Get("Default")
	if def == nil {
		if av := p.Get("AllowedValues"); av != nil && av.Kind == template.Sequence && len(av.Items) > 0 {
			def = av.Items[0]
		}
	}
	switch {
	case def == nil:
		return nil, false
	case def.Kind == template.Sequence:
		return scalarList(def)
	}
	s, ok := def.Str()
	if !ok {
		return nil, false
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(part))
	}
	return out, true
}

// findInMap reads the list a Fn::FindInMap collection names, or its DefaultValue.
func (e *expander) findInMap(n *template.Node, v *env) ([]item, bool) {
	a := n.Arg
	if a.Kind != template.Sequence || len(a.Items) < 3 {
		return nil, false
	}
	var keys [3]string
	known := true
	for i := range keys {
		k := a.Items[i]
		if s, ok := k.Str(); ok {
			keys[i] = s
			continue
		}
		if k.IsIntrinsic("Ref") {
			name, _ := k.Arg.Str()
			if b, ok := v.lookup(name); ok && !b.placeholder {
				keys[i] = b.text
				continue
			}
		}
		known = false
	}
	if known {
		if m := e.t.Mapping(keys[0]); m != nil {
			if vals, ok := scalarList(m.Value.Get(keys[1]).Get(keys[2])); ok {
				return literal(vals, n), true
			}
		}
	}
	if len(a.Items) == 4 {
		if vals, ok := scalarList(a.Items[3].Get("DefaultValue")); ok {
			return literal(vals, n), true
		}
	}
	return nil, false
}

func scalarList(n *template.Node) ([]string, bool) {
	if n == nil || n.Kind != template.Sequence {
		return nil, false
	}
	out := make([]string, 0, len(n.Items))
	for _, it := range n.Items {
		s, ok := it.Str()
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// substitute replaces ${Id} by the item and &{Id} by its letters and digits
// for every identifier bound in v; changed says whether anything was.
func (e *expander) substitute(s string, v *env) (out string, changed bool) {
	if !strings.Contains(s, "{") {
		return s, false
	}
	out = s
	for b := v; b != nil; b = b.outer {
		out = strings.ReplaceAll(out, "${"+b.id+"}", b.item.text)
		out = strings.ReplaceAll(out, "&{"+b.id+"}", lang.Alphanumeric(b.item.text))
	}
	return out, out != s
}

// intrinsic copies the calls the transform resolves inside a loop body; nil
// leaves n to be copied as any other node.
func (e *expander) intrinsic(n *template.Node, v *env, parent *template.Node) *template.Node {
	switch n.Fn {
	case "Ref":
		name, _ := n.Arg.Str()
		if b, ok := v.lookup(name); ok {
			r := e.node(b.value, nil, parent)
			r.Range = n.Range
			return r
		}
		if n.Arg.IsIntrinsic("Fn::Sub") {
			c := *n
			c.Parent = parent
			c.Arg = e.name(n.Arg, v, &c)
			return &c
		}
	case "Fn::Sub":
		return e.sub(n, v, parent, false)
	case "Fn::GetAtt":
		if a := n.Arg; a.Kind == template.Sequence && len(a.Items) > 0 && a.Items[0].Kind == template.Intrinsic {
			c := *n
			c.Parent = parent
			c.Arg = &template.Node{Kind: template.Sequence, Range: a.Range, Parent: &c}
			c.Arg.Items = append(c.Arg.Items, e.name(a.Items[0], v, c.Arg))
			for _, it := range a.Items[1:] {
				c.Arg.Items = append(c.Arg.Items, e.node(it, v, c.Arg))
			}
			return &c
		}
	case "Fn::If":
		// CloudFormation does not replace identifiers in the condition's name.
		if a := n.Arg; a.Kind == template.Sequence && len(a.Items) == 3 {
			c := *n
			c.Parent = parent
			c.Arg = &template.Node{Kind: template.Sequence, Range: a.Range, Parent: &c}
			c.Arg.Items = []*template.Node{e.node(a.Items[0], nil, c.Arg), e.node(a.Items[1], v, c.Arg), e.node(a.Items[2], v, c.Arg)}
			return &c
		}
	}
	return nil
}

// name copies a value that stands for a logical id (of Fn::GetAtt, Ref, a
// Condition attribute), which must be a string: a Fn::Sub once its
// identifiers are replaced, placeholders included, or a Ref to an identifier.
func (e *expander) name(n *template.Node, v *env, parent *template.Node) *template.Node {
	if n.IsIntrinsic("Ref") {
		id, _ := n.Arg.Str()
		if b, ok := v.lookup(id); ok {
			return &template.Node{Kind: template.Scalar, Type: template.Str, Quoted: true, Value: b.text, Range: n.Range, Parent: parent}
		}
	}
	if n.IsIntrinsic("Fn::Sub") {
		if r := e.sub(n, v, parent, true); r != nil {
			return r
		}
	}
	return e.node(n, v, parent)
}

// sub copies a Fn::Sub with the identifiers of v replaced in its string. When
// no variable is left, the transform yields the plain string. A placeholder
// item stays a variable of the Sub (bound to its Fn::Select), unless the Sub
// names a logical id (asName), which must be a string.
func (e *expander) sub(n *template.Node, v *env, parent *template.Node, asName bool) *template.Node {
	a := n.Arg
	str, vars := a, (*template.Node)(nil)
	if a.Kind == template.Sequence {
		if len(a.Items) == 0 || len(a.Items) > 2 {
			return nil
		}
		str = a.Items[0]
		if len(a.Items) == 2 {
			vars = a.Items[1]
		}
	}
	s, ok := str.Str()
	if !ok {
		return nil
	}
	locals := map[string]bool{}
	if vars != nil && vars.Kind == template.Mapping {
		for _, p := range vars.Pairs {
			locals[p.Key.Value] = true
		}
	}
	// Bindings the Sub's own variables do not shadow; placeholders that stay variables.
	var bound *env
	var kept []*env
	for b := v; b != nil; b = b.outer {
		if locals[b.id] || !strings.Contains(s, "${"+b.id+"}") && !strings.Contains(s, "&{"+b.id+"}") {
			continue
		}
		if b.item.placeholder && !asName {
			kept = append(kept, b)
			continue
		}
		bound = &env{id: b.id, item: b.item, outer: bound}
	}
	out, _ := e.substitute(s, bound)
	e.nodes++
	if vars == nil && len(kept) == 0 && out != s && !lang.HasSubVariable(out) {
		return &template.Node{Kind: template.Scalar, Type: template.Str, Quoted: true, Value: unescapeSub(out), Range: n.Range, Parent: parent}
	}
	c := *n
	c.Parent = parent
	sc := *str
	sc.Value = out
	if vars == nil && len(kept) == 0 {
		sc.Parent = &c
		c.Arg = &sc
		return &c
	}
	c.Short = false
	c.Arg = &template.Node{Kind: template.Sequence, Range: a.Range, Parent: &c}
	sc.Parent = c.Arg
	var vc *template.Node
	if vars != nil {
		vc = e.node(vars, v, c.Arg)
	} else {
		vc = &template.Node{Kind: template.Mapping, Range: a.Range, Parent: c.Arg}
	}
	c.Arg.Items = []*template.Node{&sc, vc}
	if vc.Kind == template.Mapping {
		for _, b := range kept {
			key := &template.Node{Kind: template.Scalar, Type: template.Str, Value: b.id, Range: str.Range, Parent: vc}
			vc.Pairs = append(vc.Pairs, &template.Pair{Key: key, Value: e.node(b.item.value, nil, vc)})
		}
	}
	return &c
}

// unescapeSub turns the ${!Literal} escapes of a Fn::Sub string into the text
// they stand for.
func unescapeSub(s string) string { return strings.ReplaceAll(s, "${!", "${") }
