package schemacheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// identity is one value a property no two resources may share (a primary
// identifier, a subnet's route table association) may take, and the
// conditions under which it does.
type identity struct {
	e      *template.Entry
	values []*template.Node // one per identifier
	at     *template.Node   // the key of the first identifier
	when   []conditions.Fact
}

// sharers returns the names of the other resources of list that hold a's
// values under conditions that may hold together with a's.
func (r *ruleRun) sharers(a identity, list []identity) []string {
	var others []string
	for _, b := range list {
		if a.e == b.e || !a.same(b) || slices.Contains(others, b.e.Name) || !r.together(a.when, b.when) {
			continue
		}
		others = append(others, b.e.Name)
	}
	return others
}

// rulePrimaryIdentifiers reports resources of one type whose primary
// identifiers (the registry's primaryIdentifier: the name that identifies the
// resource in its account and region) are set to the same values: the second
// one fails to create, since the name is taken. Only identifiers a template sets
// count; a type whose identifier is read-only (generated) or nested is skipped,
// as are resources whose conditions exclude each other or cannot be decided.
var rulePrimaryIdentifiers = resourceRule{
	Rule:  diag.Rule{ID: "E3019", Applies: []string{"Resources/*/Properties"}, Summary: "Resources of one type do not share the values of their primary identifier"},
	check: checkPrimaryIdentifiers,
}

// ruleRouteTableAssociation reports a subnet associated with route tables
// twice: a subnet has one route table, and the second association fails to
// create. Subnets are compared as written (the same id, Ref or GetAtt); two
// associations whose conditions exclude each other, or cannot be decided, are
// not reported.
var ruleRouteTableAssociation = resourceRule{
	Rule: diag.Rule{ID: "E3022", ResourceTypes: []string{"AWS::EC2::SubnetRouteTableAssociation"},
		Summary: "A subnet has at most one route table association"},
	check: func(r *ruleRun) {
		var all []identity
		for _, e := range r.t.Resources {
			if e.Type() != "AWS::EC2::SubnetRouteTableAssociation" {
				continue
			}
			p := e.Get("Properties").GetPair("SubnetId")
			if p == nil {
				continue
			}
			for _, alt := range alternatives(p.Value, conditions.Of(e)) {
				all = append(all, identity{e: e, values: []*template.Node{alt.node}, at: p.Key, when: alt.when})
			}
		}
		reported := map[*template.Entry]bool{}
		for _, a := range all {
			if others := r.sharers(a, all); len(others) > 0 && !reported[a.e] {
				reported[a.e] = true
				r.report(a.at.Range, a.e.Name, fmt.Sprintf("SubnetId of %s is also associated with a route table by %s: a subnet has one route table",
					jsonschema.PyStr(a.e.Name), strings.Join(quoteAll(others), ", ")))
			}
		}
	},
}

// identifierOverrides are types whose registry primary identifier is read-only
// but whose name is unique all the same, as cfn-lint configures them: CodeBuild
// refuses a second project of a name.
var identifierOverrides = map[string][]string{
	"AWS::CodeBuild::Project": {"Name"},
}

func checkPrimaryIdentifiers(r *ruleRun) {
	if r.spec == nil {
		return
	}
	byType := map[string][]identity{}
	var types []string
	for _, e := range r.t.Resources {
		ids := r.identifiers(e.Type())
		if len(ids) == 0 {
			continue
		}
		when := conditions.Of(e)
		vs := identities(e, ids, e.Get("Properties"), when)
		if len(vs) == 0 {
			continue
		}
		if _, seen := byType[e.Type()]; !seen {
			types = append(types, e.Type())
		}
		byType[e.Type()] = append(byType[e.Type()], vs...)
	}
	for _, typ := range types {
		list := byType[typ]
		for i, a := range list {
			others := r.sharers(a, list)
			if len(others) == 0 || reportedBefore(list[:i], a) {
				continue
			}
			ids := r.identifiers(typ)
			at := a.at.Range // the identifier's key, or with several the Properties key
			if pp := a.e.Value.GetPair("Properties"); len(ids) > 1 && pp != nil {
				at = pp.Key.Range
			}
			r.report(at, a.e.Name, fmt.Sprintf("Primary identifier %s of %s has the same value in %s: only one of them can be created",
				strings.Join(ids, ", "), typ, strings.Join(quoteAll(others), ", ")))
		}
	}
}

// identities returns the values the identifier properties ids take in props,
// one per combination of the Fn::If branches that choose them (at the
// Properties level or at a property's); none when an identifier is left unset
// (the service then generates it).
func identities(e *template.Entry, ids []string, props *template.Node, when []conditions.Fact) []identity {
	if cond, yes, no, ok := props.IfArgs(); ok {
		name, _ := cond.Str()
		return append(identities(e, ids, yes, withFact(when, name, true)),
			identities(e, ids, no, withFact(when, name, false))...)
	}
	out := []identity{{e: e, when: when}}
	for _, id := range ids {
		var next []identity
		for _, v := range out {
			for _, alt := range alternatives(props.Get(id), v.when) {
				at := v.at
				if at == nil {
					at = props.GetPair(id).Key
				}
				next = append(next, identity{e: e, values: append(slices.Clip(v.values), alt.node), at: at, when: alt.when})
			}
		}
		out = next
	}
	return out
}

type alternative struct {
	node *template.Node
	when []conditions.Fact
}

// alternatives returns the values n stands for through the Fn::If calls at its
// top; AWS::NoValue and an absent value give none.
func alternatives(n *template.Node, when []conditions.Fact) []alternative {
	if n == nil || n.IsNoValue() {
		return nil
	}
	if cond, yes, no, ok := n.IfArgs(); ok {
		name, _ := cond.Str()
		return append(alternatives(yes, withFact(when, name, true)), alternatives(no, withFact(when, name, false))...)
	}
	return []alternative{{n, when}}
}

func withFact(fs []conditions.Fact, name string, v bool) []conditions.Fact {
	return append(slices.Clip(fs), conditions.Fact{Name: name, Value: v})
}

// reportedBefore reports whether a was already reported through another value
// of the same resource.
func reportedBefore(earlier []identity, a identity) bool {
	for _, b := range earlier {
		if b.e == a.e && b.same(a) {
			return true
		}
	}
	return false
}

// identifiers returns the primary identifier properties of a type that a
// template sets, or nil.
func (r *ruleRun) identifiers(typ string) []string {
	if ids, ok := identifierOverrides[typ]; ok {
		return ids
	}
	rt := r.spec.ResourceType(typ)
	if rt == nil || len(rt.PrimaryIdentifier) == 0 {
		return nil
	}
	for _, id := range rt.PrimaryIdentifier {
		if strings.Contains(id, "/") || slices.Contains(rt.ReadOnly, id) {
			return nil
		}
	}
	return rt.PrimaryIdentifier
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = jsonschema.PyStr(n)
	}
	return out
}

// same reports whether two identities hold the same values.
func (a identity) same(b identity) bool {
	return slices.EqualFunc(a.values, b.values, template.Equal)
}
