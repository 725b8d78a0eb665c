package template

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// yamlGen writes random documents from the YAML subset templates use, with
// random indentation, quoting, block scalar headers, tags, comments and flow
// collections, for the differential test below.
type yamlGen struct {
	r *rand.Rand
	b strings.Builder
}

var genWords = []string{
	"a", "Type", "Ref", "Condition", "Fn::If", "Fn::GetAtt", "Fn::And", "x y", "yes", "No", "on", "true", "False",
	"null", "~", "1", "-2", "0x1F", "0o17", "1e3", "1.5", ".5", "+.inf", ".nan", "2010-09-09", "1_000", "0b11",
	"a:b", "http://e.com/a#b", "é😀", "AWS::S3::Bucket", "${AWS::Region}", "-x", "x-", "a.b", "@", "100%",
	// YAML 1.1 scalars that YAML 1.2 reads otherwise (scalar.go).
	"y", "N", "OFF", "017", "027434742980", "012345670123", "190:20:30", "1:20.5", "-.5", "Null", ".NaN",
	"0x_", "1.2.3", "+685_230", "2001-12-14t21:59:43.10-05:00",
}

var genTags = []string{"!Ref", "!Sub", "!GetAtt", "!If", "!Equals", "!Not", "!Condition", "!Join", "!Select", "!Base64"}

func (g *yamlGen) pick(s []string) string { return s[g.r.Intn(len(s))] }

func (g *yamlGen) comment() {
	if g.r.Intn(6) == 0 {
		g.b.WriteString(" # note")
	}
}

func (g *yamlGen) nl(indent int) {
	g.comment()
	g.b.WriteString("\n")
	switch g.r.Intn(10) {
	case 0:
		g.b.WriteString("\n")
	case 1:
		g.b.WriteString(strings.Repeat(" ", max(indent, 0)) + "# own line\n")
	}
}

func (g *yamlGen) scalar(indent int) {
	switch g.r.Intn(9) {
	case 0, 1, 2:
		g.b.WriteString(g.pick(genWords))
	case 3:
		w := g.pick(genWords)
		g.b.WriteString("'" + strings.ReplaceAll(w, "'", "''") + "'")
	case 4:
		esc := []string{"\\t", "\\n", "\\\"", "\\\\", "\\u00e9", "\\x41", "\\U0001F600", "\\ ", "\\_", "\\N"}
		g.b.WriteString("\"" + g.pick(genWords) + g.pick(esc) + "\"")
	case 5: // multi-line plain
		g.b.WriteString(g.pick(genWords) + " word")
		for i := g.r.Intn(3); i >= 0; i-- {
			g.b.WriteString("\n")
			if g.r.Intn(3) == 0 {
				g.b.WriteString("\n")
			}
			g.b.WriteString(strings.Repeat(" ", indent+1+g.r.Intn(3)) + "more " + g.pick(genWords))
		}
	case 6: // multi-line quoted
		q := `"`
		if g.r.Intn(2) == 0 {
			q = "'"
		}
		g.b.WriteString(q + "first  ")
		for i := g.r.Intn(3); i >= 0; i-- {
			if q == `"` && g.r.Intn(3) == 0 {
				g.b.WriteString("\\")
			}
			g.b.WriteString("\n")
			if g.r.Intn(3) == 0 {
				g.b.WriteString("\n")
			}
			g.b.WriteString(strings.Repeat(" ", indent+1+g.r.Intn(3)) + "next  ")
		}
		g.b.WriteString(q)
	case 7:
		g.flow(indent, 0)
	default:
		g.b.WriteString("")
	}
}

func (g *yamlGen) blockScalar(indent int) {
	g.b.WriteString(g.pick([]string{"|", ">", "|-", ">-", "|+", ">+", "|2", ">1-", "|+1"}))
	g.comment()
	g.b.WriteString("\n")
	in := indent + 1 + g.r.Intn(3)
	for i := g.r.Intn(5); i >= 0; i-- {
		switch g.r.Intn(6) {
		case 0:
			g.b.WriteString("\n")
		case 1:
			g.b.WriteString(strings.Repeat(" ", in+1+g.r.Intn(2)) + "more indented\n")
		case 2:
			g.b.WriteString(strings.Repeat(" ", in+g.r.Intn(2)) + "\n")
		default:
			g.b.WriteString(strings.Repeat(" ", in) + g.pick(genWords) + " text # not a comment\n")
		}
	}
	if g.r.Intn(3) == 0 {
		g.b.WriteString("\n\n")
	}
}

func (g *yamlGen) flow(indent, depth int) {
	open, close := "[", "]"
	isMap := g.r.Intn(2) == 0
	if isMap {
		open, close = "{", "}"
	}
	g.b.WriteString(open)
	for i := g.r.Intn(4); i > 0; i-- {
		if g.r.Intn(5) == 0 {
			g.b.WriteString("\n" + strings.Repeat(" ", indent+2))
		}
		if isMap {
			g.b.WriteString(g.pick([]string{"k", "\"q\"", "'s'", "Ref", "Fn::Sub"}) + g.pick([]string{": ", ":  "}))
		}
		switch {
		case depth < 2 && g.r.Intn(4) == 0:
			g.flow(indent, depth+1)
		case g.r.Intn(4) == 0:
			g.b.WriteString(g.pick(genTags) + " " + g.pick([]string{"A", "A.B", "\"q\"", "[a, b]"}))
		default:
			w := g.pick(genWords)
			if strings.ContainsAny(w, "#:{}[],") || w == "" {
				w = "'" + w + "'"
			}
			g.b.WriteString(w)
		}
		if i > 1 {
			g.b.WriteString(g.pick([]string{", ", ",", " , "}))
		} else if g.r.Intn(5) == 0 {
			g.b.WriteString(",")
		}
	}
	g.b.WriteString(close)
}

// value writes a value after "key:" or "- " (the caller wrote the indicator).
func (g *yamlGen) value(indent, depth int, inSeq bool) {
	step := 1 + g.r.Intn(4)
	switch r := g.r.Intn(10); {
	case depth < 4 && r < 3:
		g.nl(indent)
		g.mapping(indent+step, depth+1)
	case depth < 4 && r < 5:
		g.nl(indent)
		if !inSeq && g.r.Intn(3) == 0 {
			g.seq(indent, depth+1) // indentless
		} else {
			g.seq(indent+step, depth+1)
		}
	case r == 5:
		g.b.WriteString(" ")
		g.blockScalar(indent)
	case r == 6:
		g.b.WriteString(" " + g.pick(genTags))
		if g.r.Intn(3) == 0 {
			g.nl(indent)
			g.seq(indent+step, depth+1)
			return
		}
		g.b.WriteString(" ")
		g.scalar(indent)
		g.nl(indent)
	case r == 7:
		g.nl(indent) // empty value
	default:
		g.b.WriteString(g.pick([]string{" ", "  "}))
		g.scalar(indent)
		g.nl(indent)
	}
}

func (g *yamlGen) mapping(indent, depth int) {
	for i := 1 + g.r.Intn(4); i > 0; i-- {
		g.b.WriteString(strings.Repeat(" ", indent))
		k := g.pick(genWords)
		switch g.r.Intn(5) {
		case 0:
			k = "\"" + k + "\""
		case 1:
			k = "'" + k + "'"
		}
		if k == "" || strings.ContainsAny(k[:1], "-@%:{[") || strings.Contains(k, ": ") || strings.Contains(k, " #") {
			k = "key"
		}
		g.b.WriteString(k + g.pick([]string{":", ":", " :"}))
		g.value(indent, depth, false)
	}
}

func (g *yamlGen) seq(indent, depth int) {
	for i := 1 + g.r.Intn(4); i > 0; i-- {
		g.b.WriteString(strings.Repeat(" ", indent) + "-")
		if depth < 4 && g.r.Intn(4) == 0 {
			// A compact mapping: "- key: value", further keys aligned with the first.
			g.b.WriteString(" ")
			in := indent + 2
			g.b.WriteString("k1:")
			g.value(in, depth+1, false)
			g.b.WriteString(strings.Repeat(" ", in) + "k2: v\n")
			continue
		}
		g.value(indent, depth, true)
	}
}

// TestFastParseRandom compares the fast path with yaml.v3 on random
// documents of the template subset; most of them must take the fast path.
func TestFastParseRandom(t *testing.T) {
	taken, total := 0, 2000
	if testing.Short() {
		total = 300
	}
	for seed := 0; seed < total; seed++ {
		g := &yamlGen{r: rand.New(rand.NewSource(int64(seed)))}
		if g.r.Intn(4) == 0 {
			g.b.WriteString("---\n")
		}
		g.mapping(0, 0)
		if compareFast(t, fmt.Sprintf("seed %d", seed), g.b.String(), YAML) {
			taken++
		}
	}
	t.Logf("fast path took %d of %d random documents", taken, total)
	if taken < total/3 {
		t.Errorf("fast path took only %d of %d random documents", taken, total)
	}
}
