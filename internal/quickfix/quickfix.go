// Package quickfix computes the code actions of a template: quick fixes for
// diagnostics ("did you mean", missing required properties, unknown properties,
// security suppressions), the extract-to-parameter refactoring, and the
// command-carrying source actions (convert, launch, validate, the IAM policy). It is
// protocol-free: the server translates Actions into LSP code actions.
package quickfix

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/security"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Code action kinds (LSP's names).
const (
	KindQuickFix = "quickfix"
	KindExtract  = "refactor.extract"
	KindSource   = "source"
)

// Commands carried by source actions (the server's executeCommand names).
const (
	CmdConvertToYAML    = "cfn-lsp.convertToYAML"
	CmdConvertToJSON    = "cfn-lsp.convertToJSON"
	CmdLaunchStack      = "cfn-lsp.launchStack"
	CmdValidateTemplate = "cfn-lsp.validateTemplate"
	CmdPermissions      = "cfn-lsp.permissions"
)

// Action is one code action: edits to the template, or a command to run.
type Action struct {
	Title     string
	Kind      string
	Edits     []Edit
	Command   string // run with the document's URI as argument {uri}
	Fixes     []diag.Diagnostic
	Preferred bool
}

// Request is what a code action request asks about.
type Request struct {
	Template *template.Template
	Spec     *schema.Spec
	Range    template.Range
	// Diagnostics are the analysis's diagnostics the request is about (with
	// their Fix and Resource, which the client's copies lack).
	Diagnostics []diag.Diagnostic
	// Only limits the kinds returned (prefix match, as LSP's only); empty: all.
	Only []string
}

// Actions returns the code actions for a request.
func Actions(req Request) []Action {
	t := req.Template
	if t == nil || t.Root == nil || !t.IsTemplate() {
		return nil
	}
	var out []Action
	out = append(out, fixes(req)...)
	if a, ok := ExtractParameter(t, req.Range); ok {
		out = append(out, a)
	}
	if t.Err == nil {
		if t.Format == template.JSON {
			out = append(out, Action{Title: "Convert to YAML", Kind: KindSource + ".convert", Command: CmdConvertToYAML})
		} else {
			out = append(out, Action{Title: "Convert to JSON", Kind: KindSource + ".convert", Command: CmdConvertToJSON})
		}
		out = append(out,
			Action{Title: "Launch stack…", Kind: KindSource + ".launch", Command: CmdLaunchStack},
			Action{Title: "Validate with CloudFormation", Kind: KindSource + ".validate", Command: CmdValidateTemplate},
			Action{Title: "Copy the IAM policy to deploy it", Kind: KindSource + ".permissions", Command: CmdPermissions})
	}
	if len(req.Only) == 0 {
		return out
	}
	kept := out[:0]
	for _, a := range out {
		for _, k := range req.Only {
			if a.Kind == k || strings.HasPrefix(a.Kind, k+".") {
				kept = append(kept, a)
				break
			}
		}
	}
	return kept
}

// removable are the codes whose offending key may simply go: an unknown
// property, resource attribute or parameter key, and a property excluded by a
// sibling. (An unknown section or output key is more likely misspelt: its
// Fix renames it.)
var removable = map[string]bool{"E3002": true, "E3001": true, "E2001": true, "E3020": true, "E3014": true}

// fixes turns diagnostics into quick fixes.
func fixes(req Request) []Action {
	t := req.Template
	var out []Action
	missing := map[template.Range][]diag.Diagnostic{} // E3003 findings by location
	var order []template.Range
	for _, d := range req.Diagnostics {
		if d.Fix != nil {
			out = append(out, Action{Title: d.Fix.Title, Kind: KindQuickFix, Preferred: true, Fixes: []diag.Diagnostic{d},
				Edits: []Edit{fixEdit(t, *d.Fix)}})
		}
		switch {
		case d.Code == "E3003" && d.Data.Missing != "":
			if _, seen := missing[d.Range]; !seen {
				order = append(order, d.Range)
			}
			missing[d.Range] = append(missing[d.Range], d)
		case removable[d.Code] && d.Data.Offending != "":
			// a key not allowed there, or set with one it cannot go with
			if a, ok := removeKey(t, d, d.Data.Offending); ok {
				out = append(out, a)
			}
		case d.Source == diag.SourceSecurity && d.Resource != "" && d.Code != "":
			if fix, ok := security.SuppressionEdit(t, d.Resource, d.Code); ok {
				title := fix.Title
				if title == "" {
					title = fmt.Sprintf("Suppress %s on %s", d.Code, d.Resource)
				}
				out = append(out, Action{Title: title, Kind: KindQuickFix, Fixes: []diag.Diagnostic{d},
					Edits: []Edit{{Range: fix.Range, NewText: fix.NewText}}})
			}
		}
	}
	for _, r := range order {
		if a, ok := addRequired(t, req.Spec, missing[r]); ok {
			out = append(out, a)
		}
	}
	return out
}

// removeKey deletes the key named name that a finding is located on.
func removeKey(t *template.Template, d diag.Diagnostic, name string) (Action, bool) {
	path := t.PathAt(d.Range.Start)
	if len(path) < 2 {
		return Action{}, false
	}
	key, m := path[len(path)-1], path[len(path)-2]
	if key.Value != name || m.Kind != template.Mapping || key.Range != d.Range {
		return Action{}, false
	}
	for i, p := range m.Pairs {
		if p.Key == key {
			r, text, ok := t.PairRemoval(m, i)
			if !ok {
				return Action{}, false
			}
			return Action{Title: fmt.Sprintf("Remove %q", name), Kind: KindQuickFix, Fixes: []diag.Diagnostic{d},
				Edits: []Edit{{Range: r, NewText: text}}}, true
		}
	}
	return Action{}, false
}

// addRequired adds the required properties that E3003 findings at one place
// say are missing, with placeholder values.
func addRequired(t *template.Template, spec *schema.Spec, ds []diag.Diagnostic) (Action, bool) {
	var names []string
	for _, d := range ds {
		names = append(names, d.Data.Missing)
	}
	key, m := missingTarget(t, ds[0].Range)
	if m == nil {
		return Action{}, false
	}
	res := t.ResourceOf(m)
	var rt *schema.ResourceType
	if res != nil && spec != nil {
		rt = spec.ResourceType(res.Type())
	}
	obj := objectAt(rt, t, m)
	var kvs []kv
	for _, n := range names {
		var vt *schema.ValueType
		if obj != nil && obj.Properties[n] != nil {
			vt = &obj.Properties[n].Type
		}
		kvs = append(kvs, kv{key: n, value: placeholder(vt)})
	}
	var e Edit
	var ok bool
	if res != nil && key == res.Key {
		// The resource has no Properties at all: add the section.
		sub := kvs
		e, ok = addPairs(t, key, m, []kv{{key: "Properties", value: func(json bool, indent int) string {
			var b strings.Builder
			if json {
				b.WriteString("{")
				for i, x := range sub {
					if i > 0 {
						b.WriteString(", ")
					}
					fmt.Fprintf(&b, "%q: %s", x.key, x.value(true, indent))
				}
				b.WriteString("}")
				return b.String()
			}
			for _, x := range sub {
				fmt.Fprintf(&b, "\n%s%s: %s", spaces(indent+unitOf(t)), x.key, x.value(false, indent+unitOf(t)))
			}
			return b.String()
		}}})
	} else {
		e, ok = addPairs(t, key, m, kvs)
	}
	if !ok {
		return Action{}, false
	}
	title := fmt.Sprintf("Add required property %q", names[0])
	if len(names) > 1 {
		title = fmt.Sprintf("Add required properties %s", strings.Join(quoteAll(names), ", "))
	}
	return Action{Title: title, Kind: KindQuickFix, Fixes: ds, Preferred: true, Edits: []Edit{e}}, true
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// missingTarget finds what a missing-property finding at r is about: a key
// (the mapping is its value, possibly still Null) or a mapping (a list item).
func missingTarget(t *template.Template, r template.Range) (key, m *template.Node) {
	path := t.PathAt(r.Start)
	for i := len(path) - 1; i >= 0; i-- {
		n := path[i]
		if n.Range != r {
			if n.Kind == template.Mapping && n.Range.Start == r.Start && !n.Range.End.Less(r.End) {
				return nil, n // the finding marks the mapping's head only ("{"Value"")
			}
			continue
		}
		if n.Kind == template.Mapping {
			return nil, n
		}
		if i > 0 && path[i-1].Kind == template.Mapping {
			for _, p := range path[i-1].Pairs {
				if p.Key != n {
					continue
				}
				if p.Value.Kind != template.Mapping && p.Value.Kind != template.Null {
					// The first key of a list item stands for the item.
					return nil, path[i-1]
				}
				return n, p.Value
			}
		}
	}
	return nil, nil
}

// objectAt resolves the schema object of mapping m, walking from the
// resource's Properties down; nil when unknown.
func objectAt(rt *schema.ResourceType, t *template.Template, m *template.Node) *schema.Object {
	if rt == nil {
		return nil
	}
	// Collect the keys from the resource down to m.
	var keys []string
	for n := m; n != nil && n.Parent != nil; n = n.Parent {
		if k := n.KeyOf(); k != "" && n.Parent.Kind == template.Mapping {
			keys = append([]string{k}, keys...)
		}
		if res := t.ResourceOf(n); res != nil && n.Parent == res.Value {
			break
		}
	}
	if len(keys) == 0 {
		return nil
	}
	if keys[0] != "Properties" {
		return &rt.Object // the resource key itself: its Properties are to be added
	}
	obj := &rt.Object
	for _, k := range keys[1:] {
		p := obj.Properties[k]
		if p == nil {
			return nil
		}
		vt := &p.Type
		if vt.Item != nil && vt.Object == "" {
			vt = vt.Item
		}
		obj = rt.PropertiesOf(vt)
		if obj == nil {
			return nil
		}
	}
	return obj
}

// placeholder renders a value of the property's type, for the user to fill in.
func placeholder(vt *schema.ValueType) func(json bool, indent int) string {
	return func(json bool, indent int) string {
		switch {
		case vt == nil || vt.Kind.Has(schema.KindString):
			return `""`
		case vt.Kind.Has(schema.KindInteger) || vt.Kind.Has(schema.KindNumber):
			return "0"
		case vt.Kind.Has(schema.KindBoolean):
			return "false"
		case vt.Kind.Has(schema.KindList):
			return "[]"
		}
		return "{}"
	}
}

// fixEdit turns a diagnostic's Fix into an edit. A replacement of a whole
// quoted string (a JSON key) by an unquoted name keeps the quotes.
func fixEdit(t *template.Template, f diag.Fix) Edit {
	a, b := t.Lines.Offset(f.Range.Start), t.Lines.Offset(f.Range.End)
	if b-a >= 2 && b <= len(t.Text) {
		src := t.Text[a:b]
		q := src[0]
		if (q == '"' || q == '\'') && src[len(src)-1] == q && !strings.HasPrefix(f.NewText, string(q)) {
			return Edit{Range: template.Range{Start: t.Lines.PosOf(a + 1), End: t.Lines.PosOf(b - 1)}, NewText: f.NewText}
		}
	}
	return Edit{Range: f.Range, NewText: f.NewText}
}
