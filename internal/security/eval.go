package security

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// evaluator resolves template values the way cfn_nag's model does: conditions
// pick Fn::If branches (a condition without a given value counts as true), and a
// Ref to a parameter stands for the parameter's value or default where cfn_nag
// resolves references (policy documents, security-group rules, a few others).
type evaluator struct {
	t          *template.Template
	params     map[string]string // synthesized parameter values
	conditions map[string]bool
	byType     map[string][]*template.Entry

	// Caches: several rules read the same policy documents and rules.
	stmts   map[*template.Node][]*statement
	sgCache [2][]*sgRule
	sgDone  [2]bool
	nacls   map[string][]*template.Entry
	subs    map[*template.Node]*template.Node
	inline  map[*template.Entry][]policyDoc
	props   map[*template.Entry]*template.Node

	// hidden holds the resources that suppress the rule being run.
	hidden map[string]bool

	spcmThreshold int
}

func newEvaluator(t *template.Template, opts Options) *evaluator {
	ev := &evaluator{t: t, params: map[string]string{}, conditions: opts.Conditions,
		byType: map[string][]*template.Entry{}, stmts: map[*template.Node][]*statement{},
		props: make(map[*template.Entry]*template.Node, len(t.Resources))}
	for _, r := range t.Resources {
		ev.byType[r.Type()] = append(ev.byType[r.Type()], r)
		ev.props[r] = r.Get("Properties")
	}
	if opts.NagCompat && opts.Parameters == nil {
		return ev
	}
	for k, v := range opts.Parameters {
		if t.Parameter(k) != nil {
			ev.params[k] = v
		}
	}
	for _, p := range t.Parameters {
		if _, ok := ev.params[p.Name]; ok {
			continue
		}
		if d := p.Value.Get("Default"); d != nil && d.Kind == template.Scalar {
			ev.params[p.Name] = d.Value
		} else if d != nil && d.Kind == template.Sequence {
			var parts []string
			for _, it := range d.Items {
				parts = append(parts, it.Value)
			}
			ev.params[p.Name] = strings.Join(parts, ",")
		}
	}
	return ev
}

// resources returns the resources of a type, in document order, without those
// that suppress the rule being run: like cfn_nag, a suppression takes the
// resource out of the model the rule sees.
func (ev *evaluator) resources(typ string) []*template.Entry {
	all := ev.byType[typ]
	if len(ev.hidden) == 0 {
		return all
	}
	out := make([]*template.Entry, 0, len(all))
	for _, r := range all {
		if !ev.hidden[r.Name] {
			out = append(out, r)
		}
	}
	return out
}

// cond reports the value of a condition: given, or true.
func (ev *evaluator) cond(name string) bool {
	if v, ok := ev.conditions[name]; ok {
		return v
	}
	return true
}

// pick follows Fn::If by condition value, as cfn_nag does for property values.
func (ev *evaluator) pick(n *template.Node) *template.Node {
	for i := 0; i < 16 && n != nil && n.IsIntrinsic("Fn::If"); i++ {
		a := n.Arg
		if a == nil || a.Kind != template.Sequence || len(a.Items) != 3 {
			return n
		}
		name, _ := a.Items[0].Str()
		if ev.cond(name) {
			n = a.Items[1]
		} else {
			n = a.Items[2]
		}
	}
	return n
}

// prop returns a property of a resource, resolved as cfn_nag's model resolves
// property values (see value), or nil.
func (ev *evaluator) prop(r *template.Entry, name string) *template.Node {
	return ev.get(ev.props[r], name)
}

// get returns n[key] resolved (see value); a null value counts as absent.
func (ev *evaluator) get(n *template.Node, key string) *template.Node {
	v := ev.value(ev.pick(ev.pick(n).Get(key)))
	if v != nil && v.Kind == template.Null {
		return nil
	}
	return v
}

// items returns the elements of a list (a single mapping or scalar counts as one).
func (ev *evaluator) items(n *template.Node) []*template.Node {
	n = ev.value(n)
	switch {
	case n == nil || n.Kind == template.Null:
		return nil
	case n.Kind == template.Sequence:
		out := make([]*template.Node, 0, len(n.Items))
		for _, it := range n.Items {
			if it = ev.value(it); it != nil && it.Kind != template.Null {
				out = append(out, it)
			}
		}
		return out
	}
	return []*template.Node{n}
}

// value resolves n the way cfn_nag's References.resolve_value does: Ref to a
// parameter with a value, Fn::If, Fn::FindInMap, Fn::Sub, Fn::Join, Fn::Select.
// The result is n itself, another node of the template, or a synthetic scalar that
// keeps n's range so findings still point at the source.
func (ev *evaluator) value(n *template.Node) *template.Node {
	for depth := 0; depth < 8 && n != nil && n.Kind == template.Intrinsic; depth++ {
		next := ev.step(n)
		if next == n || next == nil {
			return n
		}
		n = next
	}
	return n
}

func (ev *evaluator) step(n *template.Node) *template.Node {
	switch n.Fn {
	case "Ref":
		name, ok := n.Arg.Str()
		if !ok {
			return n
		}
		if v, ok := ev.params[name]; ok {
			return synth(n, v)
		}
	case "Fn::If":
		return ev.pick(n)
	case "Fn::FindInMap":
		a := n.Arg
		if a == nil || a.Kind != template.Sequence || len(a.Items) != 3 {
			return n
		}
		m := ev.t.Mapping(a.Items[0].Value)
		if m == nil {
			return n
		}
		k1, ok1 := ev.value(a.Items[1]).Str()
		k2, ok2 := ev.value(a.Items[2]).Str()
		if !ok1 || !ok2 {
			return n
		}
		if v := m.Value.Get(k1).Get(k2); v != nil {
			return v
		}
	case "Fn::Sub":
		if r, ok := ev.subs[n]; ok {
			return r
		}
		if ev.subs == nil {
			ev.subs = map[*template.Node]*template.Node{}
		}
		r := ev.sub(n)
		ev.subs[n] = r
		return r
	case "Fn::Join":
		a := n.Arg
		if a == nil || a.Kind != template.Sequence || len(a.Items) != 2 {
			return n
		}
		sep, ok := a.Items[0].Str()
		list := ev.value(a.Items[1])
		if !ok || list == nil || list.Kind != template.Sequence {
			return n
		}
		parts := make([]string, 0, len(list.Items))
		for _, it := range list.Items {
			s, ok := ev.value(it).Str()
			if !ok {
				return n
			}
			parts = append(parts, s)
		}
		return synth(n, strings.Join(parts, sep))
	case "Fn::Select":
		a := n.Arg
		if a == nil || a.Kind != template.Sequence || len(a.Items) != 2 {
			return n
		}
		list := ev.value(a.Items[1])
		idx, ok := ev.value(a.Items[0]).Str()
		if !ok || list == nil || list.Kind != template.Sequence {
			return n
		}
		i := 0
		for _, c := range idx {
			if c < '0' || c > '9' {
				return n
			}
			i = i*10 + int(c-'0')
		}
		if i < len(list.Items) {
			return list.Items[i]
		}
	}
	return n
}

// sub substitutes the parameters it knows into a Fn::Sub string. It returns n
// itself when nothing is substituted.
func (ev *evaluator) sub(n *template.Node) *template.Node {
	a := n.Arg
	var str *template.Node
	var vars *template.Node
	switch {
	case a != nil && a.Kind == template.Scalar:
		str = a
	case a != nil && a.Kind == template.Sequence && len(a.Items) == 2:
		str, vars = a.Items[0], a.Items[1]
	default:
		return n
	}
	s, ok := str.Str()
	if !ok {
		return n
	}
	var b strings.Builder
	changed := false
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		name := s[i+2 : i+j]
		repl, found := "", false
		if name != "" && name[0] != '!' {
			if v := vars.Get(name); v != nil {
				repl, found = ev.value(v).Str()
			} else {
				repl, found = ev.params[name]
			}
		}
		if found {
			b.WriteString(s[:i])
			b.WriteString(repl)
			changed = true
		} else {
			b.WriteString(s[:i+j+1])
		}
		s = s[i+j+1:]
	}
	if !changed {
		return n
	}
	b.WriteString(s)
	return synth(n, b.String())
}

// synth returns a string scalar standing for a resolved value at n's place.
func synth(at *template.Node, v string) *template.Node {
	return &template.Node{Kind: template.Scalar, Range: at.Range, Value: v, Parent: at.Parent}
}

// str returns the resolved string value of n.
func (ev *evaluator) str(n *template.Node) (string, bool) { return ev.value(n).Str() }

// truthy is cfn_nag's truthy?: the value reads "true" in any case.
func truthy(n *template.Node) bool {
	return n != nil && n.Kind == template.Scalar && strings.EqualFold(n.Text(), "true")
}

// notTruthy is cfn_nag's not_truthy?: absent, or reads "false".
func notTruthy(n *template.Node) bool {
	if n == nil || n.Kind == template.Null {
		return true
	}
	return n.Kind == template.Scalar && strings.EqualFold(n.Text(), "false")
}

// refTarget returns the logical id named by a Ref or Fn::GetAtt (for GetAtt, only
// when attr is "" or matches), as cfn-model's resolve_resource_id does.
func refTarget(n *template.Node, attr string) (string, bool) {
	switch {
	case n.IsIntrinsic("Ref"):
		return n.Arg.Str()
	case n.IsIntrinsic("Fn::GetAtt"):
		a := n.Arg
		var id, at string
		if s, ok := a.Str(); ok {
			id, at, _ = strings.Cut(s, ".")
		} else if a != nil && a.Kind == template.Sequence && len(a.Items) >= 1 {
			id, _ = a.Items[0].Str()
			if len(a.Items) > 1 {
				at, _ = a.Items[1].Str()
			}
		}
		if id == "" || (attr != "" && at != attr) {
			return "", false
		}
		return id, true
	}
	return "", false
}
