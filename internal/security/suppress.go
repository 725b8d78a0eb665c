package security

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// ReasonPlaceholder is the reason written by SuppressionEdit, for the user to replace.
const ReasonPlaceholder = "TODO: explain why this finding is accepted"

// suppressions reads `Metadata: cfn_nag: rules_to_suppress` of every resource.
// Like cfn_nag, an entry suppresses its rule when its id matches; the reason is
// informative only, and entries without an id are ignored.
func suppressions(t *template.Template) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, r := range t.Resources {
		list := r.Get("Metadata").Get("cfn_nag").Get("rules_to_suppress")
		if list == nil || list.Kind != template.Sequence {
			continue
		}
		for _, it := range list.Items {
			id, ok := it.Get("id").Str()
			if !ok || id == "" {
				continue
			}
			if out[r.Name] == nil {
				out[r.Name] = map[string]bool{}
			}
			out[r.Name][id] = true
		}
	}
	return out
}

// SuppressionEdit returns an edit that suppresses ruleID on a resource with
// cfn_nag's `Metadata: cfn_nag: rules_to_suppress` entry (a reason placeholder
// included), extending whatever part of that structure already exists. It reports
// false when the resource is unknown, already suppresses the rule, or its metadata
// is written in a shape the edit cannot extend safely.
func SuppressionEdit(t *template.Template, resource, ruleID string) (diag.Fix, bool) {
	r := t.Resource(resource)
	if r == nil || r.Value == nil || r.Value.Kind != template.Mapping || len(r.Value.Pairs) == 0 {
		return diag.Fix{}, false
	}
	if suppressions(t)[resource][ruleID] {
		return diag.Fix{}, false
	}
	e := &editor{t: t, json: t.Format == template.JSON, rule: ruleID}
	e.unit = r.Value.Pairs[0].Key.Range.Start.Char - r.Key.Range.Start.Char
	if e.unit <= 0 {
		e.unit = 2
	}
	title := fmt.Sprintf("Suppress %s on %s (cfn_nag metadata)", ruleID, resource)
	var fix diag.Fix
	var ok bool
	meta := r.Value.Get("Metadata")
	nag := meta.Get("cfn_nag")
	list := nag.Get("rules_to_suppress")
	switch {
	case list != nil && list.Kind == template.Sequence:
		fix, ok = e.appendItem(list)
	case list != nil:
		return diag.Fix{}, false
	case nag != nil && nag.Kind == template.Mapping && len(nag.Pairs) > 0:
		fix, ok = e.addPair(nag, nil, "rules_to_suppress", e.listValue)
	case nag != nil:
		return diag.Fix{}, false
	case meta != nil && meta.Kind == template.Mapping && len(meta.Pairs) > 0:
		fix, ok = e.addPair(meta, nil, "cfn_nag", e.nagValue)
	case meta != nil:
		return diag.Fix{}, false
	default:
		fix, ok = e.addPair(r.Value, r.Value.GetPair("Type"), "Metadata", e.metaValue)
	}
	fix.Title = title
	return fix, ok
}

type editor struct {
	t    *template.Template
	json bool
	unit int
	rule string
}

// item renders one suppression entry.
func (e *editor) item(indent int) string {
	pad := strings.Repeat(" ", indent)
	if e.json {
		return fmt.Sprintf("%s{\"id\": %q, \"reason\": %q}", pad, e.rule, ReasonPlaceholder)
	}
	return fmt.Sprintf("%s- id: %s\n%s  reason: %q\n", pad, e.rule, pad, ReasonPlaceholder)
}

// listValue, nagValue and metaValue render the value of a new key written at
// column indent, without the key itself.
func (e *editor) listValue(indent int) string {
	if e.json {
		return "[\n" + e.item(indent+e.unit) + "\n" + strings.Repeat(" ", indent) + "]"
	}
	return "\n" + e.item(indent+e.unit)
}

func (e *editor) nagValue(indent int) string {
	return e.nested(indent, "rules_to_suppress", e.listValue)
}

func (e *editor) metaValue(indent int) string {
	return e.nested(indent, "cfn_nag", e.nagValue)
}

func (e *editor) nested(indent int, key string, value func(int) string) string {
	in := indent + e.unit
	pad := strings.Repeat(" ", in)
	if e.json {
		return fmt.Sprintf("{\n%s%q: %s\n%s}", pad, key, value(in), strings.Repeat(" ", indent))
	}
	return fmt.Sprintf("\n%s%s:%s", pad, key, value(in))
}

// addPair adds key: value to a mapping after the pair after (nil: at the end).
func (e *editor) addPair(m *template.Node, after *template.Pair, key string, value func(int) string) (diag.Fix, bool) {
	last := after
	if last == nil || last.Value.Range.End.Line != last.Key.Range.Start.Line {
		last = m.Pairs[len(m.Pairs)-1]
	}
	indent := m.Pairs[0].Key.Range.Start.Char
	if e.flow(m) {
		return diag.Fix{}, false
	}
	if e.json {
		at := last.Value.Range.End
		text := fmt.Sprintf(",\n%s%q: %s", strings.Repeat(" ", indent), key, value(indent))
		return diag.Fix{Range: template.Range{Start: at, End: at}, NewText: text}, true
	}
	text := fmt.Sprintf("%s%s:%s", strings.Repeat(" ", indent), key, value(indent))
	return e.insertLines(e.lineAfter(last.Value), text), true
}

// insertLines inserts whole lines at a line start, or after the end of the
// document's last line.
func (e *editor) insertLines(at template.Pos, text string) diag.Fix {
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if at.Char != 0 {
		text = "\n" + strings.TrimSuffix(text, "\n")
	}
	return diag.Fix{Range: template.Range{Start: at, End: at}, NewText: text}
}

// appendItem adds an entry at the end of a rules_to_suppress list.
func (e *editor) appendItem(list *template.Node) (diag.Fix, bool) {
	if e.json {
		if len(list.Items) == 0 {
			end := list.Range.End
			at := template.Pos{Line: end.Line, Char: end.Char - 1}
			return diag.Fix{Range: template.Range{Start: at, End: at}, NewText: e.item(0)}, true
		}
		last := list.Items[len(list.Items)-1]
		indent := list.Items[0].Range.Start.Char
		at := last.Range.End
		return diag.Fix{Range: template.Range{Start: at, End: at}, NewText: ",\n" + e.item(indent)}, true
	}
	if e.flow(list) {
		end := list.Range.End
		off := e.t.Lines.Offset(end)
		if off == 0 || e.t.Text[off-1] != ']' {
			return diag.Fix{}, false
		}
		at := e.t.Lines.PosOf(off - 1)
		sep := ", "
		if len(list.Items) == 0 {
			sep = ""
		}
		text := fmt.Sprintf("%s{id: %s, reason: %q}", sep, e.rule, ReasonPlaceholder)
		return diag.Fix{Range: template.Range{Start: at, End: at}, NewText: text}, true
	}
	if len(list.Items) == 0 {
		return diag.Fix{}, false
	}
	// The dash of a block item sits two columns left of its first key.
	first := list.Items[0]
	indent := first.Range.Start.Char
	line := e.t.Lines.Line(first.Range.Start.Line)
	if i := strings.IndexByte(line, '-'); i >= 0 && i < indent {
		indent = template.UTF16Len(line[:i])
	}
	return e.insertLines(e.lineAfter(list.Items[len(list.Items)-1]), e.item(indent)), true
}

// flow reports a YAML node written in flow style ({...} or [...]).
func (e *editor) flow(n *template.Node) bool {
	if e.json {
		return false
	}
	off := e.t.Lines.Offset(n.Range.Start)
	return off < len(e.t.Text) && (e.t.Text[off] == '{' || e.t.Text[off] == '[')
}

// lineAfter returns the start of the line after the last line of n's source,
// skipping trailing blank and comment lines that belong to no value.
func (e *editor) lineAfter(n *template.Node) template.Pos {
	end := n.Range.End
	line := end.Line
	if end.Char == 0 && line > n.Range.Start.Line {
		line-- // the range ends at the start of the following line
	}
	for line > n.Range.Start.Line && strings.TrimSpace(e.t.Lines.Line(line)) == "" {
		line--
	}
	if line+1 >= e.t.Lines.Count() {
		// The value ends on the last line: insert after it, on a new line.
		last := e.t.Lines.Line(line)
		return template.Pos{Line: line, Char: template.UTF16Len(last)}
	}
	return template.Pos{Line: line + 1}
}
