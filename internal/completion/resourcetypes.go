package completion

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

const maxScaffolds = 60

func (c *completer) resourceTypes(self string) {
	cur := c.cur
	prefix := strings.ToLower(cur.prefix)
	anywhere := !strings.Contains(prefix, "::") // "bucket" finds AWS::S3::Bucket
	var names []string
	for _, n := range c.spec.TypeNames() {
		if prefix == "" || len(n) >= len(prefix) && strings.EqualFold(n[:len(prefix)], prefix) ||
			anywhere && strings.Contains(strings.ToLower(n), prefix) {
			names = append(names, n)
		}
	}
	scaffold := !c.siblings()["Properties"] && len(names) <= maxScaffolds
	if !scaffold && len(names) > maxScaffolds && !c.siblings()["Properties"] {
		c.incomplete = true
	}
	r := c.rng()
	l := cur.lineText
	for _, n := range names {
		it := Item{Label: n, Kind: KindClass, Detail: "Resource type", SortText: "1" + typePopularity(n)}
		text := c.quoted(n)
		snippet := false
		if scaffold {
			if rt := c.spec.ResourceType(n); rt != nil {
				it.Documentation = typeDoc(rt)
				if req := rt.RequiredNames(); len(req) > 0 {
					s := &snip{on: c.req.Snippets}
					ind := c.spaces(cur.col)
					child := ind + c.spaces(cur.unit)
					it.Detail = "Resource type, with its required properties"
					if cur.json {
						// close the type string, then add Properties
						end := cur.end
						if cur.quote != 0 && end < len(l) && l[end] == '"' {
							end++
						}
						if cur.quote != 0 {
							s.lit(n + `"`)
						} else {
							s.lit(`"` + n + `"`)
						}
						s.lit(",\n" + ind + `"Properties": {`)
						c.scaffold(s, rt, &rt.Object, child, 1)
						s.lit("\n" + ind + "}")
						rest := strings.TrimLeft(l[end:], " \t")
						if !strings.HasPrefix(rest, ",") && cur.nextIsKey {
							s.lit(",")
						}
						it.Edit = Edit{Range: c.rangeOf(cur.start, end), NewText: s.String()}
					} else {
						if cur.needSpace {
							s.lit(" ")
						}
						s.lit(text + "\n" + ind + "Properties:\n" + child)
						c.scaffold(s, rt, &rt.Object, child, 1)
						it.Edit = Edit{Range: r, NewText: s.String()}
					}
					it.Snippet = c.req.Snippets && s.n > 0
					c.items = append(c.items, it)
					continue
				}
			}
		}
		c.add(it, text, snippet)
	}
}

func typeDoc(rt *schema.ResourceType) string {
	var b strings.Builder
	if rt.Description != "" {
		b.WriteString(rt.Description + "\n\n")
	}
	if req := rt.RequiredNames(); len(req) > 0 {
		b.WriteString("Required: `" + strings.Join(req, "`, `") + "`\n\n")
	}
	if rt.DocURL != "" {
		b.WriteString("[Documentation](" + rt.DocURL + ")")
	}
	return strings.TrimSpace(b.String())
}
