package template

import (
	"strings"
	"testing"
)

// Deleting an entry or an item keeps the document parsing, to the same tree
// without it; unusual layouts are declined.
func TestRemoval(t *testing.T) {
	for _, c := range []struct {
		name, src, path string
		i               int
		want            string // "" when declined, "\x00" for an empty document
	}{
		{"block middle", "a: 1\nb:\n  - x\nc: 3\n", "", 1, "a: 1\nc: 3\n"},
		{"block last", "a: 1\nb: 2", "", 1, "a: 1"},
		{"only entry", "a: 1\n", "", 0, "\x00"},
		{"list item first key", "l:\n  - a: 1\n    b: 2\n", "l.0", 0, "l:\n  - b: 2\n"},
		{"list item only key", "l:\n  - a: 1\n", "l.0", 0, "l:\n  - {}\n"},
		{"flow first", "m: {a: 1, b: 2}\n", "m", 0, "m: {b: 2}\n"},
		{"flow last", "m: {a: 1, b: 2}\n", "m", 1, "m: {a: 1}\n"},
		{"flow only", "m: {a: 1}\n", "m", 0, "m: {}\n"},
		{"json lines", "{\n  \"a\": 1,\n  \"b\": 2\n}\n", "", 0, "{\n  \"b\": 2\n}\n"},
		{"item block", "l:\n  - a\n  - b\n", "l", 0, "l:\n  - b\n"},
		{"item flow", "l: [a, b, c]\n", "l", 1, "l: [a, c]\n"},
		{"item on two lines", "l:\n  - >\n    a\n  - b\n", "l", 0, ""},
	} {
		tp := Parse("t.yaml", c.src)
		if tp.Err != nil {
			t.Fatalf("%s: %v", c.name, tp.Err)
		}
		n := tp.Root
		for _, k := range strings.FieldsFunc(c.path, func(r rune) bool { return r == '.' }) {
			if k >= "0" && k <= "9" {
				n = n.Items[int(k[0]-'0')]
			} else {
				n = n.Get(k)
			}
		}
		var r Range
		text, ok := "", false
		if n.Kind == Mapping {
			r, text, ok = tp.PairRemoval(n, c.i)
		} else {
			r, ok = tp.ItemRemoval(n, c.i)
		}
		if !ok {
			if c.want != "" {
				t.Errorf("%s: declined", c.name)
			}
			continue
		}
		got := c.src[:tp.Lines.Offset(r.Start)] + text + c.src[tp.Lines.Offset(r.End):]
		if got != c.want && !(c.want == "\x00" && got == "") {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
		if c.want == "" {
			t.Errorf("%s: should be declined, gave %q", c.name, got)
		}
	}
}
