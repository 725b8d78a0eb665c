// Package hover computes the markdown shown when hovering over a template:
// resource types, properties, intrinsic functions (rule functions included),
// the keys of rules and assertions, pseudo parameters and the targets of Ref,
// GetAtt, Sub, DependsOn, Condition and ValueOf. It is protocol-free.
package hover

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Result is a hover: markdown and the range it is about.
type Result struct {
	Markdown string
	Range    template.Range
	// Schema: the hover describes a resource type or property, where the
	// spec's description shows when it has one.
	Schema bool
}

// Hover returns the hover at pos of a parsed template, or nil when there is nothing to say.
func Hover(t *template.Template, pos template.Pos, spec *schema.Spec) *Result {
	if t == nil || t.Root == nil {
		return nil
	}
	if spec == nil {
		spec = schema.Default()
	}
	if t.HasSAM() {
		spec = spec.WithSAM()
	}
	h := &hoverer{t: t, spec: spec, pos: pos}
	return h.run()
}

type hoverer struct {
	t    *template.Template
	spec *schema.Spec
	pos  template.Pos
}

func (h *hoverer) run() *Result {
	path := h.t.PathAt(h.pos)
	if len(path) == 0 {
		return nil
	}
	n := path[len(path)-1]
	if l, r, ok := h.boundAt(); ok {
		return h.identifier(l, r)
	}
	// the innermost intrinsic: on its name, the function; in its argument, the target
	for i := len(path) - 1; i >= 0; i-- {
		in := path[i]
		if in.Kind != template.Intrinsic {
			continue
		}
		if in.Arg == nil || !in.Arg.Range.Contains(h.pos) || in.Arg.Kind == template.Null {
			return h.function(in)
		}
		if r := h.intrinsicArg(in, path[i+1:]); r != nil {
			return r
		}
		break
	}
	if n.IsKey() {
		if r := h.declaration(n); r != nil {
			return r
		}
		if r := h.ruleKey(n); r != nil {
			return r
		}
		return h.key(n)
	}
	if n.Kind != template.Scalar {
		return nil
	}
	owner := n
	if n.Parent != nil && n.Parent.Kind == template.Sequence {
		owner = n.Parent
	}
	switch owner.KeyOf() {
	case "Type":
		if e := h.t.ResourceOf(n); e != nil && e.Value == owner.Parent {
			return h.resourceType(n.Value, n.Range)
		}
	case "DependsOn":
		if e := h.t.ResourceOf(n); e != nil && e.Value == owner.Parent {
			return h.target(n.Value, n.Range)
		}
	case "Condition":
		return h.condition(n.Value, n.Range)
	case "Runtime":
		return h.runtime(n)
	case "Action", "NotAction":
		if st := owner.Parent; st != nil && st.Parent != nil && (st.Parent.KeyOf() == "Statement" || st.KeyOf() == "Statement") {
			return h.iamAction(n)
		}
	}
	return h.plainScalar(n)
}

// lifecycleText says where a resource type's service stands. Hover has no
// clock: the words hold before and after the date.
func lifecycleText(lc *schema.Lifecycle) string {
	text, when := "Service status: "+lc.Status, ""
	switch lc.Status {
	case schema.LifecycleShutdown:
		text, when = "⚠ The service has shut down", "on "
	case schema.LifecycleSunset:
		text, when = "⚠ The service is retiring", "shutdown date "
	case schema.LifecycleMaintenance:
		text, when = "The service is in maintenance mode", "since "
	}
	if lc.Date != "" {
		text += " (" + when + lc.Date + ")"
	}
	return text + "."
}

// runtime describes a Lambda runtime identifier hovered as a function's
// Runtime (or a SAM Globals one): its support timeline, from the spec's facts.
func (h *hoverer) runtime(n *template.Node) *Result {
	lr := h.spec.LambdaRuntime(n.Value)
	if lr == nil {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (Lambda runtime)\n\n", lr.Name)
	for _, d := range []struct{ what, date string }{
		{"Deprecated", lr.Deprecated}, {"Creating functions blocked", lr.CreateBlock}, {"Updating functions blocked", lr.UpdateBlock},
	} {
		if d.date != "" {
			fmt.Fprintf(&b, "- %s: %s\n", d.what, d.date)
		}
	}
	if lr.Successor != "" && lr.Successor != lr.Name {
		fmt.Fprintf(&b, "\nSuccessor: `%s`", lr.Successor)
	}
	return &Result{Markdown: strings.TrimSpace(b.String()), Range: n.Range}
}

// function describes an intrinsic function, hovered on its name.
func (h *hoverer) function(in *template.Node) *Result {
	f, ok := lang.FunctionByName(in.Fn)
	if !ok {
		return nil
	}
	var r template.Range
	if in.Short {
		tag := lang.ShortTag(in.Fn)
		r = template.Range{Start: in.Range.Start, End: template.Pos{Line: in.Range.Start.Line, Char: in.Range.Start.Char + len(tag)}}
	} else if fr, ok := h.t.Find(in, in.Fn, 0); ok {
		r = fr
	} else {
		r = in.Range
	}
	if !r.Contains(h.pos) {
		return nil
	}
	return &Result{Markdown: fmt.Sprintf("**%s**\n\n```yaml\n%s\n```\n\n%s", f.Name, f.Signature, f.Summary), Range: r}
}

// intrinsicArg describes what an intrinsic's argument points to.
func (h *hoverer) intrinsicArg(in *template.Node, below []*template.Node) *Result {
	arg := in.Arg
	item := -1
	var n *template.Node
	if len(below) > 0 {
		n = below[len(below)-1]
		if arg.Kind == template.Sequence && len(below) > 1 {
			for i, it := range arg.Items {
				if it == below[1] {
					item = i
				}
			}
		}
	}
	if n == nil || n.Kind != template.Scalar {
		return nil
	}
	switch in.Fn {
	case "Ref":
		return h.target(n.Value, n.Range)
	case "Fn::GetAtt":
		if item == 0 {
			return h.target(n.Value, n.Range)
		}
		if item == 1 {
			if res, ok := arg.Items[0].Str(); ok {
				return h.attribute(res, n.Value, n.Range)
			}
			return nil
		}
		if item < 0 {
			res, att, _ := strings.Cut(n.Value, ".")
			off := h.t.Lines.Offset(h.pos) - h.t.Lines.Offset(n.Range.Start)
			if off <= len(res) {
				r := template.Range{Start: n.Range.Start, End: template.Pos{Line: n.Range.Start.Line, Char: n.Range.Start.Char + template.UTF16Len(res)}}
				return h.target(res, r)
			}
			return h.attribute(res, att, n.Range)
		}
	case "Fn::Sub":
		if item <= 0 {
			return h.sub(n)
		}
	case "Condition":
		return h.condition(n.Value, n.Range)
	case "Fn::ValueOf":
		if item == 0 {
			return h.target(n.Value, n.Range)
		}
	case "Fn::If":
		if item == 0 {
			return h.condition(n.Value, n.Range)
		}
	case "Fn::FindInMap":
		if item == 0 {
			if m := h.t.Mapping(n.Value); m != nil {
				return &Result{Markdown: fmt.Sprintf("**%s** (mapping)\n\n%s", n.Value, h.source(m.Value)), Range: n.Range}
			}
		}
	}
	return nil
}

// sub describes the ${Name} of a Sub string under the cursor.
func (h *hoverer) sub(n *template.Node) *Result {
	ix := refs.Of(h.t)
	for i := range ix.Refs {
		r := &ix.Refs[i]
		if r.Kind != refs.KindSub || r.Node != n || !r.Exact || r.BoundBy != nil ||
			h.pos.Less(r.Token.Start) || !h.pos.Less(r.Token.End) {
			continue
		}
		if r.Attr == "" {
			return h.target(r.Name, r.Token)
		}
		return h.attribute(r.Name, r.Attr, r.Token)
	}
	return nil
}

// target describes a parameter, resource or pseudo parameter.
func (h *hoverer) target(name string, r template.Range) *Result {
	if p, ok := lang.Pseudo(name); ok {
		return &Result{Markdown: fmt.Sprintf("**%s** (pseudo parameter)\n\n%s", p.Name, p.Summary), Range: r}
	}
	if e := h.t.Parameter(name); e != nil {
		var b strings.Builder
		fmt.Fprintf(&b, "**%s** (parameter)\n\n", name)
		if typ, ok := e.Value.Get("Type").Str(); ok {
			fmt.Fprintf(&b, "Type: `%s`\n\n", typ)
		}
		if d := e.Value.Get("Default"); d != nil {
			fmt.Fprintf(&b, "Default: `%s`\n\n", strings.TrimSpace(h.sourceText(d)))
		}
		if av := e.Value.Get("AllowedValues"); av != nil && av.Kind == template.Sequence {
			var vals []string
			for _, it := range av.Items {
				if s, ok := it.Str(); ok {
					vals = append(vals, "`"+s+"`")
				}
			}
			fmt.Fprintf(&b, "Allowed values: %s\n\n", strings.Join(vals, ", "))
		}
		if d, ok := e.Value.Get("Description").Str(); ok {
			b.WriteString(d + "\n\n")
		}
		return &Result{Markdown: strings.TrimSpace(b.String()), Range: r}
	}
	if d := refs.Of(h.t).Decl(refs.Resources, name); d != nil {
		typ := d.Entry.Type()
		md := fmt.Sprintf("**%s** (resource)\n\nType: `%s`", name, typ)
		if d.Loop != nil {
			md += fmt.Sprintf("\n\nOne of the resources `Fn::ForEach::%s` makes from `%s`.", d.Loop.Name, d.Key.Value)
		}
		if d.By != nil {
			md += fmt.Sprintf("\n\nMade by the SAM transform for `%s` (`%s`).", d.By.Name, d.By.Type())
		}
		if rt := h.spec.ResourceType(typ); rt != nil && rt.DocURL != "" {
			md += fmt.Sprintf("\n\n[Documentation](%s)", rt.DocURL)
		}
		return &Result{Markdown: md, Range: r}
	}
	return nil
}

// identifier describes the identifier of a Fn::ForEach loop: its collection
// and what the loop makes of its body.
func (h *hoverer) identifier(l *refs.Loop, r template.Range) *Result {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (identifier of `Fn::ForEach::%s`)\n\nEach item of the collection in turn:\n\n%s", l.Variable, l.Name, h.source(l.Collection))
	var made []string
	for _, d := range refs.Of(h.t).Decls {
		if d.Loop == l && !d.Pattern {
			made = append(made, "`"+d.Name+"`")
		}
	}
	if len(made) > 0 {
		fmt.Fprintf(&b, "\n\nMakes %s.", strings.Join(made, ", "))
	}
	return &Result{Markdown: b.String(), Range: r}
}

// boundAt returns the loop identifier referenced or declared at the cursor.
func (h *hoverer) boundAt() (*refs.Loop, template.Range, bool) {
	ix := refs.Of(h.t)
	for i := range ix.Refs {
		if r := &ix.Refs[i]; r.BoundBy != nil && r.Exact && r.Range.Contains(h.pos) {
			return r.BoundBy, r.Range, true
		}
	}
	for _, l := range ix.Loops {
		if l.VariableNode.Range.Contains(h.pos) && l.Variable != "" {
			return l, l.VariableNode.Range, true
		}
	}
	return nil, template.Range{}, false
}

func (h *hoverer) attribute(res, att string, r template.Range) *Result {
	d := refs.Of(h.t).Decl(refs.Resources, res)
	if d == nil {
		return nil
	}
	e := d.Entry
	md := fmt.Sprintf("**%s.%s** (attribute of `%s`)", res, att, e.Type())
	if rt := h.spec.ResourceType(e.Type()); rt != nil {
		if a := rt.Attributes[att]; a != nil {
			md += "\n\nType: `" + a.Type.Name() + "`"
			if a.Description != "" {
				md += "\n\n" + a.Description
			}
		}
	}
	return &Result{Markdown: md, Range: r}
}

func (h *hoverer) condition(name string, r template.Range) *Result {
	e := h.t.Condition(name)
	if e == nil {
		return nil
	}
	return &Result{Markdown: fmt.Sprintf("**%s** (condition)\n\n%s", name, h.source(e.Value)), Range: r}
}

// source renders a node's source text as a code block.
func (h *hoverer) source(n *template.Node) string {
	lang := "yaml"
	if h.t.Format == template.JSON {
		lang = "json"
	}
	s := h.sourceText(n)
	if len(s) > 800 {
		s = s[:800] + "\n..."
	}
	return "```" + lang + "\n" + s + "\n```"
}

func (h *hoverer) sourceText(n *template.Node) string {
	s, e := h.t.Lines.Offset(n.Range.Start), h.t.Lines.Offset(n.Range.End)
	if s > e || e > len(h.t.Text) {
		return ""
	}
	return h.t.Text[s:e]
}

// resourceType describes a resource type.
func (h *hoverer) resourceType(name string, r template.Range) *Result {
	rt := h.spec.ResourceType(name)
	switch {
	case schema.IsModule(name):
		return &Result{Markdown: "**" + name + "** (module: its properties are the module's parameters)", Range: r}
	case rt == nil && schema.IsRegistryType(name):
		return &Result{Markdown: "**" + name + "** (a registry type the loaded spec does not have: its properties " +
			"are not checked; add its schema with `--registry-schemas` or the `registrySchemas` setting)", Range: r}
	case rt == nil:
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n\n", name)
	if schema.IsCustomResource(name) {
		b.WriteString("Custom resource: it takes any properties and answers any GetAtt attribute its provider returns.\n\n")
	}
	if rt.Description != "" {
		b.WriteString(rt.Description + "\n\n")
	}
	if lc := rt.Lifecycle; lc != nil && lc.Status != "" {
		b.WriteString(lifecycleText(lc) + "\n\n")
	}
	if req := rt.RequiredNames(); len(req) > 0 {
		fmt.Fprintf(&b, "Required properties: `%s`\n\n", strings.Join(req, "`, `"))
	}
	if len(rt.Attributes) > 0 {
		names := make([]string, 0, len(rt.Attributes))
		for n := range rt.Attributes {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "GetAtt attributes: `%s`\n\n", strings.Join(names, "`, `"))
	}
	b.WriteString(h.handlers(rt))
	if rt.DocURL != "" {
		fmt.Fprintf(&b, "[Documentation](%s)", rt.DocURL)
	}
	return &Result{Markdown: strings.TrimSpace(b.String()), Range: r, Schema: true}
}

// handlers lists the IAM actions the handlers of a resource type need to
// create, update and delete it, a line per service; for a SAM type, those of
// the type the transform makes under its name.
func (h *hoverer) handlers(rt *schema.ResourceType) string {
	of := ""
	if rt.SAM != nil && rt.SAM.Made != "" {
		of = " (as the " + rt.SAM.Made + " it makes)"
		rt = h.spec.ResourceType(rt.SAM.Made)
	}
	all := rt.Handlers.All()
	if len(all) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "IAM actions to create, update and delete it%s:\n", of)
	svc := ""
	for _, a := range all {
		s, name, _ := strings.Cut(a, ":")
		if s != svc {
			svc = s
			fmt.Fprintf(&b, "\n- `%s`: %s", s, name)
			continue
		}
		b.WriteString(", " + name)
	}
	return b.String() + "\n\n"
}

// declaration describes a resource hovered on its logical id: its type, with
// the link to its documentation. (A parameter, condition or mapping declaration
// shows what its hover would say right there: nothing to add.)
func (h *hoverer) declaration(k *template.Node) *Result {
	if sec := k.Parent; sec.IsTopLevel() && sec.KeyOf() == "Resources" {
		return h.target(k.Value, k.Range)
	}
	return nil
}

// ruleKey describes a key of a rule entry or of one of its assertions.
func (h *hoverer) ruleKey(k *template.Node) *Result {
	rk, ok := lang.RuleKeyByName(k.Value)
	if !ok {
		return nil
	}
	m := k.Parent // the mapping holding the key
	if rk.Assertion {
		// m is an item of the Assertions list of a rule
		if m.Parent == nil || m.Parent.Kind != template.Sequence || m.Parent.KeyOf() != "Assertions" {
			return nil
		}
		m = m.Parent.Parent
	}
	if !h.isRule(m) {
		return nil
	}
	what := "rule"
	if rk.Assertion {
		what = "assertion"
	}
	return &Result{Markdown: fmt.Sprintf("**%s** (%s)\n\n%s", rk.Name, what, rk.Summary), Range: k.Range}
}

// isRule reports whether m is the value of an entry of the Rules section.
func (h *hoverer) isRule(m *template.Node) bool {
	if m == nil {
		return false
	}
	for _, e := range h.t.Rules {
		if e.Value == m {
			return true
		}
	}
	return false
}

// key describes a property key.
func (h *hoverer) key(k *template.Node) *Result {
	e := h.t.ResourceOf(k)
	if e == nil {
		return nil
	}
	// the chain of keys and items from Properties down to k
	type step struct {
		key  string
		item bool
	}
	var steps []step
	node := k
	for {
		p := node.Parent
		if p == nil {
			return nil
		}
		switch p.Kind {
		case template.Mapping:
			kv := ""
			for _, pr := range p.Pairs {
				if pr.Key == node || pr.Value == node {
					kv = pr.Key.Value
				}
			}
			if p == e.Value {
				if kv != "Properties" {
					return nil
				}
				goto resolved
			}
			if node == k || !lang.IsIntrinsicName(kv) {
				steps = append([]step{{key: kv}}, steps...)
			}
		case template.Sequence:
			if p.Parent == nil || p.Parent.Kind != template.Intrinsic {
				steps = append([]step{{item: true}}, steps...)
			}
		}
		node = p
	}
resolved:
	if len(steps) == 0 {
		return nil
	}
	rt := h.spec.ResourceType(e.Type())
	if rt == nil {
		return nil
	}
	obj := &rt.Object
	var vt *schema.ValueType
	var prop *schema.Property
	var in *schema.Object // the object prop belongs to
	for _, s := range steps {
		switch {
		case s.item:
			if vt == nil || vt.Item == nil {
				return nil
			}
			vt = vt.Item
			obj = rt.PropertiesOf(vt)
		case obj != nil:
			in, prop = obj, obj.Properties[s.key]
			if prop == nil {
				return nil
			}
			vt = &prop.Type
			obj = rt.PropertiesOf(vt)
		default:
			return nil
		}
	}
	if prop == nil || steps[len(steps)-1].item {
		return nil
	}
	return &Result{Markdown: PropertyMarkdown(prop, in), Range: k.Range, Schema: true}
}

// PropertyMarkdown describes a property of object in (which may be nil).
func PropertyMarkdown(p *schema.Property, in *schema.Object) string {
	var b strings.Builder
	req := "optional"
	if p.Required {
		req = "required"
	}
	fmt.Fprintf(&b, "**%s** `%s` (%s)\n\n", p.Name, p.Type.Name(), req)
	vt := &p.Type
	if vt.Item != nil && len(vt.Enum) == 0 {
		vt = vt.Item
	}
	if len(vt.Enum) > 0 {
		fmt.Fprintf(&b, "Allowed values: `%s`\n\n", strings.Join(vt.Enum, "`, `"))
	} else if vt.Pattern != "" {
		fmt.Fprintf(&b, "Pattern: `%s`\n\n", vt.Pattern)
	}
	if u := p.Update.Words(); u != "" {
		fmt.Fprintf(&b, "Update requires: %s\n\n", u)
	}
	if in != nil && in.Relations != nil {
		for _, r := range in.Relations.Lines(p.Name) {
			b.WriteString(r + "\n\n")
		}
	}
	if p.Description != "" {
		b.WriteString(p.Description + "\n\n")
	}
	if p.DocURL != "" {
		fmt.Fprintf(&b, "[Documentation](%s)", p.DocURL)
	}
	return strings.TrimSpace(b.String())
}
