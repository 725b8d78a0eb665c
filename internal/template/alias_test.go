package template

import (
	"strings"
	"testing"
)

// Nested aliases expand exponentially if followed naively ("billion laughs");
// the parser must bound the expansion.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		prev := "*a" + string(rune('0'+i-1))
		if i >= 10 {
			prev = "*b" + string(rune('0'+i-10))
		}
		name := "a" + string(rune('0'+i))
		if i >= 10 {
			name = "b" + string(rune('0'+i-10))
		}
		b.WriteString(name + ": &" + name + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n")
	}
	tp := Parse("bomb.yaml", b.String())
	n := 0
	Walk(tp.Root, func(*Node) bool { n++; return true })
	if n > 2_000_000 {
		t.Fatalf("alias expansion produced %d nodes", n)
	}
}
