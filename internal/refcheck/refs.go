package refcheck

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// checkRefs reports references to names the template does not define.
func (c *checker) checkRefs() {
	for _, r := range c.refs {
		// Template-level Metadata is not resolved by CloudFormation; macro input is
		// the macro's business.
		if r.MacroInput || r.Section == "Metadata" {
			continue
		}
		switch r.Kind {
		case refs.KindRef:
			c.checkRef(r)
		case refs.KindGetAtt:
			c.checkGetAtt(r)
		case refs.KindSub:
			c.checkSubVar(r)
		case refs.KindDependsOn:
			c.checkDependsOn(r)
		case refs.KindCondition:
			c.checkConditionName(r)
		case refs.KindFindInMap:
			c.checkMapName(r)
		}
	}
}

// external reports whether an undefined name may be defined outside the
// template text: by an AWS::Include snippet, or a Fn::ForEach loop the
// transform does not expand. (What the SAM transform makes is in the index.)
// Other macros are not presumed to define names: cfn-lint does not presume it
// either, and real templates that use macros still define what they reference.
func (c *checker) external(name string) bool {
	return c.includes || c.ix.MayProduce(refs.Resources, name)
}

// resource returns the entry of the resource name declares, one the SAM
// transform makes included, or nil.
func (c *checker) resource(name string) *template.Entry {
	if d := c.ix.Decl(refs.Resources, name); d != nil {
		return d.Entry
	}
	return nil
}

// refCandidates lists what Ref may name in a section.
func (c *checker) refCandidates(sec string) []string {
	out := names(c.t.Parameters)
	if sec != "Conditions" && sec != "Rules" {
		out = append(out, c.ix.Names(refs.Resources)...)
	}
	return append(out, lang.PseudoNames()...)
}

func (c *checker) checkRef(r *refs.Ref) {
	if r.Section == "Parameters" || lang.IsPseudo(r.Name) || c.t.Parameter(r.Name) != nil {
		return
	}
	res := resourceOf(r.Section, r.Entry)
	if c.resource(r.Name) != nil {
		if r.Section == "Conditions" || r.Section == "Rules" {
			c.errorf(r.Range, codeRef, res, "Ref to resource %q is not allowed in %s: only parameters and pseudo parameters", r.Name, r.Section)
		}
		return
	}
	if c.external(r.Name) {
		return
	}
	what := "a parameter, resource or pseudo parameter"
	if r.Section == "Conditions" || r.Section == "Rules" {
		what = "a parameter or pseudo parameter"
	}
	hint, fix := didYouMean(r.Name, c.refCandidates(r.Section), r.Range)
	c.report(r.Range, diag.Error, codeRef, res, fmt.Sprintf("Ref %q is not %s of this template.%s", r.Name, what, hint), fix)
}

func (c *checker) checkGetAtt(r *refs.Ref) {
	if r.Section == "Conditions" || r.Section == "Parameters" || r.Section == "Rules" {
		return // the function is not allowed there at all (shapes.go)
	}
	res := resourceOf(r.Section, r.Entry)
	e := c.resource(r.Name)
	if e == nil {
		if c.external(r.Name) {
			return
		}
		hint, fix := didYouMean(r.Name, c.ix.Names(refs.Resources), r.Range)
		c.report(r.Range, diag.Error, codeGetAtt, res, fmt.Sprintf("Fn::GetAtt: resource %q is not defined.%s", r.Name, hint), fix)
		return
	}
	if r.Attr == "" {
		return
	}
	c.checkAttr(e, r.Attr, r.AttrRange, codeGetAtt, res)
}

// maxListed bounds the attribute names a message lists.
const maxListed = 12

// samGenerated maps SAM resource types to the resource whose attributes GetAtt
// reaches after the transform.
var samGenerated = map[string]string{
	"AWS::Serverless::Function":     "AWS::Lambda::Function",
	"AWS::Serverless::Api":          "AWS::ApiGateway::RestApi",
	"AWS::Serverless::HttpApi":      "AWS::ApiGatewayV2::Api",
	"AWS::Serverless::SimpleTable":  "AWS::DynamoDB::Table",
	"AWS::Serverless::StateMachine": "AWS::StepFunctions::StateMachine",
	"AWS::Serverless::LayerVersion": "AWS::Lambda::LayerVersion",
}

// attributes returns the attribute names a resource offers, and whether any
// attribute is accepted (custom, SAM, unknown types).
func (c *checker) attributes(e *template.Entry) ([]string, bool) {
	typ := e.Type()
	if typ == "" || schema.IsCustomResource(typ) || schema.IsModule(typ) || c.spec == nil {
		return nil, true
	}
	types := []string{typ}
	if strings.HasPrefix(typ, "AWS::Serverless::") {
		gen, ok := samGenerated[typ]
		if !ok {
			return nil, true
		}
		types = append(types, gen)
	}
	seen := map[string]bool{}
	var out []string
	for _, tn := range types {
		rt := c.spec.ResourceType(tn)
		if rt == nil {
			return nil, true
		}
		for n := range rt.Attributes {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out, false
}

// hasAttribute reports whether the spec lists attr for a resource type or for
// the type SAM generates from it: the common case, answered without building
// the sorted attribute list that attributes returns.
func (c *checker) hasAttribute(typ, attr string) bool {
	if c.spec == nil {
		return false
	}
	for _, tn := range [...]string{typ, samGenerated[typ]} {
		if tn == "" {
			continue
		}
		if rt := c.spec.ResourceType(tn); rt != nil && rt.Attributes[attr] != nil {
			return true
		}
	}
	return false
}

// checkAttr reports an attribute the resource's type does not have.
func (c *checker) checkAttr(e *template.Entry, attr string, rng template.Range, code, res string) {
	if e.Type() == "AWS::CloudFormation::Stack" {
		if out, ok := strings.CutPrefix(attr, "Outputs."); ok {
			c.checkChildOutput(e, out, rng, code, res)
			return
		}
	}
	if c.hasAttribute(e.Type(), attr) {
		return
	}
	attrs, any := c.attributes(e)
	if any {
		return
	}
	for _, a := range attrs {
		if a == attr {
			return
		}
	}
	// CloudFormation also answers GetAtt for many plain properties; accept those
	// rather than risk a false alarm.
	if rt := c.spec.ResourceType(e.Type()); rt != nil && !strings.Contains(attr, ".") && rt.Properties[attr] != nil {
		return
	}
	if e.Type() == "AWS::CloudFormation::Stack" {
		attrs = append(attrs, "Outputs.<name>")
	}
	hint, fix := didYouMean(attr, attrs, rng)
	list := ""
	switch {
	case len(attrs) == 0:
		list = " (it has none)"
	case len(attrs) <= maxListed:
		list = " (attributes: " + strings.Join(attrs, ", ") + ")"
	}
	c.report(rng, diag.Error, code, res,
		fmt.Sprintf("Resource %q (%s) has no attribute %q%s.%s", e.Name, e.Type(), attr, list, hint), fix)
}

func (c *checker) checkSubVar(r *refs.Ref) {
	res := resourceOf(r.Section, r.Entry)
	if r.Section == "Parameters" {
		return
	}
	if r.Attr == "" {
		if lang.IsPseudo(r.Name) || c.t.Parameter(r.Name) != nil || c.resource(r.Name) != nil || c.external(r.Name) {
			return
		}
		hint, fix := didYouMean(r.Name, c.refCandidates(r.Section), r.Range)
		c.report(r.Range, diag.Error, codeSub, res, fmt.Sprintf("Fn::Sub: variable ${%s} is not a parameter, resource or pseudo parameter of this template.%s", r.Name, hint), fix)
		return
	}
	e := c.resource(r.Name)
	if e == nil {
		if c.external(r.Name) {
			return
		}
		hint, fix := didYouMean(r.Name, c.ix.Names(refs.Resources), r.Range)
		c.report(r.Range, diag.Error, codeSub, res, fmt.Sprintf("Fn::Sub: variable ${%s.%s} names resource %q, which is not defined.%s", r.Name, r.Attr, r.Name, hint), fix)
		return
	}
	c.checkAttr(e, r.Attr, r.AttrRange, codeSub, res)
}

func (c *checker) checkDependsOn(r *refs.Ref) {
	if target := c.resource(r.Name); target != nil {
		// An unconditional resource cannot wait for one that may not exist.
		cond, _ := target.Get("Condition").Str()
		src := c.t.Resource(r.Entry)
		if cond != "" && src != nil && src.Get("Condition") == nil {
			c.errorf(r.Range, codeDependsOn, r.Entry, "DependsOn: resource %q exists only when condition %q is true, and %q has no Condition", r.Name, cond, r.Entry)
		}
		return
	}
	if c.external(r.Name) {
		return
	}
	hint, fix := didYouMean(r.Name, c.ix.Names(refs.Resources), r.Range)
	c.report(r.Range, diag.Error, codeDependsOn, r.Entry, fmt.Sprintf("DependsOn: resource %q is not defined.%s", r.Name, hint), fix)
}

func (c *checker) checkConditionName(r *refs.Ref) {
	if c.t.Condition(r.Name) != nil || c.ix.MayProduce(refs.Conditions, r.Name) {
		return
	}
	code := codeCondFn
	switch {
	case r.Fn.IsIntrinsic("Fn::If"):
		code = codeIf
	case r.Fn.IsIntrinsic("Condition"):
		code = conditionCode(r.Fn)
	case r.Section == "Resources":
		code = codeResCondition
	case r.Section == "Outputs":
		code = codeOutCondition
	}
	if r.Section == "Rules" {
		return // RuleCondition holds rule functions, not condition names
	}
	hint, fix := didYouMean(r.Name, names(c.t.Conditions), r.Range)
	c.report(r.Range, diag.Error, code, resourceOf(r.Section, r.Entry), fmt.Sprintf("Condition %q is not defined.%s", r.Name, hint), fix)
}

// conditionCode returns the rule code for a problem with a Condition function,
// after the condition function that contains it.
func conditionCode(n *template.Node) string {
	p := n.Parent
	for p != nil && p.Kind == template.Sequence {
		p = p.Parent
	}
	if p != nil && p.Kind == template.Intrinsic {
		switch p.Fn {
		case "Fn::And":
			return codeAnd
		case "Fn::Or":
			return codeOr
		case "Fn::Not":
			return codeNot
		case "Fn::If":
			return codeIf
		case "Fn::Equals":
			return codeEquals
		}
	}
	return codeCondFn
}

func (c *checker) checkMapName(r *refs.Ref) {
	if c.t.Mapping(r.Name) != nil {
		return
	}
	if c.includes || hasDefaultValue(r.Fn) {
		return // the DefaultValue stands for what the map lacks (as cfn-lint reads it)
	}
	hint, fix := didYouMean(r.Name, names(c.t.Mappings), r.Range)
	c.report(r.Range, diag.Error, codeFindInMap, resourceOf(r.Section, r.Entry), fmt.Sprintf("Fn::FindInMap: mapping %q is not defined.%s", r.Name, hint), fix)
}

// hasDefaultValue reports whether a Fn::FindInMap gives a DefaultValue
// (AWS::LanguageExtensions).
func hasDefaultValue(fn *template.Node) bool {
	a := fn.Arg
	return a != nil && a.Kind == template.Sequence && len(a.Items) == 4 && a.Items[3].Get("DefaultValue") != nil
}
