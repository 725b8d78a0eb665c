package refs

import (
	"runtime"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/langext"
	"github.com/cfn-lsp/cfn-lsp/internal/sam"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// build indexes t: its declarations first, so that references can be
// resolved as they are found, then one walk of the document.
func build(t *template.Template, reuse bool) *Index {
	ix := &Index{URI: t.URI, byName: map[string]map[string]int{}}
	if t.Root == nil || t.Root.Kind != template.Mapping {
		return ix
	}
	b := &builder{t: t, ix: ix, x: langext.Of(t)}
	b.declarations()
	if reusable(t) {
		ix.units = []unit{}
		if reuse {
			b.prev = previous(t, ix)
		}
	}
	if b.prev != nil {
		ix.Refs = make([]Ref, 0, len(b.prev.Refs)+len(b.prev.Refs)/8+16)
	} else {
		ix.Refs = make([]Ref, 0, estimateRefs(t.Text))
	}
	b.run()
	b.loopDecls()
	return ix
}

// Incremental builds. A version re-parsed from another (template.Reparse)
// shares the nodes of the entries the edit did not touch, at the same
// positions. The references found in such an entry depend only on its nodes,
// the source at their positions (unchanged with them) and which names the
// template declares (a reference's Target, a dotted GetAtt's split): when the
// old version's index is built and the two declare the same names, the new
// index copies the old one's references of every shared entry and walks the
// others. Only templates without loops and transforms take part, whose walk
// has no state beyond its entry; the copy is what a fresh walk would find
// (TestIncrementalMatchesBuild).

// reusable reports whether t's references come from its entries alone.
func reusable(t *template.Template) bool {
	return len(t.Transforms()) == 0 && !strings.Contains(t.Text, "Fn::ForEach")
}

// previous returns the index of the version t was re-parsed from when it is
// built, was built reusable and declares the names ix does; else nil.
func previous(t *template.Template, ix *Index) *Index {
	p := t.Previous()
	if p == nil {
		return nil
	}
	old, _ := p.Built(indexKey{}).(*Index)
	if old == nil || old.units == nil || old.URI != ix.URI || len(old.byName) != len(ix.byName) {
		return nil
	}
	for sec, names := range ix.byName {
		on := old.byName[sec]
		if len(on) != len(names) {
			return nil
		}
		for n := range names {
			if _, ok := on[n]; !ok {
				return nil
			}
		}
	}
	old.unitsOnce.Do(func() {
		old.byValue = make(map[*template.Node]int, len(old.units))
		for i, u := range old.units {
			old.byValue[u.value] = i
		}
	})
	return old
}

// unit walks one top-level section or section entry with walk, or copies its
// references from the previous version's index when that holds the same
// nodes.
func (b *builder) unit(key, value *template.Node, walk func()) {
	if b.units++; b.units%16 == 0 {
		runtime.Gosched()
	}
	if b.ix.units == nil {
		walk()
		return
	}
	start := len(b.ix.Refs)
	if p := b.prev; p != nil {
		if i, ok := p.byValue[value]; ok && value != nil && p.units[i].key == key {
			u := p.units[i]
			b.ix.Refs = append(b.ix.Refs, p.Refs[u.start:u.end]...)
			b.ix.reused++
			b.ix.units = append(b.ix.units, unit{key: key, value: value, start: start, end: len(b.ix.Refs)})
			return
		}
	}
	walk()
	b.ix.units = append(b.ix.units, unit{key: key, value: value, start: start, end: len(b.ix.Refs)})
}

// estimateRefs guesses from the source how many references a template holds, a
// little high rather than low: growing a large slice step by step copies it
// several times over, while capacity that is never written costs little.
func estimateRefs(text string) int {
	n := 0
	for _, s := range [...]string{"Ref", "GetAtt", "${", "DependsOn", "Condition", "FindInMap", "!If", "Fn::If"} {
		n += strings.Count(text, s)
	}
	return n
}

// builder walks a template and records what it declares and references.
type builder struct {
	t  *template.Template
	ix *Index
	// x is the template with its loops expanded (see langext), generated
	// the indexes in Decls of the entries its loops produce.
	x         *langext.Expansion
	generated []generatedDecl
	// loops are the enclosing Fn::ForEach loops, innermost last.
	loops []*Loop
	// macro counts the enclosing macro inputs (see Ref.MacroInput).
	macro int
	// prev is the previous version's index whose references shared entries
	// take (see unit), or nil.
	prev  *Index
	units int
}

// generatedDecl is the declaration of an entry a loop produced: its index in
// Decls and the key of the loop.
type generatedDecl struct {
	decl int
	loop *template.Node
}

// declare records a declaration; the first of a name is the one lookups find.
func (b *builder) declare(d Decl) {
	d.URI = b.t.URI
	b.ix.Decls = append(b.ix.Decls, d)
	if d.Pattern {
		return
	}
	m := b.ix.byName[d.Section]
	if m == nil {
		m = map[string]int{}
		b.ix.byName[d.Section] = m
	}
	if _, dup := m[d.Name]; !dup {
		m[d.Name] = len(b.ix.Decls) - 1
	}
}

// declarations records the entries of the sections and the exports of outputs.
// Keys starting with Fn:: are loops (their bodies declare, see entryOrLoop)
// or includes, not names.
func (b *builder) declarations() {
	t := b.t
	for _, sec := range []struct {
		name    string
		entries []*template.Entry
	}{{Parameters, t.Parameters}, {Resources, t.Resources}, {Conditions, t.Conditions}, {Mappings, t.Mappings}, {Outputs, t.Outputs}} {
		for _, e := range sec.entries {
			if !strings.HasPrefix(e.Name, "Fn::") {
				b.declare(Decl{Section: sec.name, Name: e.Name, Range: b.nameRange(e.Key, e.Name), Key: e.Key, Entry: e})
			}
		}
	}
	// The entries loops produce, at their body's key, before the exports:
	// references to them resolve as to any entry.
	for _, g := range b.x.Generated {
		if g.Placeholder {
			continue // a name for an item not known before deployment
		}
		b.generated = append(b.generated, generatedDecl{len(b.ix.Decls), g.Loop})
		b.declare(Decl{Section: g.Section, Name: g.Name, Range: b.nameRange(g.Source, g.Source.Value), Key: g.Source, Entry: g.Entry})
	}
	// The resources the SAM transform makes, at what makes them.
	for _, m := range sam.Of(b.x.Template).Made {
		rng := m.At.Range
		if m.At.Kind == template.Scalar {
			rng = b.nameRange(m.At, m.At.Value)
		}
		b.declare(Decl{Section: Resources, Name: m.Name, Range: rng, Key: m.At, Entry: m.Entry, By: m.From})
	}
	for _, o := range t.Outputs {
		name := o.Value.Get("Export").Get("Name")
		if key := ExportKey(name); key != "" && !strings.HasPrefix(o.Name, "Fn::") {
			rng := name.Range
			if name.Kind == template.Intrinsic && name.Arg != nil {
				rng = name.Arg.Range // the literal of the Sub
			}
			b.declare(Decl{Section: Exports, Name: key, Range: rng, Key: name, Entry: o})
		}
	}
}

// nameRange is the range of name inside the source of n, without quotes, or
// n's range when the source spells it otherwise.
func (b *builder) nameRange(n *template.Node, name string) template.Range {
	r, _ := b.find(n, name)
	return r
}

// find returns the range of sub inside n's source, and whether it is there.
func (b *builder) find(n *template.Node, sub string) (template.Range, bool) {
	if r, ok := b.t.Find(n, sub, 0); ok {
		return r, true
	}
	return n.Range, false
}

// add records a reference.
func (b *builder) add(r Ref) {
	r.MacroInput = b.macro > 0
	r.URI = b.t.URI
	if n := len(b.loops); n > 0 {
		r.Loop = b.loops[n-1]
	}
	if r.BoundBy == nil && r.Target == "" {
		r.Target = b.target(r)
	}
	b.ix.Refs = append(b.ix.Refs, r)
}

// target is the section a reference's name is looked up in (see Ref.Target).
func (b *builder) target(r Ref) string {
	switch r.Kind {
	case KindRef, KindSub:
		if r.Attr != "" {
			return Resources
		}
		if b.ix.Decl(Parameters, r.Name) != nil {
			return Parameters
		}
		if b.ix.Decl(Resources, r.Name) != nil {
			return Resources
		}
		return ""
	case KindGetAtt, KindDependsOn:
		return Resources
	case KindCondition:
		return Conditions
	case KindFindInMap:
		return Mappings
	case KindImportValue:
		return Exports
	case KindInterface:
		return Parameters
	}
	return ""
}

// bound returns the enclosing loop whose variable name is, or nil.
func (b *builder) bound(name string) *Loop {
	for i := len(b.loops) - 1; i >= 0; i-- {
		if b.loops[i].Variable == name {
			return b.loops[i]
		}
	}
	return nil
}

// loopDecls sets the loop of the declarations of the entries loops produce,
// once the loops are known.
func (b *builder) loopDecls() {
	if len(b.generated) == 0 {
		return
	}
	byKey := make(map[*template.Node]*Loop, len(b.ix.Loops))
	for _, l := range b.ix.Loops {
		byKey[l.Key] = l
	}
	for _, g := range b.generated {
		b.ix.Decls[g.decl].Loop = byKey[g.loop]
	}
}

func (b *builder) run() {
	root := b.t.Root
	if b.x.Template == b.t {
		// The collections of the loops an expanded template no longer holds.
		for _, c := range b.x.Collections {
			b.walk(c.Node, c.Section, c.Entry)
		}
	}
	meta := root.GetPair("Metadata")
	for _, p := range root.Pairs {
		sec := p.Key.Value
		switch sec {
		case Resources, Outputs, Conditions, "Rules", Parameters:
			if p.Value.Kind != template.Mapping {
				continue
			}
			for _, e := range p.Value.Pairs {
				b.unit(e.Key, e.Value, func() { b.entryOrLoop(sec, e) })
			}
		default:
			b.unit(p.Key, p.Value, func() {
				b.walk(p.Value, sec, "")
				if p == meta {
					b.iface(p.Value.Get("AWS::CloudFormation::Interface"))
				}
			})
		}
	}
}

// isLoop reports whether a pair is a well-formed Fn::ForEach loop.
func isLoop(p *template.Pair) bool {
	v := p.Value
	return strings.HasPrefix(p.Key.Value, "Fn::ForEach::") && v.Kind == template.Sequence && len(v.Items) == 3
}

// loop records the loop of a pair that isLoop and walks its collection;
// the caller walks the body between push and pop.
func (b *builder) loop(p *template.Pair, sec, entry string) *Loop {
	v := p.Value
	l := &Loop{Name: strings.TrimPrefix(p.Key.Value, "Fn::ForEach::"), Key: p.Key, VariableNode: v.Items[0],
		Collection: v.Items[1], Body: v.Items[2], Section: sec, Entry: entry, URI: b.t.URI}
	l.Variable, _ = v.Items[0].Str()
	if n := len(b.loops); n > 0 {
		l.Outer = b.loops[n-1]
	}
	b.ix.Loops = append(b.ix.Loops, l)
	b.walk(l.Collection, sec, entry) // the collection is outside the variable's scope
	return l
}

// declaresLoopEntries reports whether a loop among the entries of sec
// declares the entries of its body (CloudFormation expands loops there).
func declaresLoopEntries(sec string) bool {
	return sec == Resources || sec == Conditions || sec == Outputs
}

// entryOrLoop records the references of a section entry, or of the entries a
// Fn::ForEach loop at section level generates, with the loop variable bound.
func (b *builder) entryOrLoop(sec string, e *template.Pair) {
	if !isLoop(e) {
		b.placeholders(e.Key, sec, e.Key.Value, false)
		if n := len(b.loops); n > 0 && declaresLoopEntries(sec) {
			b.declare(Decl{Section: sec, Name: e.Key.Value, Range: b.nameRange(e.Key, e.Key.Value), Key: e.Key,
				Entry: &template.Entry{Name: e.Key.Value, Key: e.Key, Value: e.Value}, Loop: b.loops[n-1], Pattern: true})
		}
		b.entry(sec, e)
		return
	}
	l := b.loop(e, sec, "")
	b.loops = append(b.loops, l)
	if l.Body.Kind == template.Mapping {
		for _, p := range l.Body.Pairs {
			b.entryOrLoop(sec, p)
		}
	}
	b.loops = b.loops[:len(b.loops)-1]
}

func (b *builder) entry(sec string, e *template.Pair) {
	name := e.Key.Value
	v := e.Value
	if (sec == Resources || sec == Outputs) && v.Kind == template.Mapping {
		for _, a := range v.Pairs {
			switch {
			case a.Key.Value == "Condition":
				b.name(KindCondition, a.Value, sec, name, a.Value)
				continue
			case a.Key.Value == "DependsOn" && sec == Resources:
				if a.Value.Kind == template.Sequence {
					for _, it := range a.Value.Items {
						b.name(KindDependsOn, it, sec, name, a.Value)
					}
				} else {
					b.name(KindDependsOn, a.Value, sec, name, a.Value)
				}
				continue
			}
			if sec == Resources && !lang.IsResourceAttribute(a.Key.Value) {
				b.macro++
				b.walk(a.Value, sec, name)
				b.macro--
				continue
			}
			b.walk(a.Value, sec, name)
		}
		return
	}
	b.walk(v, sec, name)
}

// name records a reference whose whole scalar node is the name.
func (b *builder) name(k Kind, n *template.Node, sec, entry string, fn *template.Node) {
	s, ok := n.Str()
	if !ok || s == "" {
		b.walk(n, sec, entry)
		return
	}
	b.placeholders(n, sec, entry, false)
	r, exact := b.find(n, s)
	b.add(Ref{Kind: k, Name: s, Node: n, Range: r, Exact: exact, Section: sec, Entry: entry, Fn: fn})
}

func (b *builder) walk(n *template.Node, sec, entry string) {
	if n == nil {
		return
	}
	switch n.Kind {
	case template.Mapping:
		for _, p := range n.Pairs {
			if isLoop(p) {
				l := b.loop(p, sec, entry)
				b.loops = append(b.loops, l)
				b.walk(l.Body, sec, entry)
				b.loops = b.loops[:len(b.loops)-1]
				continue
			}
			if p.Key.Value == "Fn::Transform" {
				b.macro++
				b.walk(p.Value, sec, entry)
				b.macro--
				continue
			}
			b.placeholders(p.Key, sec, entry, false)
			b.walk(p.Value, sec, entry)
		}
	case template.Scalar:
		b.placeholders(n, sec, entry, false)
	case template.Sequence:
		for _, it := range n.Items {
			b.walk(it, sec, entry)
		}
	case template.Intrinsic:
		b.intrinsic(n, sec, entry)
	}
}

func (b *builder) intrinsic(n *template.Node, sec, entry string) {
	a := n.Arg
	switch n.Fn {
	case "Ref":
		if s, ok := a.Str(); ok && s != "" {
			r, exact := b.find(a, s)
			b.add(Ref{Kind: KindRef, Name: s, Node: a, Range: r, Exact: exact, Section: sec, Entry: entry, Fn: n, BoundBy: b.bound(s)})
			return
		}
	case "Condition":
		b.name(KindCondition, a, sec, entry, n)
		return
	case "Fn::If", "Fn::FindInMap": // the first argument names a condition, a mapping
		if a.Kind == template.Sequence && len(a.Items) > 0 {
			k := KindCondition
			if n.Fn == "Fn::FindInMap" {
				k = KindFindInMap
			}
			b.name(k, a.Items[0], sec, entry, n)
			for _, it := range a.Items[1:] {
				b.walk(it, sec, entry)
			}
			return
		}
	case "Fn::GetAtt":
		b.getAtt(n, sec, entry)
		return
	case "Fn::Transform":
		b.macro++
		b.walk(a, sec, entry)
		b.macro--
		return
	case "Fn::Sub":
		b.sub(n, sec, entry)
		return
	case "Fn::ImportValue":
		if key := ExportKey(a); key != "" {
			lit := a
			if a.Kind == template.Intrinsic {
				lit = a.Arg // the string of the Sub
			}
			b.add(Ref{Kind: KindImportValue, Name: key, Node: lit, Range: lit.Range, Exact: true, Section: sec, Entry: entry, Fn: n})
		} else if a != nil {
			// A computed name (Fn::Join, a Sub of a variable map): no key to
			// match by, but a workspace index can resolve it (Fn is the import).
			b.add(Ref{Kind: KindImportValue, Node: a, Range: a.Range, Section: sec, Entry: entry, Fn: n})
		}
	}
	b.walk(a, sec, entry)
}

func (b *builder) getAtt(n *template.Node, sec, entry string) {
	a := n.Arg
	switch a.Kind {
	case template.Scalar:
		res, attr, _ := strings.Cut(a.Value, ".")
		if res == "" {
			return
		}
		if head, rest, ok := strings.Cut(attr, "."); ok && b.ix.Decl(Resources, res+"."+head) != nil {
			res, attr = res+"."+head, rest // MyFunction.Alias.Arn: an attribute of what SAM makes
		}
		b.placeholders(a, sec, entry, false)
		r := Ref{Kind: KindGetAtt, Name: res, Attr: attr, Node: a, Section: sec, Entry: entry, Fn: n, BoundBy: b.bound(res)}
		r.Range, r.Exact = b.find(a, res)
		if attr != "" {
			r.AttrRange = a.Range
			if rng, ok := b.t.Find(a, res+"."+attr, 0); ok && rng.Start.Line == rng.End.Line {
				rng.Start.Char += template.UTF16Len(res) + 1
				r.AttrRange = rng
			}
		}
		b.add(r)
	case template.Sequence:
		if len(a.Items) == 0 {
			return
		}
		if res, ok := a.Items[0].Str(); ok && res != "" {
			b.placeholders(a.Items[0], sec, entry, false)
			r := Ref{Kind: KindGetAtt, Name: res, Node: a.Items[0], Section: sec, Entry: entry, Fn: n, BoundBy: b.bound(res)}
			r.Range, r.Exact = b.find(a.Items[0], res)
			if len(a.Items) > 1 {
				r.Attr, _ = a.Items[1].Str()
				if r.Attr != "" {
					r.AttrRange, _ = b.find(a.Items[1], r.Attr)
				}
			}
			b.add(r)
		}
		if a.Items[0].Kind != template.Scalar {
			b.walk(a.Items[0], sec, entry) // a Fn::Sub naming the resource, in a loop
		}
		for _, it := range a.Items[1:] {
			b.walk(it, sec, entry)
		}
	default:
		b.walk(a, sec, entry)
	}
}

func (b *builder) sub(n *template.Node, sec, entry string) {
	a := n.Arg
	str := a
	var locals map[string]bool // the variables of a two-argument Sub
	if a.Kind == template.Sequence {
		if len(a.Items) == 0 {
			return
		}
		str = a.Items[0]
		if len(a.Items) > 1 {
			vars := a.Items[1]
			b.walk(vars, sec, entry)
			if vars.Kind == template.Mapping {
				locals = make(map[string]bool, len(vars.Pairs))
				for _, p := range vars.Pairs {
					locals[p.Key.Value] = true
				}
			}
		}
	}
	if str.Kind != template.Scalar {
		b.walk(str, sec, entry)
		return
	}
	b.placeholders(str, sec, entry, true)
	for _, v := range lang.SubVariables(str.Value) {
		if locals[v.Name] {
			continue
		}
		res, attr, _ := strings.Cut(v.Name, ".")
		switch head, rest, _ := strings.Cut(attr, "."); {
		case lang.IsPseudo(v.Name):
			res, attr = v.Name, ""
		case head != "" && b.ix.Decl(Resources, res+"."+head) != nil:
			res, attr = res+"."+head, rest // ${MyFunction.Alias}: what SAM makes
		}
		r := Ref{Kind: KindSub, Name: res, Attr: attr, Node: str, Section: sec, Entry: entry, Fn: n,
			Range: str.Range, Token: str.Range, BoundBy: b.bound(v.Name)}
		if tok, ok := b.t.Find(str, v.Token, v.Nth); ok {
			start := tok.Start
			start.Char += 2 + v.Lead
			r.Range = template.Range{Start: start, End: template.Pos{Line: start.Line, Char: start.Char + template.UTF16Len(res)}}
			r.Token = tok
			r.Exact = tok.Start.Line == tok.End.Line
		}
		if attr != "" {
			start := template.Pos{Line: r.Range.End.Line, Char: r.Range.End.Char + 1}
			r.AttrRange = template.Range{Start: start, End: template.Pos{Line: start.Line, Char: start.Char + template.UTF16Len(attr)}}
		}
		b.add(r)
	}
}

// iface records the parameters named by the console's interface metadata: the
// items of each ParameterGroups entry's Parameters, and the keys of
// ParameterLabels.
func (b *builder) iface(n *template.Node) {
	if n == nil || n.Kind != template.Mapping {
		return
	}
	named := func(name string, at *template.Node) {
		r, exact := b.find(at, name)
		b.add(Ref{Kind: KindInterface, Name: name, Node: at, Range: r, Exact: exact && name != "", Section: "Metadata"})
	}
	if groups := n.Get("ParameterGroups"); groups != nil && groups.Kind == template.Sequence {
		for _, g := range groups.Items {
			if ps := g.Get("Parameters"); ps != nil && ps.Kind == template.Sequence {
				for _, it := range ps.Items {
					if s, ok := it.Str(); ok {
						named(s, it)
					}
				}
			}
		}
	}
	if labels := n.Get("ParameterLabels"); labels != nil && labels.Kind == template.Mapping {
		for _, p := range labels.Pairs {
			named(p.Key.Value, p.Key)
		}
	}
}

// placeholders records the ${Id} and &{Id} of the enclosing loops'
// identifiers written in a key or a string of a loop's body, which the
// transform replaces (in a Fn::Sub string only &{Id}: its ${Id} are Sub
// variables, recorded as such).
func (b *builder) placeholders(n *template.Node, sec, entry string, inSub bool) {
	if len(b.loops) == 0 || n.Kind != template.Scalar || !strings.Contains(n.Value, "{") {
		return
	}
	for _, l := range b.loops {
		id := l.Variable
		if id == "" {
			continue
		}
		for _, open := range [...]string{"${", "&{"} {
			if inSub && open == "${" {
				continue
			}
			tok := open + id + "}"
			for nth := 0; nth < strings.Count(n.Value, tok); nth++ {
				r := Ref{Kind: KindPlaceholder, Name: id, Node: n, Section: sec, Entry: entry, Range: n.Range, Token: n.Range, BoundBy: b.bound(id)}
				if rng, ok := b.t.Find(n, tok, nth); ok {
					r.Token = rng
					r.Range = template.Range{Start: template.Pos{Line: rng.Start.Line, Char: rng.Start.Char + 2},
						End: template.Pos{Line: rng.Start.Line, Char: rng.Start.Char + 2 + template.UTF16Len(id)}}
					r.Exact = rng.Start.Line == rng.End.Line
				}
				b.add(r)
			}
		}
	}
}
