package schemacheck

import (
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// This file implements W1030: a property whose value is `Ref` to a parameter is
// checked against each value the parameter is known to take (its AllowedValues,
// or else its Default, MinValue and MaxValue). A value the property would reject
// is reported at the property, as cfn-lint places it, naming the parameter's
// value and the property.

// paramValues are the values a parameter is known to take.
type paramValues struct {
	// list is set for CommaDelimitedList and List<...> parameters, whose values
	// are lists: each candidate's items are the comma-separated parts.
	list  bool
	cands []candidate
}

// candidate is one value a parameter may take.
type candidate struct {
	what  string           // "default", "allowed value", "MinValue", "MaxValue"
	node  *template.Node   // where the template spells it
	items []*template.Node // list parameters: the parts, located at node
}

// paramValuesOf returns the known values of the named parameter, computed once
// per check; nil when there are none to judge: unknown names (pseudo parameters,
// resources), SSM parameter types (whose values name SSM parameters), and
// parameters without Default, AllowedValues, MinValue or MaxValue.
func (c *checker) paramValuesOf(name string) *paramValues {
	if pv, ok := c.params[name]; ok {
		return pv
	}
	if c.params == nil {
		c.params = map[string]*paramValues{}
	}
	var pv *paramValues
	if e := c.t.Parameter(name); e != nil && e.Value.Kind == template.Mapping {
		pv = candidatesOf(e.Value)
	}
	c.params[name] = pv
	return pv
}

// candidatesOf reads a parameter's candidate values. As in CloudFormation, a
// Default outside AllowedValues is refused anyway (E2015), so with
// AllowedValues only those are candidates.
func candidatesOf(p *template.Node) *paramValues {
	typ, ok := p.Get("Type").Str()
	if !ok || strings.HasPrefix(typ, "AWS::SSM::Parameter::") {
		return nil
	}
	pv := &paramValues{list: listTypes[typ] || strings.HasPrefix(typ, "List<")}
	add := func(what string, n *template.Node) {
		if n == nil || n.Kind != template.Scalar || n.Tag != "" {
			return // odd shapes are E2001's business
		}
		cd := candidate{what: what, node: n}
		if pv.list {
			for _, s := range strings.Split(n.Value, ",") {
				cd.items = append(cd.items, &template.Node{Kind: template.Scalar, Type: template.Str,
					Value: strings.TrimSpace(s), Range: n.Range})
			}
		}
		pv.cands = append(pv.cands, cd)
	}
	if av := p.Get("AllowedValues"); av != nil && av.Kind == template.Sequence && len(av.Items) > 0 {
		for _, it := range av.Items {
			add("allowed value", it)
		}
	} else {
		add("default", p.Get("Default"))
		if !pv.list {
			add("MinValue", p.Get("MinValue"))
			add("MaxValue", p.Get("MaxValue"))
		}
	}
	if len(pv.cands) == 0 {
		return nil
	}
	return pv
}

// judgeFunction judges the values a `Ref` to a parameter may resolve to
// against the schema s of the property it stands in (W1030): each value the
// parameter is known to take, where the conditions around the Ref let it
// take it. A list parameter's values are lists of their comma-separated parts.
func (c *checker) judgeFunction(v *jsonschema.Validator, n *template.Node, s *jsonschema.Schema, p jsonschema.Place) []*jsonschema.Error {
	if n.Fn == "Fn::GetAtt" {
		if e := c.getAttType(n, s, p); e != nil {
			return []*jsonschema.Error{e}
		}
		return nil
	}
	if n.Fn != "Ref" || c.spec == nil {
		return nil
	}
	name, ok := n.Arg.Str()
	if !ok || n.Arg.Tag != "" {
		return nil
	}
	if e := c.refKind(n, name, s, p); e != nil {
		return []*jsonschema.Error{e}
	}
	if e := c.refFormat(v, n, name, s, p); e != nil {
		return []*jsonschema.Error{e}
	}
	if !s.Constrains() {
		return nil // most properties: nothing to judge, and no parameter lookup
	}
	pv := c.paramValuesOf(name)
	if pv == nil {
		return nil
	}
	types := s.Types()
	if pv.list && len(types) > 0 && !slices.Contains(types, "array") ||
		!pv.list && len(types) > 0 && !slices.ContainsFunc(types, isScalarType) {
		return nil // a value of the other kind: refKind's business
	}
	// The values are judged as if they stood in the property: its formats'
	// exceptions apply to them.
	at := *v
	at.Formats = formatsAt(func(*template.Node) string { return keywordPath(n) })
	var out []*jsonschema.Error
	for _, cd := range pv.cands {
		val := cd.node
		if pv.list {
			if !c.reachable(name, nil, p.Conds) {
				return out
			}
			val = &template.Node{Kind: template.Sequence, Items: cd.items, Range: cd.node.Range}
		} else if !c.reachable(name, cd.node, p.Conds) {
			continue
		}
		// The property's rules judge the value too (cfn-lint's regional lists of
		// instance types, for one).
		errs := v.Validate(val, s, jsonschema.Place{At: cd.node.Range, Hooks: p.Hooks, NoHooks: p.Hooks == nil})
		// One warning per value judged (the parameter's value, or an item of
		// it) and place: cfn-lint places an allowed-values, pattern or range
		// failure at the parameter's value, others at the property. The count
		// of a list's items is not judged, as cfn-lint does not.
		type finding struct {
			about *template.Node
			at    template.Range
		}
		var order []finding
		texts := map[finding][]string{}
		for _, e := range errs {
			about := e.Node
			if about == nil || pv.list && about == val {
				continue
			}
			f := finding{about: about, at: p.At}
			if atValue[e.Keyword] {
				f.at = cd.node.Range
			}
			if _, ok := texts[f]; !ok {
				order = append(order, f)
			}
			texts[f] = append(texts[f], strings.TrimPrefix(e.Message, jsonschema.Repr(about)+" "))
		}
		for _, f := range order {
			what := cd.what
			if f.about != val {
				what += " item"
			}
			msg := "Parameter " + name + "'s " + what + " " + jsonschema.Repr(f.about) + " " + strings.Join(texts[f], " and ") +
				" (" + c.resource + " property " + propertyPath(n) + ", when Ref " + name + " is resolved)"
			out = append(out, &jsonschema.Error{Rule: "W1030", Keyword: "ref", Range: f.at, Node: n, Message: msg})
		}
	}
	return out
}

// getAttType reports an Fn::GetAtt whose attribute cannot have a type the
// property takes (E1010): an integer attribute where a string is expected.
// As cfn-lint does, attributes are compared strictly, except where the
// property takes booleans or integers, which CloudFormation converts.
func (c *checker) getAttType(n *template.Node, s *jsonschema.Schema, p jsonschema.Place) *jsonschema.Error {
	want := s.Types()
	if len(want) == 0 || slices.Contains(want, "boolean") || slices.Contains(want, "integer") || c.spec == nil {
		return nil
	}
	res, attr, ok := getAttArgs(n)
	if !ok {
		return nil
	}
	e := c.t.Resource(res)
	if e == nil {
		return nil // refcheck's business
	}
	rt := c.spec.ResourceType(e.Type())
	a := rt.Attribute(attr)
	if a == nil || a.Type.Kind == schema.KindAny || a.Type.Kind == 0 {
		return nil
	}
	if rt.Name == "AWS::DocDB::DBCluster" && attr == "Port" {
		return nil // a string, though the property is an integer (cfn-lint makes the same exception)
	}
	for _, t := range want {
		if kindHas(a.Type.Kind, t) {
			return nil
		}
	}
	return &jsonschema.Error{Rule: "E1010", Keyword: "fn_getatt", Range: p.At, Node: n,
		Message: jsonschema.Repr(n) + " is not of type " + quoteTypes(want)}
}

// kindHas reports whether a model kind includes the JSON type t.
func kindHas(k schema.Kind, t string) bool {
	for _, kt := range kindTypes {
		if kt.name == t && k&kt.k != 0 {
			return true
		}
	}
	return false
}

// getAttArgs returns the resource and attribute an Fn::GetAtt names, when
// both are literal: [Res, Attr.Name] or "Res.Attr.Name".
func getAttArgs(n *template.Node) (res, attr string, ok bool) {
	if s, isStr := n.Arg.Str(); isStr {
		res, attr, ok = strings.Cut(s, ".")
		return res, attr, ok && res != "" && attr != ""
	}
	if n.Arg == nil || n.Arg.Kind != template.Sequence || len(n.Arg.Items) != 2 {
		return "", "", false
	}
	r, ok1 := n.Arg.Items[0].Str()
	a, ok2 := n.Arg.Items[1].Str()
	return r, a, ok1 && ok2 && r != "" && a != ""
}

// atValue are the keywords whose W1030 findings cfn-lint places at the
// parameter's value (through its parameter rules W2030-W2032) rather than at
// the property.
var atValue = map[string]bool{"enum": true, "enumCaseInsensitive": true, "pattern": true,
	"minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true}

// refKind reports a Ref to a parameter whose values are lists where the
// property takes no list, or single values where it takes only lists and
// objects (E1020): CloudFormation rejects the value's type.
func (c *checker) refKind(n *template.Node, name string, s *jsonschema.Schema, p jsonschema.Place) *jsonschema.Error {
	e := c.t.Parameter(name)
	if e == nil {
		return nil
	}
	typ, ok := e.Value.Get("Type").Str()
	if !ok {
		return nil
	}
	list := listTypes[typ] || strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<List<") || typ == "AWS::SSM::Parameter::Value<CommaDelimitedList>"
	if !list && !knownParamType(typ) {
		return nil // E2002's business
	}
	types := s.Types()
	if len(types) == 0 {
		return nil
	}
	if list && !slices.Contains(types, "array") || !list && !slices.ContainsFunc(types, isScalarType) {
		return &jsonschema.Error{Rule: "E1020", Keyword: "ref", Range: p.At, Node: n,
			Message: jsonschema.Repr(n) + " is not of type " + quoteTypes(types) + " (parameter " + name + " is a " + typ + ")"}
	}
	return nil
}

func isScalarType(t string) bool {
	return t == "string" || t == "integer" || t == "number" || t == "boolean"
}

func quoteTypes(types []string) string {
	q := make([]string, len(types))
	for i, t := range types {
		q[i] = "'" + t + "'"
	}
	return strings.Join(q, ", ")
}

// propertyPath is the slash-separated path of the property a value stands in
// ("LifecycleConfiguration/Rules/Transitions/StorageClass"): its keys up to the
// resource's Properties, list items and Fn::If branches skipped.
func propertyPath(n *template.Node) string {
	var keys []string
	for x := n; x != nil && x.Parent != nil; x = x.Parent {
		k := x.KeyOf()
		if k == "" {
			continue
		}
		if k == "Properties" && x.Parent.Parent != nil && x.Parent.Parent.KeyOf() == "Resources" {
			break
		}
		keys = append(keys, k)
	}
	slices.Reverse(keys)
	return strings.Join(keys, "/")
}

// reachable reports whether the value being checked is deployed when parameter
// param takes the value v (nil for a list value): each condition it stands
// under that depends on param must evaluate to the branch taken. A condition
// that cannot be worked out counts as unreachable, so nothing is reported.
func (c *checker) reachable(param string, v *template.Node, conds []conditions.Fact) bool {
	for _, b := range conds {
		if !c.conditionParams(b.Name, 0)[param] {
			continue
		}
		if v == nil {
			return false
		}
		if c.condSet == nil {
			c.condSet = conditions.New(c.t)
		}
		got, known := c.condSet.Eval(b.Name, map[string]string{param: scalarText(v)})
		if !known || got != b.Value {
			return false
		}
	}
	return true
}

// conditionParams returns the parameters the named condition depends on,
// through the conditions it uses, computed once per check.
func (c *checker) conditionParams(name string, depth int) map[string]bool {
	if ps, ok := c.condParams[name]; ok {
		return ps
	}
	if c.condParams == nil {
		c.condParams = map[string]map[string]bool{}
	}
	ps := map[string]bool{}
	c.condParams[name] = ps // a cycle ends here
	e := c.t.Condition(name)
	if e == nil || depth > 20 {
		return ps
	}
	template.Walk(e.Value, func(n *template.Node) bool {
		if n.Kind != template.Intrinsic {
			return true
		}
		arg, _ := n.Arg.Str()
		switch n.Fn {
		case "Fn::Sub":
			subParams(n.Arg, ps)
		case "Ref":
			ps[arg] = true
		case "Condition":
			for p := range c.conditionParams(arg, depth+1) {
				ps[p] = true
			}
		}
		return true
	})
	return ps
}

// subParams adds to ps the names a Fn::Sub string uses as ${Name}.
func subParams(arg *template.Node, ps map[string]bool) {
	s, ok := arg.Str()
	if !ok && arg != nil && arg.Kind == template.Sequence && len(arg.Items) > 0 {
		s, _ = arg.Items[0].Str()
	}
	for _, v := range lang.SubVariables(s) {
		ps[v.Name] = true
	}
}
