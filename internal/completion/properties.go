package completion

import (
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// resourceType finds the Type of resource name: in the text near the cursor first
// (the resource may be newer than the last parse), else in the last parse.
func (c *completer) resourceType(name string) string {
	cur := c.cur
	text := cur.text
	typeOf := func(l string) (string, bool) {
		var k, v string
		if cur.json {
			li := parseJSONLine(l)
			if !li.hasKey {
				return "", false
			}
			k, v = li.key, l[li.valStart:]
		} else {
			li := parseYAMLLine(l)
			if !li.hasKey {
				return "", false
			}
			k, v = li.key, l[li.valStart:]
		}
		if k != "Type" {
			return "", false
		}
		v = scalarText(v)
		return v, strings.Contains(v, "::")
	}
	isName := func(l string) (int, bool) {
		if cur.json {
			li := parseJSONLine(l)
			return li.indent, li.hasKey && li.key == name
		}
		li := parseYAMLLine(l)
		return li.indent, li.hasKey && li.key == name
	}
	found := ""
	ind := -1
	n := 0
	for ls := cur.lineStart; ls >= 0 && n < 5000; ls = prevLineStart(text, ls) {
		n++
		l := lineAt(text, ls)
		if t, ok := typeOf(l); ok && ls != cur.lineStart && found == "" {
			found = t
		}
		if i, ok := isName(l); ok {
			ind = i
			break
		}
	}
	if found != "" && ind >= 0 {
		return found
	}
	if ind >= 0 {
		n = 0
		for ls := nextLineStart(text, cur.lineStart); ls >= 0 && n < 5000; ls = nextLineStart(text, ls) {
			n++
			l := lineAt(text, ls)
			if strings.TrimSpace(l) == "" {
				continue
			}
			if len(l)-len(strings.TrimLeft(l, " ")) <= ind {
				break
			}
			if t, ok := typeOf(l); ok {
				return t
			}
		}
	}
	if e := c.resource(name); e != nil {
		return e.Type()
	}
	return ""
}

// propertyAt resolves the path below Properties: the object holding the cursor
// (for keys) and the value type of the container.
func (c *completer) propertyAt(eff []seg) (*schema.ResourceType, *schema.Object, *schema.ValueType) {
	rt := c.spec.ResourceType(c.resourceType(eff[1].key))
	if rt == nil {
		return nil, nil, nil
	}
	obj := &rt.Object
	var vt *schema.ValueType
	for _, s := range eff[3:] {
		switch {
		case s.item:
			if vt == nil || !vt.Kind.Has(schema.KindList) || vt.Item == nil {
				return rt, nil, nil
			}
			vt = vt.Item
			obj = rt.PropertiesOf(vt)
		case obj != nil:
			p := obj.Properties[s.key]
			if p == nil {
				return rt, nil, nil
			}
			vt = &p.Type
			obj = rt.PropertiesOf(vt)
		case vt != nil && vt.Kind.Has(schema.KindMap) && vt.Item != nil:
			vt = vt.Item
			obj = rt.PropertiesOf(vt)
		default:
			return rt, nil, nil
		}
	}
	return rt, obj, vt
}

func (c *completer) propertyKeys(eff []seg, present map[string]bool) {
	rt, obj, vt := c.propertyAt(eff)
	if rt == nil {
		return
	}
	if obj == nil {
		if len(present) > 0 {
			return // the keys of a free-form mapping: nothing to suggest
		}
		switch {
		case c.cur.ambiguous && vt != nil:
			// "- " in a list of scalars: values, short-form functions
			c.scalarValues(rt, vt)
			c.functions(false)
		case vt != nil && shapeOf(rt, vt) == shapeScalar:
			// a blank line under a scalar: values, long-form functions
			c.scalarValues(rt, vt)
			c.longFunctions(false)
		}
		return
	}
	excluded := obj.Relations.ExcludedBy(present)
	var path []string // below Properties, for the popularity of its properties
	for _, s := range eff[3:] {
		if !s.item {
			path = append(path, s.key)
		}
	}
	for _, name := range obj.SortedPropertyNames() {
		if present[name] || obj == &rt.Object && readOnly(rt, name) {
			continue
		}
		p := obj.Properties[name]
		pop := propertyPopularity(rt.Name, append(path, name))
		it := Item{Label: name, Kind: KindProperty, Detail: p.Type.Name(), Documentation: propertyDoc(p, obj), SortText: "1" + pop + name}
		switch by := excluded[name]; {
		case by != "":
			// offered last: the template already has the property it cannot go with
			it.Detail += " (not with " + by + ")"
			it.SortText = "2" + pop + name
		case p.Required:
			it.Detail += " (required)"
			it.SortText = "0" + pop + name
		}
		vt := &p.Type
		c.keyItem(it, func(s *snip, ind string) { c.writeValue(s, rt, vt, ind, c.spaces(c.cur.unit), 1) })
	}
	c.longFunctions(false)
}

func propertyDoc(p *schema.Property, in *schema.Object) string {
	var b strings.Builder
	if p.Description != "" {
		b.WriteString(p.Description + "\n\n")
	}
	if len(p.Type.Enum) > 0 {
		b.WriteString("Allowed values: `" + strings.Join(p.Type.Enum, "`, `") + "`\n\n")
	}
	if u := p.Update.Words(); u != "" {
		b.WriteString("Update requires: " + u + "\n\n")
	}
	if in != nil && in.Relations != nil {
		for _, r := range in.Relations.Lines(p.Name) {
			b.WriteString(r + "\n\n")
		}
	}
	if p.DocURL != "" {
		b.WriteString("[Documentation](" + p.DocURL + ")")
	}
	return strings.TrimSpace(b.String())
}

func readOnly(rt *schema.ResourceType, name string) bool {
	i := sort.SearchStrings(rt.ReadOnly, name)
	return i < len(rt.ReadOnly) && rt.ReadOnly[i] == name
}

// propertiesValue writes a resource's Properties block with the required
// properties of its type (an empty block when the type is unknown).
func (c *completer) propertiesValue(s *snip, ind, res string) {
	rt := c.spec.ResourceType(c.resourceType(res))
	if rt == nil || len(rt.RequiredNames()) == 0 {
		c.blockValue(s, ind)
		return
	}
	child := ind + c.spaces(c.cur.unit)
	if c.cur.json {
		s.lit("{")
		c.scaffold(s, rt, &rt.Object, child, 1)
		s.lit("\n" + ind + "}")
		return
	}
	s.lit("\n" + child)
	c.scaffold(s, rt, &rt.Object, child, 1)
}
