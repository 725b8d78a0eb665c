package template

import (
	"encoding/json"
	"strings"
	"weak"
)

// Incremental re-parse. An edit while typing falls inside one entry of one
// section (a resource, a parameter, an output...). Reparse parses that entry's
// new text alone, wrapped in its section's key so that it is read in the same
// context, moves the result to the entry's place in the document and builds the
// new tree around it: entries before the edit are shared with the old tree as
// they are, entries after it are shared too unless the edit moved them (a line
// added or removed, or a JSON entry later on the same line), in which case they
// are copied with their positions shifted. Whatever does not fit that shape
// (an edit across entries, outside any entry, one that changes the block
// structure, anchors, a syntax error before or after) takes the full parse.
// TestReparseMatchesParse and FuzzReparse hold the result to Parse's.
//
// Shared entries keep the parent links of the tree they were built in: their
// section and root nodes are those of an older version. Such a node has the
// same key and content, so KeyOf and IsTopLevel answer the same; code must not
// compare an ancestor with t.Root, but ask IsTopLevel. A chain of shared
// versions keeps the old versions' section nodes alive: after maxSplices
// re-parses in a row Reparse parses in full, which bounds what is kept.

// maxSplices is how many re-parses in a row build on shared entries before a
// full parse starts afresh.
const maxSplices = 64

// IsTopLevel reports whether m is a top-level section's value: a node whose
// parent is a document's root. (A spliced tree shares entries whose section and
// root nodes are an earlier version's, so t.Root is not the parent to compare.)
func (m *Node) IsTopLevel() bool {
	return m != nil && m.Parent != nil && m.Parent.Parent == nil
}

// Reparse returns the parse of text, a later version of old's document, as
// Parse(old.URI, text) would, re-parsing only the entry the change touches
// when it can.
func Reparse(old *Template, text string) *Template {
	if t := reparse(old, text); t != nil {
		return t
	}
	return Parse(old.URI, text)
}

// reparse returns nil when the change needs a full parse.
func reparse(old *Template, text string) *Template {
	if old == nil || old.Root == nil || old.Root.Kind != Mapping || old.Err != nil || len(old.Duplicates) > 0 ||
		old.Binary || old.TooLarge || old.splices >= maxSplices || len(text) > MaxSize || isBinary(text) {
		return nil
	}
	if text == old.Text {
		return old
	}
	if leadingFormat(text) != leadingFormat(old.Text) {
		return nil
	}
	ot := old.Text
	p, oe, ne := changed(ot, text)
	sec, k, span := old.entryAround(p, oe)
	if sec < 0 {
		return nil
	}
	delta := ne - oe
	fragStart, fragEnd := span[0], span[1]+delta
	frag := text[fragStart:fragEnd]
	if strings.ContainsRune(frag, '&') || strings.ContainsRune(ot[span[0]:span[1]], '&') {
		return nil // an anchor other entries may alias
	}
	secPair := old.Root.Pairs[sec]
	lines := old.Lines.Edited(text, p, oe, ne)
	startPos := lines.PosOf(fragStart)
	var doc string
	if old.Format == JSON {
		// The entry's lines, with what precedes and follows it on them blanked,
		// inside an object of its section: `{"Resources": {` on a line of its own.
		ls, le := lines.LineStart(startPos.Line), fragEnd
		endPos := lines.PosOf(fragEnd)
		le = lines.LineStart(endPos.Line) + len(lines.Line(endPos.Line))
		if !ascii(text[ls:fragStart]) {
			return nil
		}
		key, _ := json.Marshal(secPair.Key.Value)
		var b strings.Builder
		b.Grow(len(key) + 16 + le - ls)
		b.WriteString("{")
		b.Write(key)
		b.WriteString(":{\n")
		b.WriteString(strings.Repeat(" ", fragStart-ls))
		b.WriteString(frag)
		b.WriteString(strings.Repeat(" ", le-fragEnd))
		b.WriteString("\n}}")
		doc = b.String()
	} else {
		if !strings.HasSuffix(frag, "\n") || startPos.Char != 0 {
			return nil
		}
		doc = secPair.Key.Value + ":\n" + frag
	}
	ft := Parse(old.URI, doc)
	if ft.Err != nil || ft.Format != old.Format || ft.Root == nil || ft.Root.Kind != Mapping || len(ft.Root.Pairs) != 1 ||
		ft.Root.Pairs[0].Key.Value != secPair.Key.Value {
		return nil
	}
	fsec := ft.Root.Pairs[0].Value
	oldKey := secPair.Value.Pairs[k].Key
	if fsec.Kind != Mapping || len(fsec.Pairs) != 1 || fsec.Pairs[0].Key.Value != oldKey.Value {
		return nil
	}
	if old.Format == YAML && (fsec.Pairs[0].Key.Range.Start.Char != oldKey.Range.Start.Char || outdented(frag, oldKey.Range.Start.Char)) {
		// The section's indentation is its first entry's: an entry read alone
		// sets its own, and a line left of it ends the section.
		return nil
	}

	// Positions: the fragment's line 1 is the document's startPos.Line;
	// old positions at or after the end of the change move with it.
	fragShift := startPos.Line - 1
	oldLines := old.Lines
	oldEnd, newEnd := oldLines.PosOf(oe), lines.PosOf(ne)
	mv := mover{from: oldEnd, to: newEnd}
	moveFrag := mover{lines: fragShift}

	t := &Template{URI: old.URI, Text: text, Format: old.Format, Lines: lines, splices: old.splices + 1, prev: weak.Make(old)}
	block := old.Format == YAML // entryAround takes no YAML flow mapping
	t.Root = mv.splice(old.Root, nil, sec, block, func(root *Node) *Pair {
		s := mv.splice(secPair.Value, root, k, block, func(s *Node) *Pair {
			fp := fsec.Pairs[0]
			return &Pair{Key: moveFrag.clone(fp.Key, s), Value: moveFrag.clone(fp.Value, s)}
		})
		key := *secPair.Key
		key.Parent = root
		return &Pair{Key: &key, Value: s}
	})
	for _, d := range ft.Duplicates {
		t.Duplicates = append(t.Duplicates, DuplicateKey{Key: d.Key, Range: moveFrag.rng(d.Range), First: moveFrag.rng(d.First)})
	}
	t.indexSections()
	return t
}

// changed returns the region a change replaced: a[p:ae] became b[p:be].
// Blocks are compared before bytes (string comparison is the fast one).
func changed(a, b string) (p, ae, be int) {
	const block = 4096
	n := min(len(a), len(b))
	for p+block <= n && a[p:p+block] == b[p:p+block] {
		p += block
	}
	for p < n && a[p] == b[p] {
		p++
	}
	ae, be = len(a), len(b)
	for ae-block >= p && be-block >= p && a[ae-block:ae] == b[be-block:be] {
		ae, be = ae-block, be-block
	}
	for ae > p && be > p && a[ae-1] == b[be-1] {
		ae, be = ae-1, be-1
	}
	return p, ae, be
}

// leadingFormat is DetectFormat without copying the text.
func leadingFormat(text string) Format {
	t := strings.TrimLeft(text, " \t\r\n\ufeff")
	return DetectFormat([]byte(t[:min(len(t), 1)]))
}

// entryAround finds the section entry whose source holds the change ot[p:oe]:
// the index of the section among the root's pairs, of the entry in the
// section, and the entry's span of text (sec is -1 when no single entry
// holds the change). For YAML the span is the entry's
// whole lines, from its key's line to the next entry's (or the next section's);
// for JSON it runs from the key's quote to the end of the value.
func (t *Template) entryAround(p, oe int) (sec, k int, span [2]int) {
	l := t.Lines
	root := t.Root.Pairs
	// A block mapping starts at its first key, a flow one at its brace.
	block := func(m *Node) bool { return len(m.Pairs) > 0 && m.Range.Start == m.Pairs[0].Key.Range.Start }
	if t.Format == YAML && !block(t.Root) {
		return -1, 0, span
	}
	for i, sp := range root {
		v := sp.Value
		if v.Kind != Mapping || len(v.Pairs) == 0 || sp.Key.Quoted != (t.Format == JSON) {
			continue
		}
		if t.Format == YAML && (!block(v) || sp.Key.Range.Start.Char != 0 ||
			strings.TrimRight(l.Line(sp.Key.Range.Start.Line), " ") != sp.Key.Value+":") {
			continue
		}
		for j, ep := range v.Pairs {
			var s, e int
			if t.Format == JSON {
				s, e = l.Offset(ep.Key.Range.Start), l.Offset(ep.Value.Range.End)
				if ep.Value.Kind == Null {
					return -1, 0, span
				}
			} else {
				s = l.LineStart(ep.Key.Range.Start.Line)
				switch {
				case j+1 < len(v.Pairs):
					e = l.LineStart(v.Pairs[j+1].Key.Range.Start.Line)
				case i+1 < len(root):
					e = l.LineStart(root[i+1].Key.Range.Start.Line)
				default:
					e = len(t.Text)
				}
				if e <= s {
					return -1, 0, span // entries on one line: a flow mapping
				}
			}
			if p < s {
				return -1, 0, span
			}
			if oe <= e && (t.Format == YAML || p > s && oe < e) {
				return i, j, [2]int{s, e}
			}
		}
	}
	return -1, 0, span
}

// blockEnd is the end of a block mapping as the converter computes it: the
// last end of its keys and values.
func blockEnd(m *Node) Pos {
	end := m.Range.Start
	for _, p := range m.Pairs {
		if end.Less(p.Value.Range.End) {
			end = p.Value.Range.End
		}
		if end.Less(p.Key.Range.End) {
			end = p.Key.Range.End
		}
	}
	return end
}

// outdented reports whether a line of frag that is neither blank nor a
// comment starts left of column col.
func outdented(frag string, col int) bool {
	for line := range strings.Lines(frag) {
		trimmed := strings.TrimLeft(line, " ")
		if rest := strings.TrimSpace(trimmed); rest != "" && rest[0] != '#' && len(line)-len(trimmed) < col {
			return true
		}
	}
	return false
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// mover shifts positions: by a number of lines, or (from set) the positions
// at or after from, which move to to and keep their distance from it on its line.
type mover struct {
	lines    int
	from, to Pos
}

// moves reports whether a node starting at p (and so everything after it)
// moves: lines added or removed before it, or characters before it on its line.
func (m mover) moves(p Pos) bool {
	if m.lines != 0 {
		return true
	}
	return !p.Less(m.from) && m.from != m.to && (m.to.Line != m.from.Line || p.Line == m.from.Line)
}

func (m mover) pos(p Pos) Pos {
	if m.lines != 0 {
		return Pos{Line: p.Line + m.lines, Char: p.Char}
	}
	if p.Less(m.from) {
		return p
	}
	if p.Line == m.from.Line {
		return Pos{Line: m.to.Line, Char: p.Char - m.from.Char + m.to.Char}
	}
	return Pos{Line: p.Line + m.to.Line - m.from.Line, Char: p.Char}
}

func (m mover) rng(r Range) Range { return Range{m.pos(r.Start), m.pos(r.End)} }

// splice returns a copy of the mapping m under parent whose pair at is
// replaced by what replace builds under the copy; the pairs after the change
// are moved (copied) when the change moved them and shared otherwise. A block
// mapping ends where its last child does, a flow one at its bracket, which
// moves.
func (mv mover) splice(m, parent *Node, at int, block bool, replace func(*Node) *Pair) *Node {
	c := *m
	c.Parent = parent
	c.Pairs = make([]*Pair, len(m.Pairs))
	for i, p := range m.Pairs {
		switch {
		case i == at:
			c.Pairs[i] = replace(&c)
		case mv.moves(p.Key.Range.Start):
			c.Pairs[i] = &Pair{Key: mv.clone(p.Key, &c), Value: mv.clone(p.Value, &c)}
		default:
			c.Pairs[i] = p
		}
	}
	c.Range.End = mv.pos(m.Range.End)
	if block {
		c.Range = Range{c.Pairs[0].Key.Range.Start, blockEnd(&c)} // its first key may have moved
	}
	return &c
}

// clone copies n with its positions moved, under parent.
func (m mover) clone(n, parent *Node) *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Parent = parent
	c.Range = m.rng(n.Range)
	// By its fields, not its kind: a complex key becomes a scalar that keeps
	// what it was built from.
	if n.Pairs != nil {
		c.Pairs = make([]*Pair, len(n.Pairs))
		for i, p := range n.Pairs {
			c.Pairs[i] = &Pair{Key: m.clone(p.Key, &c), Value: m.clone(p.Value, &c)}
		}
	}
	if n.Items != nil {
		c.Items = make([]*Node, len(n.Items))
		for i, it := range n.Items {
			c.Items[i] = m.clone(it, &c)
		}
	}
	c.Arg = m.clone(n.Arg, &c)
	return &c
}
