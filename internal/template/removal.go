package template

import "strings"

// Flow reports whether n is written in flow style ({...}, [...]) or JSON.
func (t *Template) Flow(n *Node) bool {
	if t.Format == JSON {
		return true
	}
	off := t.Lines.Offset(n.Range.Start)
	return off >= 0 && off < len(t.Text) && (t.Text[off] == '{' || t.Text[off] == '[')
}

// PairRemoval returns the edit that deletes entry i of mapping m: replace r with
// newText. A block entry takes its whole lines; the first entry of a list item
// (`- Key: v`) lets the next key move up (or leaves `{}`); a flow entry takes
// one neighbouring comma. ok is false when the layout is unusual enough that a
// plain deletion might break the document.
func (t *Template) PairRemoval(m *Node, i int) (r Range, newText string, ok bool) {
	if m == nil || m.Kind != Mapping || i < 0 || i >= len(m.Pairs) {
		return Range{}, "", false
	}
	p := m.Pairs[i]
	if t.Flow(m) {
		if len(m.Pairs) == 1 {
			return Range{Start: p.Key.Range.Start, End: p.Value.Range.End}, "", true
		}
		starts := make([]Pos, len(m.Pairs))
		ends := make([]Pos, len(m.Pairs))
		for j, q := range m.Pairs {
			starts[j], ends[j] = q.Key.Range.Start, q.Value.Range.End
		}
		r, ok := t.flowRemoval(starts, ends, i)
		return r, "", ok
	}
	if !t.startsLine(p.Key.Range.Start) {
		// the first key of a list item: the next key moves up
		if i+1 < len(m.Pairs) {
			return Range{Start: p.Key.Range.Start, End: m.Pairs[i+1].Key.Range.Start}, "", true
		}
		return Range{Start: p.Key.Range.Start, End: p.Value.Range.End}, "{}", true
	}
	last := p.LastLine()
	if i+1 < len(m.Pairs) && m.Pairs[i+1].Key.Range.Start.Line <= last {
		return Range{}, "", false
	}
	r = t.wholeLines(p.Key.Range.Start.Line, last)
	return r, "", true
}

// ItemRemoval returns the range whose deletion removes item i of sequence s: a
// block item on a line of its own, or a flow item with one neighbouring comma.
func (t *Template) ItemRemoval(s *Node, i int) (Range, bool) {
	if s == nil || s.Kind != Sequence || i < 0 || i >= len(s.Items) {
		return Range{}, false
	}
	if t.Flow(s) {
		starts := make([]Pos, len(s.Items))
		ends := make([]Pos, len(s.Items))
		for j, it := range s.Items {
			starts[j], ends[j] = it.Range.Start, it.Range.End
		}
		return t.flowRemoval(starts, ends, i)
	}
	it := s.Items[i]
	line := it.Range.Start.Line
	if it.Range.End.Line != line {
		return Range{}, false
	}
	full := t.Lines.Line(line)
	n := t.Lines.Offset(it.Range.Start) - t.Lines.LineStart(line)
	if n < 0 || n > len(full) || strings.TrimSpace(full[:n]) != "-" {
		return Range{}, false
	}
	return t.wholeLines(line, line), true
}

// LastLine is the last line a pair occupies.
func (p *Pair) LastLine() int {
	end := p.Value.Range.End
	if end.Char == 0 && end.Line > p.Key.Range.Start.Line {
		return end.Line - 1
	}
	if end.Less(p.Key.Range.End) {
		return p.Key.Range.End.Line
	}
	return end.Line
}

// source returns the text between two positions.
func (t *Template) source(a, b Pos) string {
	i, j := t.Lines.Offset(a), t.Lines.Offset(b)
	if i < 0 || j > len(t.Text) || i > j {
		return "\x00" // never a clean separator
	}
	return t.Text[i:j]
}

// separator reports whether s is blank space around exactly one comma.
func separator(s string) bool {
	return strings.Count(s, ",") == 1 && strings.TrimSpace(strings.Replace(s, ",", "", 1)) == ""
}

// startsLine reports whether only blanks precede p on its line.
func (t *Template) startsLine(p Pos) bool {
	line := t.Lines.Line(p.Line)
	n := t.Lines.Offset(p) - t.Lines.LineStart(p.Line)
	return n >= 0 && n <= len(line) && strings.TrimSpace(line[:n]) == ""
}

// wholeLines returns the range of lines first..last with a line break: their
// own, or, for the last lines of the document, the one before them.
func (t *Template) wholeLines(first, last int) Range {
	if last+1 < t.Lines.Count() {
		return Range{Start: Pos{Line: first}, End: Pos{Line: last + 1}}
	}
	if first == 0 {
		return Range{Start: Pos{}, End: t.Lines.LineEnd(last)}
	}
	return Range{Start: t.Lines.LineEnd(first - 1), End: t.Lines.LineEnd(last)}
}

// flowRemoval deletes element i of a flow collection whose elements span
// starts[i]..ends[i], with one neighbouring comma.
func (t *Template) flowRemoval(starts, ends []Pos, i int) (Range, bool) {
	switch {
	case i+1 < len(starts):
		if !separator(t.source(ends[i], starts[i+1])) {
			return Range{}, false
		}
		if starts[i+1].Line > ends[i].Line && t.startsLine(starts[i]) && t.startsLine(starts[i+1]) {
			return Range{Start: Pos{Line: starts[i].Line}, End: Pos{Line: starts[i+1].Line}}, true
		}
		return Range{Start: starts[i], End: starts[i+1]}, true
	case i > 0:
		if !separator(t.source(ends[i-1], starts[i])) {
			return Range{}, false
		}
		return Range{Start: ends[i-1], End: ends[i]}, true
	}
	return Range{}, false
}
