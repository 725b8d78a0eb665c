package stack

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Kind is the kind of a resolved Value.
type Kind uint8

const (
	// Unknown: known only once deployed (Fn::GetAtt, Fn::ImportValue,
	// Fn::GetAZs, a Ref to a resource...) or not decidable here.
	Unknown Kind = iota
	String
	List
	Object
	Null
	// NoValue is AWS::NoValue: the property or list item is left out.
	NoValue
)

// Value is what a template value evaluates to for one deployment.
type Value struct {
	Kind   Kind
	Str    string  // String: the text (Masked where a NoEcho value went in)
	Items  []Value // List
	Fields []Field // Object, in document order
	// Secret marks a value derived from a NoEcho parameter.
	Secret bool
	// Expr is an Unknown's expression, with what is known filled in
	// ("${Queue.Arn}/x-dev").
	Expr string
	// id stands for the value in comparisons when its text cannot: a secret
	// by its origin (never its value), an expression by its arguments' keys.
	id string
	// Deps are the resources an Unknown value is read from.
	Deps []Dep
}

// Field is one key of an Object.
type Field struct {
	Key   string
	Value Value
}

// Dep is a resource a value is read from: its Ref (Attribute "") or one of its attributes.
type Dep struct{ Resource, Attribute string }

// Known reports whether the value is fully known.
func (v Value) Known() bool {
	switch v.Kind {
	case Unknown:
		return false
	case List:
		for _, it := range v.Items {
			if !it.Known() {
				return false
			}
		}
	case Object:
		for _, f := range v.Fields {
			if !f.Value.Known() {
				return false
			}
		}
	}
	return true
}

// Display renders a value for people: text as is, lists and objects in flow
// style, NoEcho values masked, unknown parts as their expression.
func (v Value) Display() string {
	var b strings.Builder
	v.display(&b, true)
	return b.String()
}

func (v Value) display(b *strings.Builder, top bool) {
	// seq writes n items between open and close, separated by commas.
	seq := func(open, close byte, n int, item func(i int)) {
		b.WriteByte(open)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			item(i)
		}
		b.WriteByte(close)
	}
	switch v.Kind {
	case String:
		if top || v.Str != "" && !strings.ContainsAny(v.Str, ",[]{}:") {
			b.WriteString(v.Str)
		} else {
			b.WriteString(strconv.Quote(v.Str))
		}
	case Null:
		b.WriteString("null")
	case List:
		seq('[', ']', len(v.Items), func(i int) { v.Items[i].display(b, false) })
	case Object:
		seq('{', '}', len(v.Fields), func(i int) {
			b.WriteString(v.Fields[i].Key + ": ")
			v.Fields[i].Value.display(b, false)
		})
	case Unknown:
		if v.Secret {
			b.WriteString(Masked)
		} else {
			b.WriteString(v.Expr)
		}
	}
}

// key is the value's canonical text: two values with the same key are the
// same (when the resources they read from have not changed).
func (v Value) key() string {
	var b strings.Builder
	v.writeKey(&b)
	return b.String()
}

func (v Value) writeKey(b *strings.Builder) {
	// Strings are written length first: unambiguous, and cheaper than quoting.
	str := func(tag byte, s string) {
		b.WriteByte(tag)
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	// A value with an id is written as the id (under idTag), others as s.
	idOr := func(idTag, tag byte, s string) {
		if v.id != "" {
			str(idTag, v.id)
		} else {
			str(tag, s)
		}
	}
	switch v.Kind {
	case String:
		idOr('E', 'S', v.Str)
	case Null:
		b.WriteByte('N')
	case NoValue:
		b.WriteByte('V')
	case Unknown:
		idOr('?', '?', v.Expr)
	case List:
		b.WriteByte('[')
		for _, it := range v.Items {
			it.writeKey(b)
		}
		b.WriteByte(']')
	case Object:
		b.WriteByte('{')
		for _, f := range v.Fields {
			str('K', f.Key)
			f.Value.writeKey(b)
		}
		b.WriteByte('}')
	}
}

// deps returns every resource the value reads from, at any depth.
func (v Value) deps(out []Dep) []Dep {
	out = append(out, v.Deps...)
	for _, it := range v.Items {
		out = it.deps(out)
	}
	for _, f := range v.Fields {
		out = f.Value.deps(out)
	}
	return out
}

// maxDepth bounds how deeply values nest; maxText bounds a resolved string;
// maxSteps bounds the nodes one Value evaluates (an Fn::If whose condition is
// unknown evaluates both branches: nested, they would double each time).
const (
	maxDepth = 64
	maxText  = 1 << 20
	maxSteps = 20_000
)

// Resolver evaluates the values of one template for one deployment. It is not
// safe for concurrent use.
type Resolver struct {
	t      *template.Template
	params *Parameters
	conds  *conditions.Set
	// Physical maps logical ids to physical ids: a Ref to a deployed resource
	// then shows its physical id. Previews leave it empty, so that a Ref reads
	// as the same expression on both sides.
	Physical map[string]string
	steps    int // left for the Value being evaluated
}

// NewResolver returns a resolver of t's values under the parameters p.
func NewResolver(t *template.Template, p *Parameters) *Resolver {
	return &Resolver{t: t, params: p, conds: conditions.New(t)}
}

// Template returns the template the resolver evaluates.
func (r *Resolver) Template() *template.Template { return r.t }

// Parameters returns the parameter values the resolver evaluates with.
func (r *Resolver) Parameters() *Parameters { return r.params }

// Condition evaluates a named condition; known is false when it cannot be decided.
func (r *Resolver) Condition(name string) (value, known bool) {
	return r.conds.Eval(name, r.params.conditionValues())
}

// Value evaluates a template value.
func (r *Resolver) Value(n *template.Node) Value {
	r.steps = maxSteps
	return r.eval(n, 0)
}

func unknown(expr string, deps ...Dep) Value { return Value{Kind: Unknown, Expr: expr, Deps: deps} }

// call is an unknown call of fn: shown with its arguments' values, compared by their keys.
func call(fn string, args ...Value) Value {
	var shown, ids []string
	var deps []Dep
	secret := false
	for _, a := range args {
		var b strings.Builder
		a.display(&b, false)
		shown = append(shown, b.String())
		ids = append(ids, a.key())
		deps = a.deps(deps)
		secret = secret || a.Secret
	}
	return Value{Kind: Unknown, Expr: fn + "(" + strings.Join(shown, ", ") + ")", id: fn + "(" + strings.Join(ids, ",") + ")",
		Deps: deps, Secret: secret}
}

func (r *Resolver) eval(n *template.Node, depth int) Value {
	if n == nil {
		return Value{Kind: Null}
	}
	r.steps--
	if depth > maxDepth || r.steps < 0 {
		return unknown("…")
	}
	switch n.Kind {
	case template.Null:
		return Value{Kind: Null}
	case template.Scalar:
		if n.Tag != "" {
			return unknown(n.Tag + " " + n.Value)
		}
		return Value{Kind: String, Str: n.Text()}
	case template.Sequence:
		v := Value{Kind: List, Items: make([]Value, 0, len(n.Items))}
		for _, it := range n.Items {
			if iv := r.eval(it, depth+1); iv.Kind != NoValue {
				v.Items = append(v.Items, iv)
			}
		}
		return v
	case template.Mapping:
		v := Value{Kind: Object, Fields: make([]Field, 0, len(n.Pairs))}
		for _, p := range n.Pairs {
			if fv := r.eval(p.Value, depth+1); fv.Kind != NoValue {
				v.Fields = append(v.Fields, Field{Key: p.Key.Value, Value: fv})
			}
		}
		return v
	}
	return r.intrinsic(n, depth+1)
}

func (r *Resolver) intrinsic(n *template.Node, depth int) Value {
	switch n.Fn {
	case "Ref":
		name, ok := n.Arg.Str()
		if !ok {
			return r.opaque(n, depth)
		}
		return r.ref(name)
	case "Fn::GetAtt":
		res, attr, ok := r.getAttArgs(n.Arg, depth)
		if !ok {
			return r.opaque(n, depth)
		}
		return unknown("${"+res+"."+attr+"}", Dep{res, attr})
	case "Fn::Sub":
		return r.sub(n, depth)
	case "Fn::Join":
		return r.join(n, depth)
	case "Fn::Select":
		return r.selectItem(n, depth)
	case "Fn::Split":
		return r.split(n, depth)
	case "Fn::FindInMap":
		return r.findInMap(n, depth)
	case "Fn::If":
		cond, yes, no, ok := n.IfArgs()
		name, isName := cond.Str()
		if !ok || !isName {
			return r.opaque(n, depth)
		}
		if v, known := r.Condition(name); known {
			if v {
				return r.eval(yes, depth)
			}
			return r.eval(no, depth)
		}
		return call("If", Value{Kind: String, Str: name}, r.eval(yes, depth), r.eval(no, depth))
	case "Fn::Base64":
		v := r.eval(n.Arg, depth)
		if v.Kind == String && !v.Secret {
			return Value{Kind: String, Str: base64.StdEncoding.EncodeToString([]byte(v.Str))}
		}
		return call("Base64", v)
	case "Fn::Length":
		if v := r.eval(n.Arg, depth); v.Kind == List {
			return Value{Kind: String, Str: strconv.Itoa(len(v.Items))}
		}
	}
	return r.opaque(n, depth)
}

// opaque is an expression evaluated only by CloudFormation: its arguments
// are resolved, so that a change in them is still seen.
func (r *Resolver) opaque(n *template.Node, depth int) Value {
	return call(n.ShortName(), r.eval(n.Arg, depth))
}

func (r *Resolver) ref(name string) Value {
	if name == "AWS::NoValue" {
		return Value{Kind: NoValue}
	}
	if v, ok := r.params.Lookup(name); ok {
		return v
	}
	if r.t.Resource(name) != nil {
		if id := r.Physical[name]; id != "" {
			return Value{Kind: String, Str: id, Deps: []Dep{{name, ""}}}
		}
		return unknown("${"+name+"}", Dep{name, ""})
	}
	return unknown("${" + name + "}")
}

// getAttArgs reads Fn::GetAtt's resource and attribute: "Res.Attr", [Res, Attr]
// or [Res, !Ref Param].
func (r *Resolver) getAttArgs(arg *template.Node, depth int) (string, string, bool) {
	if s, ok := arg.Str(); ok {
		res, attr, ok := strings.Cut(s, ".")
		return res, attr, ok
	}
	if arg == nil || arg.Kind != template.Sequence || len(arg.Items) != 2 {
		return "", "", false
	}
	res, ok := arg.Items[0].Str()
	if !ok {
		return "", "", false
	}
	attr := r.eval(arg.Items[1], depth)
	if attr.Kind != String || attr.Secret {
		return "", "", false
	}
	return res, attr.Str, true
}

func (r *Resolver) sub(n *template.Node, depth int) Value {
	str, ok := n.Arg.Str()
	var vars *template.Node
	if !ok && n.Arg != nil && n.Arg.Kind == template.Sequence && len(n.Arg.Items) == 2 {
		str, ok = n.Arg.Items[0].Str()
		vars = n.Arg.Items[1]
	}
	if !ok {
		return r.opaque(n, depth)
	}
	var (
		repl    []string
		deps    []Dep
		secret  bool
		unknown bool
		expr    []string // replacements for the comparison text
	)
	for _, sv := range lang.SubVariables(str) {
		var v Value
		if vn := vars.Get(sv.Name); vn != nil {
			v = r.eval(vn, depth)
		} else if res, attr, isAtt := strings.Cut(sv.Name, "."); isAtt && r.t.Resource(res) != nil {
			v = Value{Kind: Unknown, Expr: sv.Token, Deps: []Dep{{res, attr}}}
		} else {
			v = r.ref(sv.Name)
		}
		deps = append(deps, v.deps(nil)...)
		text, cmp := sv.Token, sv.Token
		switch {
		case v.Kind == String:
			text, cmp = v.Str, v.Str
			if v.Secret {
				secret = true
				cmp = "${" + v.id + "}"
			}
		case v.Kind == Unknown && v.Expr == sv.Token:
			unknown = true
		default:
			unknown = true
			text, cmp = v.Display(), "${"+v.key()+"}"
		}
		repl = append(repl, sv.Token, text)
		expr = append(expr, sv.Token, cmp)
	}
	// ${!Literal} is written out as ${Literal}.
	repl = append(repl, "${!", "${")
	expr = append(expr, "${!", "${")
	out := strings.NewReplacer(repl...).Replace(str)
	if len(out) > maxText {
		return Value{Kind: Unknown, Expr: "Sub(…)", Deps: deps}
	}
	switch {
	case unknown:
		return Value{Kind: Unknown, Expr: out, id: strings.NewReplacer(expr...).Replace(str), Deps: deps, Secret: secret}
	case secret:
		return Value{Kind: String, Str: out, Secret: true, id: strings.NewReplacer(expr...).Replace(str), Deps: deps}
	}
	return Value{Kind: String, Str: out, Deps: deps}
}

func (r *Resolver) args(n *template.Node, count int) []*template.Node {
	if n.Arg == nil || n.Arg.Kind != template.Sequence || len(n.Arg.Items) != count {
		return nil
	}
	return n.Arg.Items
}

func (r *Resolver) join(n *template.Node, depth int) Value {
	a := r.args(n, 2)
	if a == nil {
		return r.opaque(n, depth)
	}
	delim, list := r.eval(a[0], depth), r.eval(a[1], depth)
	if delim.Kind != String || list.Kind != List {
		return r.opaque(n, depth)
	}
	parts := make([]string, 0, len(list.Items))
	var secret, known = false, true
	size := 0
	for _, it := range list.Items {
		switch {
		case it.Kind == String && !it.Secret:
			parts = append(parts, it.Str)
		case it.Kind == String:
			parts, secret = append(parts, it.Str), true
		default:
			known = false
		}
		size += len(it.Str) + len(delim.Str)
	}
	if !known || secret || size > maxText {
		v := call("Join", delim, list)
		if known && secret {
			v.Kind, v.Str, v.Secret = String, strings.Join(parts, delim.Str), true
		}
		return v
	}
	return Value{Kind: String, Str: strings.Join(parts, delim.Str), Deps: list.deps(nil)}
}

func (r *Resolver) selectItem(n *template.Node, depth int) Value {
	a := r.args(n, 2)
	if a == nil {
		return r.opaque(n, depth)
	}
	idx, list := r.eval(a[0], depth), r.eval(a[1], depth)
	i, err := strconv.Atoi(idx.Str)
	if idx.Kind != String || err != nil || list.Kind != List || i < 0 || i >= len(list.Items) {
		return call("Select", idx, list)
	}
	return list.Items[i]
}

func (r *Resolver) split(n *template.Node, depth int) Value {
	a := r.args(n, 2)
	if a == nil {
		return r.opaque(n, depth)
	}
	delim, s := r.eval(a[0], depth), r.eval(a[1], depth)
	if delim.Kind != String || delim.Str == "" || s.Kind != String || s.Secret {
		return call("Split", delim, s)
	}
	v := Value{Kind: List}
	for _, part := range strings.Split(s.Str, delim.Str) {
		v.Items = append(v.Items, Value{Kind: String, Str: part})
	}
	return v
}

// findInMap looks a value up in Mappings, with the language extension's
// DefaultValue when one is given.
func (r *Resolver) findInMap(n *template.Node, depth int) Value {
	if n.Arg == nil || n.Arg.Kind != template.Sequence || len(n.Arg.Items) < 3 || len(n.Arg.Items) > 4 {
		return r.opaque(n, depth)
	}
	keys := make([]Value, 3)
	for i := range keys {
		keys[i] = r.eval(n.Arg.Items[i], depth)
		if keys[i].Kind != String || keys[i].Secret {
			return r.opaque(n, depth)
		}
	}
	if m := r.t.Mapping(keys[0].Str); m != nil {
		if v := m.Value.Get(keys[1].Str).Get(keys[2].Str); v != nil {
			return r.eval(v, depth)
		}
	}
	if len(n.Arg.Items) == 4 {
		if d := n.Arg.Items[3].Get("DefaultValue"); d != nil {
			return r.eval(d, depth)
		}
	}
	// No such entry: CloudFormation refuses the stack.
	return unknown("FindInMap(" + keys[0].Str + ", " + keys[1].Str + ", " + keys[2].Str + ")")
}
