package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// edgeStyles draw each kind of edge its own way in DOT: Ref plain, GetAtt
// bold, Sub dashed, DependsOn dotted with a hollow head.
var edgeStyles = map[string]string{
	EdgeRef:       "",
	EdgeGetAtt:    `style=bold`,
	EdgeSub:       `style=dashed`,
	EdgeDependsOn: `style=dotted, arrowhead=empty`,
	EdgeExport:    `style=bold, color="#1f5fa8"`,
	EdgeNests:     `style=dashed, arrowhead=diamond`,
}

// groups returns the resource nodes by service, services in name order, and
// the other nodes by kind.
func (g *Graph) groups() (services []string, bySvc map[string][]Node, params, outputs, stacks []Node) {
	bySvc = map[string][]Node{}
	for _, n := range g.Nodes {
		switch n.Kind {
		case KindResource:
			if bySvc[n.Group] == nil {
				services = append(services, n.Group)
			}
			bySvc[n.Group] = append(bySvc[n.Group], n)
		case KindParameter:
			params = append(params, n)
		case KindOutput:
			outputs = append(outputs, n)
		case KindStack:
			stacks = append(stacks, n)
		}
	}
	sort.Strings(services)
	return
}

func (n Node) lines() []string {
	out := []string{n.Label}
	if n.Type != "" {
		out = append(out, n.Type)
	}
	if n.Condition != "" {
		out = append(out, "if "+n.Condition)
	}
	return out
}

// WriteDOT writes g in Graphviz's DOT language.
func (g *Graph) WriteDOT(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", strconv.Quote(g.Name))
	b.WriteString("  rankdir=TB;\n  compound=true;\n  fontname=\"Helvetica\";\n")
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9];\n")
	services, bySvc, params, outputs, stacks := g.groups()
	node := func(indent string, n Node, attrs string) {
		style := "rounded,filled"
		if n.Condition != "" {
			style += ",dashed" // it may not be created
		}
		fmt.Fprintf(&b, "%s%s [label=%s, fillcolor=%s, style=%s, tooltip=%s%s];\n", indent, strconv.Quote(n.ID),
			dotLabel(n.lines()), strconv.Quote(fill(n)), strconv.Quote(style), strconv.Quote(n.Kind+" "+n.Label), attrs)
	}
	if len(params) > 0 {
		b.WriteString("  { rank=min;\n")
		for _, n := range params {
			node("    ", n, ", shape=parallelogram")
		}
		b.WriteString("  }\n")
	}
	for i, svc := range services {
		fmt.Fprintf(&b, "  subgraph cluster_%d {\n    label=%s; style=rounded; color=\"#999999\";\n", i, strconv.Quote(svc))
		for _, n := range bySvc[svc] {
			node("    ", n, "")
		}
		b.WriteString("  }\n")
	}
	for _, n := range stacks {
		node("  ", n, ", shape=folder")
	}
	if len(outputs) > 0 {
		b.WriteString("  { rank=max;\n")
		for _, n := range outputs {
			node("    ", n, ", shape=note")
		}
		b.WriteString("  }\n")
	}
	for _, e := range g.Edges {
		attrs := []string{}
		if s := edgeStyles[e.Kind]; s != "" {
			attrs = append(attrs, s)
		}
		if e.Label != "" {
			attrs = append(attrs, "label="+strconv.Quote(e.Label))
		}
		attrs = append(attrs, "tooltip="+strconv.Quote(e.Kind))
		fmt.Fprintf(&b, "  %s -> %s [%s];\n", strconv.Quote(e.From), strconv.Quote(e.To), strings.Join(attrs, ", "))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// dotLabel quotes lines as one DOT label, one line each.
func dotLabel(lines []string) string {
	esc := make([]string, len(lines))
	for i, l := range lines {
		esc[i] = dotEscaper.Replace(l)
	}
	return `"` + strings.Join(esc, `\n`) + `"`
}

// mermaidArrows draw each kind of edge its own way in Mermaid.
var mermaidArrows = map[string]string{
	EdgeRef:       "-->",
	EdgeGetAtt:    "==>",
	EdgeSub:       "-.->",
	EdgeDependsOn: "--o",
	EdgeExport:    "==>",
	EdgeNests:     "-.->",
}

// WriteMermaid writes g as a Mermaid flowchart.
func (g *Graph) WriteMermaid(w io.Writer) error {
	var b strings.Builder
	b.WriteString("flowchart TB\n")
	ids := map[string]string{}
	for i, n := range g.Nodes {
		ids[n.ID] = fmt.Sprintf("n%d", i)
	}
	label := func(n Node) string {
		return `"` + strings.ReplaceAll(strings.Join(n.lines(), "<br/>"), `"`, "#quot;") + `"`
	}
	services, bySvc, params, outputs, stacks := g.groups()
	if len(params) > 0 {
		b.WriteString("  subgraph Parameters\n")
		for _, n := range params {
			fmt.Fprintf(&b, "    %s[/%s/]\n", ids[n.ID], label(n))
		}
		b.WriteString("  end\n")
	}
	for i, svc := range services {
		fmt.Fprintf(&b, "  subgraph s%d[\"%s\"]\n", i, svc)
		for _, n := range bySvc[svc] {
			fmt.Fprintf(&b, "    %s(%s)\n", ids[n.ID], label(n))
		}
		b.WriteString("  end\n")
	}
	for _, n := range stacks {
		fmt.Fprintf(&b, "  %s[%s]\n", ids[n.ID], label(n))
	}
	if len(outputs) > 0 {
		b.WriteString("  subgraph Outputs\n")
		for _, n := range outputs {
			fmt.Fprintf(&b, "    %s[\\%s\\]\n", ids[n.ID], label(n))
		}
		b.WriteString("  end\n")
	}
	for _, e := range g.Edges {
		arrow := mermaidArrows[e.Kind]
		if e.Label != "" {
			fmt.Fprintf(&b, "  %s %s|%s| %s\n", ids[e.From], arrow, strings.ReplaceAll(e.Label, "|", "#124;"), ids[e.To])
		} else {
			fmt.Fprintf(&b, "  %s %s %s\n", ids[e.From], arrow, ids[e.To])
		}
	}
	// One class per fill colour, in a fixed order.
	classes := map[string][]string{}
	var names []string
	for _, n := range g.Nodes {
		c := n.Kind
		if n.Kind == KindResource {
			c = n.Category
		}
		if classes[c] == nil {
			names = append(names, c)
		}
		classes[c] = append(classes[c], ids[n.ID])
	}
	sort.Strings(names)
	for _, c := range names {
		fmt.Fprintf(&b, "  classDef %s fill:%s,stroke:#666\n  class %s %s\n", c, colors[c], strings.Join(classes[c], ","), c)
	}
	for _, n := range g.Nodes {
		if n.Condition != "" {
			fmt.Fprintf(&b, "  style %s stroke-dasharray: 5 5\n", ids[n.ID])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes g as indented JSON.
func (g *Graph) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(g)
}

// Formats are the formats Write writes.
var Formats = []string{"dot", "mermaid", "svg", "json"}

// Write writes g in one of Formats; SVG is rendered by renderer (see SVG).
func (g *Graph) Write(ctx context.Context, w io.Writer, format, renderer string) error {
	switch format {
	case "dot":
		return g.WriteDOT(w)
	case "mermaid":
		return g.WriteMermaid(w)
	case "json":
		return g.WriteJSON(w)
	case "svg":
		svg, err := g.SVG(ctx, renderer)
		if err != nil {
			return err
		}
		_, err = w.Write(svg)
		return err
	}
	return fmt.Errorf("unknown graph format %q (%s)", format, strings.Join(Formats, ", "))
}
