package langext

import (
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Attribute maps findings made on the expanded template back to the source:
// a name a loop produced is written in the message as its body's key
// ("Queue${Name}"), and a finding that every iteration repeats at the same
// position is kept once. Findings that differ by iteration (a value that
// fails for one item) stay apart. ds is sorted on return.
func (x *Expansion) Attribute(ds []diag.Diagnostic) []diag.Diagnostic {
	if len(x.Generated) > 0 {
		loops := x.loops()
		for i := range ds {
			d := &ds[i]
			var in []*loop
			for _, l := range loops {
				if l.at.Contains(d.Range.Start) {
					in = append(in, l)
				}
			}
			for _, l := range in {
				d.Message = l.rename(d.Message)
			}
		}
	}
	diag.Sort(ds)
	type key struct {
		r             template.Range
		sev           diag.Severity
		code, message string
	}
	seen := make(map[key]bool, len(ds))
	out := ds[:0]
	for _, d := range ds {
		k := key{d.Range, d.Severity, d.Code, d.Message}
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

// loop is a loop of the source and the names that vary with its identifier:
// those of the entries its iterations produced, directly or through loops
// inside it.
type loop struct {
	at    template.Range // the loop's key and value
	names []generatedName
}

type generatedName struct{ name, pattern string }

func (x *Expansion) loops() []*loop {
	by := map[*template.Node]*loop{}
	var out []*loop
	for _, g := range x.Generated {
		for _, k := range g.Loops {
			l := by[k]
			if l == nil {
				l = &loop{at: k.Range}
				if p := k.Parent.GetPair(k.Value); p != nil {
					l.at.End = p.Value.Range.End
				}
				by[k] = l
				out = append(out, l)
			}
			l.names = append(l.names, generatedName{g.Name, g.Source.Value})
		}
	}
	for _, l := range out {
		sort.SliceStable(l.names, func(i, j int) bool { return len(l.names[i].name) > len(l.names[j].name) })
	}
	return out
}

// rename writes the names of l's iterations in msg as the keys they were
// written as, where they stand as whole words.
func (l *loop) rename(msg string) string {
	for _, g := range l.names {
		// An iteration named "" (a collection with an empty item) stands
		// nowhere as a word; Index would find it at every step.
		if g.name == "" || !strings.Contains(msg, g.name) {
			continue
		}
		var sb strings.Builder
		for rest := msg; ; {
			i := strings.Index(rest, g.name)
			if i < 0 {
				sb.WriteString(rest)
				break
			}
			before := i == 0 || !isWordByte(rest[i-1])
			after := i+len(g.name) == len(rest) || !isWordByte(rest[i+len(g.name)])
			sb.WriteString(rest[:i])
			if before && after {
				sb.WriteString(g.pattern)
			} else {
				sb.WriteString(g.name)
			}
			rest = rest[i+len(g.name):]
		}
		msg = sb.String()
	}
	return msg
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
