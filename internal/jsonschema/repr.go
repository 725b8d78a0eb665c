package jsonschema

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// maxRepr bounds the length of a value quoted in a message.
const maxRepr = 80

// PyStr quotes s the way Python's repr does ('abc', "it's"), as cfn-lint's
// messages show values.
func PyStr(s string) string {
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

// Repr renders a node as Python would print the decoded value, shortened.
func Repr(n *template.Node) string {
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
		b.WriteString("{" + PyStr("Fn::"+strings.TrimPrefix(n.Tag, "!")) + ": ")
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
			b.WriteString(PyStr(p.Key.Value))
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
		b.WriteString("{" + PyStr(n.Fn) + ": ")
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
	return PyStr(n.Value)
}

// ListRepr renders a list of strings as Python would: ['a', 'b'].
func ListRepr(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = PyStr(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// NumRepr renders a number as Python would for a schema bound (60, 0.5).
func NumRepr(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// ValueRepr renders a decoded JSON value of a schema as Python would print it
// (enum lists, const values), shortened like Repr.
func ValueRepr(v any) string {
	var b strings.Builder
	writeValue(&b, v, 0)
	s := b.String()
	if len(s) > maxRepr*4 {
		cut := maxRepr * 4
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

func writeValue(b *strings.Builder, v any, depth int) {
	if b.Len() > maxRepr*8 || depth > 20 {
		return
	}
	switch v := v.(type) {
	case nil:
		b.WriteString("None")
	case string:
		b.WriteString(PyStr(v))
	case float64:
		b.WriteString(pyNum(v))
	case bool:
		if v {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e, depth+1)
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for i, k := range slices.Sorted(maps.Keys(v)) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(PyStr(k) + ": ")
			writeValue(b, v[k], depth+1)
		}
		b.WriteByte('}')
	}
}
