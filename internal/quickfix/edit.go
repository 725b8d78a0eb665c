package quickfix

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Edit replaces Range with NewText.
type Edit struct {
	Range   template.Range
	NewText string
}

// kv is a key and its value to add to a mapping. value renders the value for
// the format, given the indentation of the key (in columns).
type kv struct {
	key   string
	value func(json bool, indent int) string
}

// flow reports whether a node is written in flow style ({...}, [...]) or JSON.
func flow(t *template.Template, n *template.Node) bool {
	if t.Format == template.JSON {
		return true
	}
	off := t.Lines.Offset(n.Range.Start)
	return off < len(t.Text) && (t.Text[off] == '{' || t.Text[off] == '[')
}

func spaces(n int) string { return strings.Repeat(" ", max(n, 0)) }

// unitOf guesses the indentation step of the document.
func unitOf(t *template.Template) int {
	if t.Root != nil && t.Root.Kind == template.Mapping {
		for _, p := range t.Root.Pairs {
			if p.Value.Kind == template.Mapping && len(p.Value.Pairs) > 0 {
				if u := p.Value.Pairs[0].Key.Range.Start.Char - p.Key.Range.Start.Char; u > 0 {
					return u
				}
			}
		}
	}
	if t.Format == template.JSON {
		return 4
	}
	return 2
}

// entry renders `key: value` for YAML; a value that starts a block (a line
// break) follows the colon directly.
func entry(k, v string) string {
	if strings.HasPrefix(v, "\n") {
		return k + ":" + v
	}
	return k + ": " + v
}

// keyText renders a mapping key for the format.
func keyText(json bool, k string) string {
	if json {
		return fmt.Sprintf("%q", k)
	}
	return k
}

// addPairs adds entries to mapping m, stored under key (nil for a list
// item); a Null value under a key becomes the mapping. It reports false when
// the shape cannot be edited safely.
func addPairs(t *template.Template, key, m *template.Node, kvs []kv) (Edit, bool) {
	json := t.Format == template.JSON
	unit := unitOf(t)
	base := m.Range.Start.Char
	if key != nil {
		base = key.Range.Start.Char + unit
	}
	switch {
	case m.Kind == template.Null && !json && key != nil:
		// `Key:` with nothing after it: add the entries as its block.
		indent := key.Range.Start.Char + unit
		var b strings.Builder
		for _, e := range kvs {
			fmt.Fprintf(&b, "\n%s%s", spaces(indent), entry(e.key, e.value(false, indent)))
		}
		at := t.Lines.LineEnd(key.Range.End.Line)
		return Edit{Range: template.Range{Start: key.Range.End, End: at}, NewText: b.String()}, true
	case m.Kind != template.Mapping:
		return Edit{}, false
	case len(m.Pairs) == 0:
		if !flow(t, m) {
			return Edit{}, false
		}
		off := t.Lines.Offset(m.Range.Start) + 1 // after '{'
		var parts []string
		for _, e := range kvs {
			parts = append(parts, keyText(json, e.key)+": "+e.value(json, base))
		}
		at := t.Lines.PosOf(off)
		return Edit{Range: template.Range{Start: at, End: at}, NewText: strings.Join(parts, ", ")}, true
	case flow(t, m):
		last := m.Pairs[len(m.Pairs)-1]
		indent := last.Key.Range.Start.Char
		multiline := last.Key.Range.Start.Line != m.Range.Start.Line
		var b strings.Builder
		for _, e := range kvs {
			if multiline {
				fmt.Fprintf(&b, ",\n%s", spaces(indent))
			} else {
				b.WriteString(", ")
			}
			b.WriteString(keyText(json, e.key) + ": " + e.value(json, indent))
		}
		at := last.Value.Range.End
		return Edit{Range: template.Range{Start: at, End: at}, NewText: b.String()}, true
	}
	indent := m.Pairs[0].Key.Range.Start.Char
	last := m.Pairs[len(m.Pairs)-1]
	var b strings.Builder
	for _, e := range kvs {
		fmt.Fprintf(&b, "\n%s%s", spaces(indent), entry(e.key, e.value(false, indent)))
	}
	at := t.Lines.LineEnd(lastLine(last))
	return Edit{Range: template.Range{Start: at, End: at}, NewText: b.String()}, true
}

// lastLine is the last line a pair's value occupies.
func lastLine(p *template.Pair) int {
	end := p.Value.Range.End
	if end.Char == 0 && end.Line > p.Key.Range.Start.Line {
		return end.Line - 1
	}
	if end.Less(p.Key.Range.End) {
		return p.Key.Range.End.Line
	}
	return end.Line
}

// removePair deletes one entry of a mapping, with its separator.
func removePair(t *template.Template, m *template.Node, i int) Edit {
	p := m.Pairs[i]
	if !flow(t, m) {
		// A block entry: delete its whole lines when it starts its line.
		line := t.Lines.Line(p.Key.Range.Start.Line)
		prefix := line[:t.Lines.Offset(p.Key.Range.Start)-t.Lines.LineStart(p.Key.Range.Start.Line)]
		if strings.TrimSpace(prefix) == "" {
			start := template.Pos{Line: p.Key.Range.Start.Line}
			end := template.Pos{Line: lastLine(p) + 1}
			if end.Line >= t.Lines.Count() && start.Line > 0 {
				// the last line of the document: take the line break before it instead
				start = t.Lines.LineEnd(p.Key.Range.Start.Line - 1)
				end = t.Lines.LineEnd(lastLine(p))
			}
			return Edit{Range: template.Range{Start: start, End: end}}
		}
		// The first key of a list item (`- Key: v`): the next key moves up.
		if i+1 < len(m.Pairs) {
			return Edit{Range: template.Range{Start: p.Key.Range.Start, End: m.Pairs[i+1].Key.Range.Start}}
		}
		return Edit{Range: template.Range{Start: p.Key.Range.Start, End: p.Value.Range.End}, NewText: "{}"}
	}
	switch {
	case i+1 < len(m.Pairs):
		return Edit{Range: template.Range{Start: p.Key.Range.Start, End: m.Pairs[i+1].Key.Range.Start}}
	case i > 0:
		return Edit{Range: template.Range{Start: m.Pairs[i-1].Value.Range.End, End: p.Value.Range.End}}
	}
	return Edit{Range: template.Range{Start: p.Key.Range.Start, End: p.Value.Range.End}}
}
