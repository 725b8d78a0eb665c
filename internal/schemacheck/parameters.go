package schemacheck

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/suggest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// awsParamTypes are the AWS-specific parameter value types; each also exists as
// List<T> (except KeyPair and SSM names), and wrapped in AWS::SSM::Parameter::Value<>.
var awsParamTypes = []string{
	"AWS::EC2::AvailabilityZone::Name", "AWS::EC2::Image::Id", "AWS::EC2::Instance::Id",
	"AWS::EC2::KeyPair::KeyName", "AWS::EC2::SecurityGroup::GroupName", "AWS::EC2::SecurityGroup::Id",
	"AWS::EC2::Subnet::Id", "AWS::EC2::VPC::Id", "AWS::EC2::Volume::Id", "AWS::Route53::HostedZone::Id",
	"AWS::SSM::Parameter::Name",
}

// paramTypes lists the documented parameter types; listTypes marks the list ones.
var paramTypes, listTypes = func() ([]string, map[string]bool) {
	single := append([]string{"String", "Number"}, awsParamTypes...)
	lists := []string{"CommaDelimitedList", "List<Number>", "List<String>"}
	for _, t := range awsParamTypes {
		if t != "AWS::EC2::KeyPair::KeyName" && t != "AWS::SSM::Parameter::Name" {
			lists = append(lists, "List<"+t+">")
		}
	}
	var all []string
	isList := map[string]bool{}
	for _, t := range single {
		all = append(all, t, "AWS::SSM::Parameter::Value<"+t+">")
	}
	for _, t := range lists {
		all = append(all, t, "AWS::SSM::Parameter::Value<"+t+">")
		isList[t], isList["AWS::SSM::Parameter::Value<"+t+">"] = true, true
	}
	return all, isList
}()

// Parameter attributes: all of them, and those allowed for Number and for the other types.
var (
	paramKeys       = []string{"AllowedPattern", "AllowedValues", "ConstraintDescription", "Default", "Description", "MaxLength", "MaxValue", "MinLength", "MinValue", "NoEcho", "Type"}
	numberParamKeys = []string{"AllowedValues", "ConstraintDescription", "Default", "Description", "MaxValue", "MinValue", "NoEcho", "Type"}
	stringParamKeys = []string{"AllowedPattern", "AllowedValues", "ConstraintDescription", "Default", "Description", "MaxLength", "MinLength", "NoEcho", "Type"}
)

// paramKeyKinds gives the kind each parameter attribute must have.
var paramKeyKinds = map[string]string{
	"AllowedPattern": "string", "ConstraintDescription": "string", "Default": "string",
	"Description": "string", "Type": "string", "MaxLength": "integer", "MinLength": "integer",
	"MaxValue": "number", "MinValue": "number", "NoEcho": "boolean", "AllowedValues": "array",
}

// checkParameters checks the Parameters section (E2001, E2002, E2015).
func (c *checker) checkParameters() {
	for _, e := range c.t.Parameters {
		if strings.HasPrefix(e.Name, "Fn::") {
			continue // Fn::Transform includes
		}
		c.checkName(e.Key, "E2001")
		if e.Value.Kind != template.Mapping {
			if e.Value.Kind != template.Intrinsic {
				c.report(e.Key.Range, "E2001", jsonschema.Repr(e.Value)+" is not of type 'object'")
			}
			continue
		}
		c.checkParameter(e)
	}
}

func (c *checker) checkParameter(e *template.Entry) {
	v := e.Value
	defer c.checkDefault(v)
	typ, _ := v.Get("Type").Str()
	allowed := stringParamKeys
	if typ == "Number" {
		allowed = numberParamKeys
	}
	for _, p := range v.Pairs {
		key := p.Key.Value
		switch {
		case !contains(paramKeys, key):
			c.unknownKey(p.Key, "E2001", allowed)
			continue
		case !contains(allowed, key):
			c.report(p.Key.Range, "E2001", jsonschema.PyStr(key)+" is not one of "+jsonschema.ListRepr(allowed))
			continue
		}
		c.checkParamValue(key, p.Value)
	}
	t := v.Get("Type")
	switch {
	case t == nil:
		c.report(e.Key.Range, "E2001", "'Type' is a required property")
		return
	case t.Kind != template.Scalar:
		return
	case !knownParamType(typ):
		msg := jsonschema.PyStr(typ) + " is not a valid parameter type"
		best := suggest.Closest(typ, paramTypes)
		if best != "" {
			msg += ". Did you mean " + jsonschema.PyStr(best) + "?"
		}
		d := c.report(t.Range, "E2002", msg)
		if best != "" {
			d.Fix = &diag.Fix{Title: "Change to " + best, Range: t.Range, NewText: best}
		}
	}
}

func knownParamType(typ string) bool {
	return contains(paramTypes, typ) ||
		strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") || strings.HasPrefix(typ, "List<")
}

// checkParamValue checks the kind of a parameter attribute's value, with the
// same coercions as properties.
func (c *checker) checkParamValue(key string, n *template.Node) {
	kind := paramKeyKinds[key]
	switch {
	case n.Kind == template.Intrinsic:
	case n.Kind == template.Null:
		// CloudFormation reads a parameter's attributes strictly: an empty
		// value is not of the attribute's type (cfn-lint says the same).
		if kind != "" {
			c.report(n.Range, "E2001", "None is not of type '"+kind+"'")
		}
	case kind == "array":
		if n.Kind != template.Sequence {
			c.report(n.Range, "E2001", jsonschema.Repr(n)+" is not of type 'array'")
			return
		}
		for _, it := range n.Items {
			if it.Kind != template.Scalar && it.Kind != template.Null {
				c.report(it.Range, "E2001", jsonschema.Repr(it)+" is not of type 'string'")
			}
		}
	case n.Kind != template.Scalar:
		c.report(n.Range, "E2001", jsonschema.Repr(n)+" is not of type '"+kind+"'")
	case kind != "" && kind != "string" && !jsonschema.ScalarIs(n, kind):
		c.report(n.Range, "E2001", jsonschema.Repr(n)+" is not of type '"+kind+"'")
	}
}

// checkDefault checks that a parameter's Default satisfies its own constraints
// (E2015), as cfn-lint does. A list parameter's Default is checked item by item.
func (c *checker) checkDefault(p *template.Node) {
	typ, _ := p.Get("Type").Str()
	isList := listTypes[typ]
	def := p.Get("Default")
	if def == nil || def.Kind != template.Scalar {
		return
	}
	whole := c.defaultProblems(p, scalarText(def), def)
	if isList && len(whole) > 0 {
		items := map[string]bool{}
		for _, s := range strings.Split(def.Value, ",") {
			for _, m := range c.defaultProblems(p, strings.TrimSpace(s), nil) {
				items[m] = true
			}
		}
		var both []string
		for _, m := range whole {
			if items[m] {
				both = append(both, m)
			}
		}
		whole = both
	}
	for _, m := range whole {
		c.report(def.Range, "E2015", m)
	}
}

// defaultProblems returns the constraint messages a default value breaks. num is
// the Default node when its YAML type is meaningful for MinValue/MaxValue.
func (c *checker) defaultProblems(p *template.Node, val string, num *template.Node) []string {
	var out []string
	if pat, ok := p.Get("AllowedPattern").Str(); ok && pat != "" {
		if re, err := regexp.Compile(`^(?:` + pat + `)`); err == nil && !jsonschema.PatternMatches(re, val) {
			out = append(out, "Default should be allowed by AllowedPattern")
		}
	}
	if num != nil && num.Type == template.Int {
		d, _ := strconv.ParseInt(num.Text(), 10, 64)
		if mn := p.Get("MinValue"); mn != nil && mn.Type == template.Int && mn.Kind == template.Scalar {
			if m, err := strconv.ParseInt(mn.Text(), 10, 64); err == nil && m != 0 && d < m {
				out = append(out, "Default should be equal to or higher than MinValue")
			}
		}
		if mx := p.Get("MaxValue"); mx != nil && mx.Type == template.Int && mx.Kind == template.Scalar {
			if m, err := strconv.ParseInt(mx.Text(), 10, 64); err == nil && d > m {
				out = append(out, "Default should be less than or equal to MaxValue")
			}
		}
	}
	if av := p.Get("AllowedValues"); av != nil && av.Kind == template.Sequence && len(av.Items) > 0 {
		found := false
		for _, it := range av.Items {
			if it.Kind != template.Scalar || scalarText(it) == val {
				found = true // an odd entry: give the benefit of the doubt
				break
			}
		}
		if !found {
			out = append(out, "Default should be a value within AllowedValues")
		}
	}
	l := utf8.RuneCountInString(val)
	if mn := p.Get("MinLength"); mn != nil && mn.Type == template.Int {
		if m, err := strconv.Atoi(mn.Text()); err == nil && l < m {
			out = append(out, "Default should have a length above or equal to MinLength")
		}
	}
	if mx := p.Get("MaxLength"); mx != nil && mx.Type == template.Int {
		if m, err := strconv.Atoi(mx.Text()); err == nil && l > m {
			out = append(out, "Default should have a length below or equal to MaxLength")
		}
	}
	return out
}

// scalarText is a scalar's value as text; booleans as Python prints them.
func scalarText(n *template.Node) string {
	if n.Type == template.Bool {
		return jsonschema.Repr(n)
	}
	return n.Text()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
