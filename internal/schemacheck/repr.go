package schemacheck

import (
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// maxRepr bounds the length of a value quoted in a message.
const maxRepr = 80

// pyStr quotes s the way Python's repr does ('abc', "it's"), as cfn-lint's
// messages show values.
func pyStr(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// repr renders a node as Python would print the decoded value, shortened.
func repr(n *template.Node) string {
	var b strings.Builder
	writeRepr(&b, n, 0)
	s := b.String()
	if len(s) > maxRepr {
		cut := maxRepr
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func writeRepr(b *strings.Builder, n *template.Node, depth int) {
	if b.Len() > maxRepr*2 || depth > 20 {
		return
	}
	if n != nil && n.Tag != "" {
		// cfn-lint reads an unknown tag !X as the function Fn::X.
		t := *n
		t.Tag = ""
		b.WriteString("{" + pyStr("Fn::"+strings.TrimPrefix(n.Tag, "!")) + ": ")
		writeRepr(b, &t, depth+1)
		b.WriteByte('}')
		return
	}
	switch {
	case n == nil || n.Kind == template.Null:
		b.WriteString("None")
	case n.Kind == template.Scalar:
		b.WriteString(scalarRepr(n))
	case n.Kind == template.Mapping:
		b.WriteByte('{')
		for i, p := range n.Pairs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pyStr(p.Key.Value))
			b.WriteString(": ")
			writeRepr(b, p.Value, depth+1)
		}
		b.WriteByte('}')
	case n.Kind == template.Sequence:
		b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, it, depth+1)
		}
		b.WriteByte(']')
	case n.Kind == template.Intrinsic:
		b.WriteString("{" + pyStr(n.Fn) + ": ")
		writeRepr(b, n.Arg, depth+1)
		b.WriteByte('}')
	}
}

// scalarRepr renders a scalar: strings quoted, numbers as written, booleans as
// Python's True/False.
func scalarRepr(n *template.Node) string {
	switch n.Type {
	case template.Int, template.Float:
		return n.Text()
	case template.Bool:
		if n.Text() == "true" {
			return "True"
		}
		return "False"
	}
	return pyStr(n.Value)
}

// listRepr renders a list of strings as Python would: ['a', 'b'].
func listRepr(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = pyStr(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// numRepr renders a number as Python would for a schema bound (60, 0.5).
func numRepr(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
