package quickfix

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ExtractParameter offers to move the literal value at rng (inside a
// resource's Properties) into a new parameter whose Default is that value, and
// to reference the parameter in its place.
func ExtractParameter(t *template.Template, rng template.Range) (Action, bool) {
	if t == nil || t.Root == nil || t.Err != nil {
		return Action{}, false
	}
	path := t.PathAt(rng.Start)
	if len(path) < 2 {
		return Action{}, false
	}
	n := path[len(path)-1]
	if n.Kind != template.Scalar || rng.End.Less(rng.Start) || n.Range.End.Less(rng.End) {
		return Action{}, false
	}
	for _, p := range n.Parent.Pairs {
		if p.Key == n {
			return Action{}, false // a key, not a value
		}
	}
	res := t.ResourceOf(n)
	if res == nil {
		return Action{}, false
	}
	inProps := false
	for a := n.Parent; a != nil && a != res.Value; a = a.Parent {
		if a.Kind == template.Intrinsic || a.Tag != "" {
			return Action{}, false // a function's argument: not a plain literal
		}
		if a.Parent == res.Value && a.KeyOf() == "Properties" {
			inProps = true
		}
	}
	if !inProps {
		return Action{}, false
	}
	name := parameterName(t, res.Name, n)
	json := t.Format == template.JSON

	typ := "String"
	if n.Type == template.Int || n.Type == template.Float {
		typ = "Number"
	}
	def := t.Text[t.Lines.Offset(n.Range.Start):t.Lines.Offset(n.Range.End)]
	if n.Range.Start.Line != n.Range.End.Line || strings.HasPrefix(def, "|") || strings.HasPrefix(def, ">") {
		def = strconv.Quote(n.Value)
	}
	unit := unitOf(t)
	body := func(json bool, indent int) string {
		if json {
			return fmt.Sprintf(`{"Type": %q, "Default": %s}`, typ, def)
		}
		return fmt.Sprintf("\n%sType: %s\n%sDefault: %s", spaces(indent+unit), typ, spaces(indent+unit), def)
	}

	var paramEdit Edit
	if p := t.Root.GetPair("Parameters"); p != nil {
		e, ok := addPairs(t, p.Key, p.Value, []kv{{key: name, value: body}})
		if !ok {
			return Action{}, false
		}
		paramEdit = e
	} else {
		rp := t.Root.GetPair("Resources")
		if rp == nil {
			return Action{}, false
		}
		ind := rp.Key.Range.Start.Char
		at := rp.Key.Range.Start
		var text string
		if json {
			text = fmt.Sprintf("\"Parameters\": {\n%s%q: %s\n%s},\n%s",
				spaces(ind+unit), name, body(true, ind+unit), spaces(ind), spaces(ind))
		} else {
			at.Char = 0
			text = fmt.Sprintf("%sParameters:\n%s%s:%s\n", spaces(ind), spaces(ind+unit), name, body(false, ind+unit))
		}
		paramEdit = Edit{Range: template.Range{Start: at, End: at}, NewText: text}
	}
	ref := "!Ref " + name
	if json {
		ref = fmt.Sprintf(`{"Ref": %q}`, name)
	}
	return Action{
		Title: fmt.Sprintf("Extract value to parameter %q", name),
		Kind:  KindExtract,
		Edits: []Edit{paramEdit, {Range: n.Range, NewText: ref}},
	}, true
}

// parameterName derives an unused parameter name from the resource and the key
// the value stands under.
func parameterName(t *template.Template, resource string, n *template.Node) string {
	key := ""
	for a := n; a != nil && key == ""; a = a.Parent {
		key = a.KeyOf()
	}
	base := alnum(resource + strings.ToUpper(key[:min(1, len(key))]) + key[min(1, len(key)):])
	if base == "" {
		base = "Parameter"
	}
	if len(base) > 240 {
		base = base[:240]
	}
	name := base
	for i := 2; t.Parameter(name) != nil || t.Resource(name) != nil; i++ {
		name = base + strconv.Itoa(i)
	}
	return name
}

func alnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
