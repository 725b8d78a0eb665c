package schemacheck

import (
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// This file implements W1030: a property whose value is `Ref` to a parameter is
// checked against each value the parameter is known to take (its AllowedValues,
// or else its Default, MinValue and MaxValue). A value the property would reject
// is reported where the parameter spells it, naming the resource and property.

// maxEnumShown bounds the allowed values listed in a W1030 message.
const maxEnumShown = 12

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

// hasScalarConstraints reports whether vt constrains a scalar beyond its type.
// As cfn-lint does, resolved values are only judged against such properties.
func hasScalarConstraints(vt *schema.ValueType) bool {
	return vt != nil && vt.Kind&scalarKinds != 0 && (len(vt.Enum) > 0 || vt.Pattern != "" ||
		vt.MinLength != nil || vt.MaxLength != nil || vt.Min != nil || vt.Max != nil)
}

// checkResolvedRef checks the values a `Ref` to a parameter may resolve to
// against the value type vt of the property at path (W1030). A scalar
// parameter is judged where a scalar is expected, a list parameter item by
// item where a list of scalars is expected; other combinations are type
// mismatches that are not this check's business.
func (c *checker) checkResolvedRef(n *template.Node, vt *schema.ValueType, path string) {
	name, ok := n.Arg.Str()
	if !ok || n.Arg.Tag != "" || c.spec == nil {
		return
	}
	if !hasScalarConstraints(vt) && !(vt != nil && vt.Kind.Has(schema.KindList) && hasScalarConstraints(vt.Item)) {
		return // most properties: nothing to judge, and no parameter lookup
	}
	pv := c.paramValuesOf(name)
	if pv == nil {
		return
	}
	target := vt
	if pv.list {
		if !vt.Kind.Has(schema.KindList) {
			return
		}
		target = vt.Item
	} else if vt.Kind&scalarKinds == 0 {
		return
	}
	if !hasScalarConstraints(target) {
		return
	}
	for _, cd := range pv.cands {
		if !pv.list {
			if c.reachable(name, cd.node) {
				c.reportResolved(name, cd.what, cd.node, target, path)
			}
			continue
		}
		if !c.reachable(name, nil) {
			return
		}
		for _, it := range cd.items {
			c.reportResolved(name, cd.what+" item", it, target, path)
		}
	}
}

// reportResolved reports the constraints of vt that the value v of parameter
// name breaks, as one W1030 warning located at v.
func (c *checker) reportResolved(name, what string, v *template.Node, vt *schema.ValueType, path string) {
	var texts []string
	if !scalarFits(v, vt.Kind) {
		texts = append(texts, "is not of type "+kindNames(vt.Kind&scalarKinds))
	} else {
		for _, p := range scalarProblems(v, vt, shortEnum) {
			texts = append(texts, p.text)
		}
	}
	if len(texts) == 0 {
		return
	}
	msg := "Parameter " + name + "'s " + what + " " + repr(v) + " " + strings.Join(texts, " and ") +
		" (" + c.resource + " property " + path + ", when Ref " + name + " is resolved)"
	key := strconv.Itoa(v.Range.Start.Line) + ":" + strconv.Itoa(v.Range.Start.Char) + ":" + msg
	if c.resolvedSeen[key] {
		return // the same Ref twice under one property, as in a list
	}
	if c.resolvedSeen == nil {
		c.resolvedSeen = map[string]bool{}
	}
	c.resolvedSeen[key] = true
	c.report(v.Range, "W1030", msg)
}

// shortEnum renders allowed values for a W1030 message: listed when few,
// counted when many (instance types run to over a thousand).
func shortEnum(vt *schema.ValueType) string {
	if len(vt.Enum) <= maxEnumShown {
		return enumRepr(vt)
	}
	return "the " + strconv.Itoa(len(vt.Enum)) + " allowed values"
}

// branch is a condition the value being checked stands under: that of an
// enclosing Fn::If, with the branch being checked (want), or the resource's
// Condition (want true).
type branch struct {
	cond string
	want bool
}

// reachable reports whether the value being checked is deployed when parameter
// param takes the value v (nil for a list value): each condition it stands
// under that depends on param must evaluate to the branch taken. A condition
// that cannot be worked out counts as unreachable, so nothing is reported.
func (c *checker) reachable(param string, v *template.Node) bool {
	for _, b := range c.conds {
		if !c.conditionParams(b.cond, 0)[param] {
			continue
		}
		if v == nil {
			return false
		}
		if c.condSet == nil {
			c.condSet = conditions.New(c.t)
		}
		got, known := c.condSet.Eval(b.cond, map[string]string{param: scalarText(v)})
		if !known || got != b.want {
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
