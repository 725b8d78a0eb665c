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
		// Replace what follows the key's colon on its line (a null or nothing).
		off := t.Lines.Offset(key.Range.End)
		for off >= 0 && off < len(t.Text) && t.Text[off] == ' ' {
			off++
		}
		if off < 0 || off >= len(t.Text) || t.Text[off] != ':' {
			return Edit{}, false
		}
		at := t.Lines.LineEnd(key.Range.End.Line)
		return Edit{Range: template.Range{Start: t.Lines.PosOf(off + 1), End: at}, NewText: b.String()}, true
	case m.Kind != template.Mapping:
		return Edit{}, false
	case len(m.Pairs) == 0:
		if !t.Flow(m) {
			return Edit{}, false
		}
		off := t.Lines.Offset(m.Range.Start) + 1 // after '{'
		var parts []string
		for _, e := range kvs {
			parts = append(parts, keyText(json, e.key)+": "+e.value(json, base))
		}
		at := t.Lines.PosOf(off)
		return Edit{Range: template.Range{Start: at, End: at}, NewText: strings.Join(parts, ", ")}, true
	case t.Flow(m):
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
	at := t.Lines.LineEnd(last.LastLine())
	return Edit{Range: template.Range{Start: at, End: at}, NewText: b.String()}, true
}
