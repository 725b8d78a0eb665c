package template

import (
	"math/rand"
	"slices"
	"testing"
)

// TestLinesEdited holds Lines.Edited to NewLines over random changes of text
// with every kind of line break and wide characters.
func TestLinesEdited(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pieces := []string{"a", "bc", "\n", "\r\n", "\r", "é", "😀", " ", ""}
	random := func(n int) string {
		s := ""
		for range n {
			s += pieces[r.Intn(len(pieces))]
		}
		return s
	}
	for range 20000 {
		old := random(r.Intn(12))
		p := r.Intn(len(old) + 1)
		oe := p + r.Intn(len(old)-p+1)
		repl := random(r.Intn(4))
		text := old[:p] + repl + old[oe:]
		got, want := NewLines(old).Edited(text, p, oe, p+len(repl)), NewLines(text)
		if !slices.Equal(got.start, want.start) || !slices.Equal(got.wide, want.wide) || got.text != want.text {
			t.Fatalf("%q -> %q: %v %v, want %v %v", old, text, got.start, got.wide, want.start, want.wide)
		}
	}
}
