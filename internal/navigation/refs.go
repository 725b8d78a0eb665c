// Package navigation answers the "where is it" questions of an editor over a
// parsed template: definitions, references, rename, document symbols and
// highlights. It is protocol-free; the LSP server and tests translate.
package navigation

import (
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Sections whose entries can be referenced by name.
const (
	Parameters = "Parameters"
	Resources  = "Resources"
	Conditions = "Conditions"
	Mappings   = "Mappings"
	// Exports is not a template section: it names output exports, which are
	// referenced by Fn::ImportValue of the same literal name.
	Exports = "Exports"
)

// RefKind says how a reference is written.
type RefKind string

// The kinds of reference.
const (
	KindRef         RefKind = "Ref"
	KindGetAtt      RefKind = "Fn::GetAtt"
	KindSub         RefKind = "Fn::Sub"
	KindDependsOn   RefKind = "DependsOn"
	KindCondition   RefKind = "Condition"
	KindFindInMap   RefKind = "Fn::FindInMap"
	KindImportValue RefKind = "Fn::ImportValue"
	// KindInterface is a parameter named in the AWS::CloudFormation::Interface
	// metadata (ParameterGroups lists and ParameterLabels keys).
	KindInterface RefKind = "AWS::CloudFormation::Interface"
)

// Reference is one use of a named entry of the template.
type Reference struct {
	Kind RefKind
	// Section is the section the name resolves to (Parameters, Resources,
	// Conditions, Mappings or Exports), or "" when a Ref or Sub variable names
	// nothing declared.
	Section string
	// Name is the referenced name (for exports: the export key, see ExportKey).
	Name string
	// Range is the exact range of the name: "Res" in `!GetAtt Res.Arn` and in
	// `${Res.Arn}`; for Fn::ImportValue, the whole argument.
	Range template.Range
	// Node is the node whose source holds the name.
	Node *template.Node
}

// References lists every reference of t in document order: Ref, GetAtt, Sub
// variables, DependsOn entries, Condition names (Fn::If, condition functions and
// the Condition attribute of resources and outputs), FindInMap map names and
// ImportValue names. Pseudo parameters (AWS::Region) are left out.
func References(t *template.Template) []Reference {
	if t == nil || t.Root == nil {
		return nil
	}
	w := &walker{t: t}
	template.Walk(t.Root, func(n *template.Node) bool {
		if n.Kind == template.Intrinsic {
			w.intrinsic(n)
		}
		return true
	})
	for _, r := range t.Resources {
		w.attributes(r.Value, true)
	}
	for _, o := range t.Outputs {
		w.attributes(o.Value, false)
	}
	w.iface(t.Root.Get("Metadata").Get("AWS::CloudFormation::Interface"))
	sortRefs(w.refs)
	return w.refs
}

type walker struct {
	t    *template.Template
	refs []Reference
}

// add records a reference to name, located inside the source of n.
func (w *walker) add(kind RefKind, section, name string, n *template.Node) {
	if name == "" || strings.Contains(name, "::") {
		return
	}
	r, ok := w.t.Find(n, name, 0)
	if !ok {
		return
	}
	w.refs = append(w.refs, Reference{Kind: kind, Section: section, Name: name, Range: r, Node: n})
}

// refSection resolves a Ref or Sub variable name.
func (w *walker) refSection(name string) string {
	switch {
	case w.t.Parameter(name) != nil:
		return Parameters
	case w.t.Resource(name) != nil:
		return Resources
	}
	return ""
}

func (w *walker) intrinsic(n *template.Node) {
	arg := n.Arg
	switch n.Fn {
	case "Ref":
		if s, ok := arg.Str(); ok {
			w.add(KindRef, w.refSection(s), s, arg)
		}
	case "Fn::GetAtt":
		if s, ok := arg.Str(); ok {
			name, _, _ := strings.Cut(s, ".")
			w.add(KindGetAtt, Resources, name, arg)
		} else if arg != nil && arg.Kind == template.Sequence && len(arg.Items) > 0 {
			if s, ok := arg.Items[0].Str(); ok {
				w.add(KindGetAtt, Resources, s, arg.Items[0])
			}
		}
	case "Fn::Sub":
		w.sub(arg)
	case "Fn::FindInMap":
		if arg != nil && arg.Kind == template.Sequence && len(arg.Items) > 0 {
			if s, ok := arg.Items[0].Str(); ok {
				w.add(KindFindInMap, Mappings, s, arg.Items[0])
			}
		}
	case "Condition":
		if s, ok := arg.Str(); ok {
			w.add(KindCondition, Conditions, s, arg)
		}
	case "Fn::If":
		if arg != nil && arg.Kind == template.Sequence && len(arg.Items) > 0 {
			if s, ok := arg.Items[0].Str(); ok {
				w.add(KindCondition, Conditions, s, arg.Items[0])
			}
		}
	case "Fn::ImportValue":
		if key := ExportKey(arg); key != "" {
			lit := arg
			if arg.Kind == template.Intrinsic {
				lit = arg.Arg
			}
			w.refs = append(w.refs, Reference{Kind: KindImportValue, Section: Exports, Name: key, Range: lit.Range, Node: lit})
		}
	}
}

// sub records the variables of a Fn::Sub string, except those bound by its
// variable map (two-argument form) and literal ${!Name} escapes.
func (w *walker) sub(arg *template.Node) {
	str := arg
	local := map[string]bool{}
	if arg != nil && arg.Kind == template.Sequence && len(arg.Items) > 0 {
		str = arg.Items[0]
		if len(arg.Items) > 1 && arg.Items[1].Kind == template.Mapping {
			for _, p := range arg.Items[1].Pairs {
				local[p.Key.Value] = true
			}
		}
	}
	if str == nil || str.Kind != template.Scalar {
		return
	}
	for _, v := range SubVariables(w.t, str) {
		name, _, dotted := strings.Cut(v.Name, ".")
		if local[v.Name] || local[name] || strings.Contains(name, "::") {
			continue
		}
		section := w.refSection(name)
		if dotted {
			section = Resources
		}
		r := template.Range{Start: v.Range.Start, End: w.t.Lines.PosOf(w.t.Lines.Offset(v.Range.Start) + len(name))}
		w.refs = append(w.refs, Reference{Kind: KindSub, Section: section, Name: name, Range: r, Node: str})
	}
}

// attributes records the DependsOn and Condition attributes of a resource or
// output (every occurrence: a key written twice is still renamed everywhere).
func (w *walker) attributes(v *template.Node, resource bool) {
	if v == nil || v.Kind != template.Mapping {
		return
	}
	for _, p := range v.Pairs {
		switch d := p.Value; {
		case p.Key.Value == "Condition":
			if s, ok := d.Str(); ok {
				w.add(KindCondition, Conditions, s, d)
			}
		case p.Key.Value == "DependsOn" && resource:
			if s, ok := d.Str(); ok {
				w.add(KindDependsOn, Resources, s, d)
			} else if d.Kind == template.Sequence {
				for _, it := range d.Items {
					if s, ok := it.Str(); ok {
						w.add(KindDependsOn, Resources, s, it)
					}
				}
			}
		}
	}
}

// iface records the parameters named by the console's interface metadata.
func (w *walker) iface(n *template.Node) {
	if n == nil {
		return
	}
	if groups := n.Get("ParameterGroups"); groups != nil && groups.Kind == template.Sequence {
		for _, g := range groups.Items {
			if ps := g.Get("Parameters"); ps != nil && ps.Kind == template.Sequence {
				for _, it := range ps.Items {
					if s, ok := it.Str(); ok && w.t.Parameter(s) != nil {
						w.add(KindInterface, Parameters, s, it)
					}
				}
			}
		}
	}
	if labels := n.Get("ParameterLabels"); labels != nil && labels.Kind == template.Mapping {
		for _, p := range labels.Pairs {
			if w.t.Parameter(p.Key.Value) != nil {
				w.add(KindInterface, Parameters, p.Key.Value, p.Key)
			}
		}
	}
}

// SubVariable is one ${...} of a Fn::Sub string.
type SubVariable struct {
	Name  string         // as written between the braces: "Res.Arn", "AWS::Region"
	Range template.Range // range of Name
}

// SubVariables scans the source of a Sub string for its ${Name} variables,
// skipping ${!Literal} escapes, with the exact range of each name.
func SubVariables(t *template.Template, n *template.Node) []SubVariable {
	s, e := t.Lines.Offset(n.Range.Start), t.Lines.Offset(n.Range.End)
	if s > e || e > len(t.Text) {
		return nil
	}
	src := t.Text[s:e]
	var out []SubVariable
	for i := 0; ; {
		j := strings.Index(src[i:], "${")
		if j < 0 {
			break
		}
		start := i + j + 2
		k := strings.IndexByte(src[start:], '}')
		if k < 0 {
			break
		}
		name := src[start : start+k]
		i = start + k + 1
		if name == "" || name[0] == '!' || strings.ContainsAny(name, " \t\r\n\"'${") {
			continue
		}
		out = append(out, SubVariable{Name: name, Range: template.Range{
			Start: t.Lines.PosOf(s + start), End: t.Lines.PosOf(s + start + len(name))}})
	}
	return out
}

// ExportKey identifies an export name written as a literal string or a Fn::Sub
// of a literal string, so that an output's Export Name and a Fn::ImportValue can
// be matched; "" when the name is computed otherwise.
func ExportKey(n *template.Node) string {
	if s, ok := n.Str(); ok && s != "" {
		return s
	}
	if n.IsIntrinsic("Fn::Sub") {
		if s, ok := n.Arg.Str(); ok && s != "" {
			return "!Sub " + s
		}
	}
	return ""
}

func sortRefs(refs []Reference) {
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].Range.Start.Less(refs[j].Range.Start) })
}
