package refcheck

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// This file implements W1001: a Ref, GetAtt or Sub variable naming a resource
// that has a Condition, used where that condition may be false. The site's
// conditions are its resource's or output's Condition and the branches of the
// Fn::If calls around it; the finding is reported only when they provably do
// not imply the target's condition (see package conditions). A DependsOn on
// such a resource is the same mistake, and an error (E3005): CloudFormation
// refuses the template whenever the resource that depends may exist without it.

// checkConditionalRefs reports references to conditional resources from sites
// where the resource may not exist.
func (c *checker) checkConditionalRefs() {
	if c.macros || len(c.t.Conditions) == 0 {
		return // a macro may rewrite anything; without conditions nothing is conditional
	}
	var set *conditions.Set
	for _, r := range c.refs {
		dependsOn := r.Kind == refs.KindDependsOn
		if r.MacroInput || (r.Kind != refs.KindRef && r.Kind != refs.KindGetAtt && r.Kind != refs.KindSub && !dependsOn) {
			continue
		}
		if r.Section != "Resources" && r.Section != "Outputs" {
			continue
		}
		target, cond := c.conditionalResource(r)
		if target == "" || (r.Section == "Resources" && r.Entry == target) {
			continue
		}
		site, ok := c.siteFacts(r)
		if !ok || (dependsOn && len(site) == 0) {
			continue // a DependsOn from a resource without Condition: checkDependsOn reports it
		}
		if set == nil {
			set = conditions.New(c.t)
		}
		implied, known := set.Implies(site, []conditions.Fact{{Name: cond, Value: true}})
		if !known || implied {
			continue
		}
		if dependsOn {
			c.errorf(r.Range, codeDependsOn, r.Entry,
				"DependsOn: resource %q exists only when condition %q is true, and %q may exist when it is false",
				r.Name, cond, r.Entry)
			continue
		}
		c.report(r.Range, diag.Warning, codeCondRef, resourceOf(r.Section, r.Entry), conditionalMessage(r, cond, site), c.ifFix(r, cond))
	}
}

// ifFix offers to use a property value only when the resource it names exists:
// the reference's intrinsic becomes `!If [cond, <it>, !Ref AWS::NoValue]`, which
// leaves the property out otherwise. It applies to an intrinsic written on one
// line that is a whole property value or an item of a list-valued property;
// nil elsewhere (inside other functions, in Outputs, in Metadata).
func (c *checker) ifFix(r *refs.Ref, cond string) *diag.Fix {
	fn := r.Fn
	if r.Section != "Resources" || fn == nil || fn.Kind != template.Intrinsic || fn.Range.Start.Line != fn.Range.End.Line {
		return nil
	}
	holder := fn.Parent
	if holder != nil && holder.Kind == template.Sequence {
		holder = holder.Parent
	}
	e := c.t.Resource(r.Entry)
	if holder == nil || holder.Kind != template.Mapping || e == nil {
		return nil
	}
	props := e.Get("Properties")
	inside := false
	for n := holder; n != nil && !inside; n = n.Parent {
		inside = n == props
	}
	if !inside {
		return nil
	}
	lines := c.t.Lines
	text := c.t.Text[lines.Offset(fn.Range.Start):lines.Offset(fn.Range.End)]
	wrapped := "!If [" + cond + ", " + text + ", !Ref AWS::NoValue]"
	if c.t.Format == template.JSON {
		wrapped = `{"Fn::If": ["` + cond + `", ` + text + `, {"Ref": "AWS::NoValue"}]}`
	}
	return &diag.Fix{Title: "Use it only when " + cond + " is true (Fn::If)", Range: fn.Range, NewText: wrapped}
}

// conditionalResource returns the resource r names and its condition, when
// that resource has one.
func (c *checker) conditionalResource(r *refs.Ref) (name, cond string) {
	d := c.ix.Resolve(r)
	if d == nil || d.Section != refs.Resources {
		return "", "" // a parameter, pseudo parameter or unknown name
	}
	cond, ok := d.Entry.Get("Condition").Str()
	if !ok || cond == "" {
		return "", ""
	}
	return r.Name, cond
}

// siteFacts returns the conditions the site of r stands under: the Condition
// of its resource or output, and the Fn::If branches around it. ok is false
// when the site is not a plain section entry (one a Fn::ForEach loop makes)
// or a condition is not written as a name.
func (c *checker) siteFacts(r *refs.Ref) (facts []conditions.Fact, ok bool) {
	e := c.t.Entry(r.Section, r.Entry)
	if e == nil {
		return nil, false
	}
	return factsAt(e, r.Node)
}

// factsAt returns the conditions under which node n of entry e is deployed: the
// entry's Condition and the branches of the Fn::If calls around n. ok is false
// when one of them is not a plain condition name.
func factsAt(e *template.Entry, n *template.Node) (facts []conditions.Fact, ok bool) {
	if c := e.Get("Condition"); c != nil {
		name, isStr := c.Str()
		if !isStr || name == "" {
			return nil, false
		}
		facts = append(facts, conditions.Fact{Name: name, Value: true})
	}
	for child, p := n, n.Parent; p != nil; child, p = p, p.Parent {
		condNode, yes, no, ok := p.Parent.IfArgs()
		if !ok || p.Parent.Arg != p {
			continue
		}
		var value bool
		switch child {
		case yes:
			value = true
		case no:
			value = false
		default:
			continue
		}
		name, isStr := condNode.Str()
		if !isStr || name == "" {
			return nil, false
		}
		facts = append(facts, conditions.Fact{Name: name, Value: value})
	}
	return facts, true
}

// conditionalMessage words a W1001 finding.
func conditionalMessage(r *refs.Ref, cond string, site []conditions.Fact) string {
	var b strings.Builder
	b.WriteString(refText(r))
	b.WriteString(": resource ")
	b.WriteString(r.Name)
	b.WriteString(" exists only when condition ")
	b.WriteString(cond)
	b.WriteString(" is true, but this ")
	b.WriteString(r.Kind.String())
	b.WriteString(" is used where ")
	b.WriteString(cond)
	b.WriteString(" may be false")
	for i, f := range site {
		if i == 0 {
			b.WriteString(" (under ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(f.Name)
		if f.Value {
			b.WriteString(" true")
		} else {
			b.WriteString(" false")
		}
	}
	if len(site) > 0 {
		b.WriteString(")")
	}
	return b.String()
}

// refText renders a reference as written: "Ref Key", "GetAtt Key.Arn", "Sub ${Key}".
func refText(r *refs.Ref) string {
	name := r.Name
	if r.Attr != "" {
		name += "." + r.Attr
	}
	switch r.Kind {
	case refs.KindSub:
		return "Sub ${" + name + "}"
	case refs.KindGetAtt:
		return "GetAtt " + name
	}
	return "Ref " + name
}
