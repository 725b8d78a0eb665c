package schemacheck

import (
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// outputKeys are the keys an output may have. Whether Value is present is
// refcheck's business.
var outputKeys = []string{"Condition", "Description", "Export", "Value"}

// checkOutputs checks the structure of the Outputs section (E6001).
func (c *checker) checkOutputs() {
	for _, e := range c.t.Outputs {
		if strings.HasPrefix(e.Name, "Fn::") {
			continue // Fn::ForEach loops and Fn::Transform includes
		}
		c.checkName(e.Key, "E6001")
		v := e.Value
		if v.Kind != template.Mapping {
			if v.Kind != template.Intrinsic {
				c.report(e.Key.Range, "E6001", jsonschema.Repr(v)+" is not of type 'object'")
			}
			continue
		}
		for _, p := range v.Pairs {
			switch p.Key.Value {
			case "Value":
				c.checkOutputValue(e, p)
			case "Condition":
				c.expectString(p.Value, "E6001")
			case "Description":
				c.expectString(p.Value, "E6003")
			case "Export":
				c.checkExport(p)
			default:
				c.unknownKey(p.Key, "E6001", outputKeys)
			}
		}
	}
}

// outputValue is what an output's Value must yield: a string (E6101).
var outputValue = jsonschema.NewDocument("output value", map[string]any{"type": []any{"string"}}, nil).Root()

// outputFunctions are the functions an output's Value may use.
var outputFunctions = jsonschema.FunctionSet("Ref", "Fn::Base64", "Fn::Cidr", "Fn::Contains", "Fn::FindInMap", "Fn::GetAtt",
	"Fn::GetAZs", "Fn::If", "Fn::ImportValue", "Fn::Join", "Fn::Length", "Fn::Select", "Fn::Split", "Fn::Sub",
	"Fn::ToJsonString", "Fn::Transform")

// checkOutputValue checks that an output's Value yields a string (E6101): a
// list, an object, a list-valued function or an attribute of another type
// does not, and CloudFormation rejects the output.
func (c *checker) checkOutputValue(e *template.Entry, p *template.Pair) {
	if p.Value.Kind == template.Null || c.spec == nil {
		return
	}
	conds := conditions.Of(e)
	v := c.validator()
	v.Regions = c.regions
	for _, err := range v.Validate(p.Value, outputValue, jsonschema.Place{At: p.Key.Range, Conds: conds, Functions: outputFunctions, NoHooks: true}) {
		if err.Rule[0] == 'E' {
			err.Rule = "E6101" // a function's type mismatch too: cfn-lint files it under the output rule
		}
		c.out = append(c.out, c.diagnostic(err))
	}
}

// checkExport checks an output's Export: a mapping with exactly a Name.
func (c *checker) checkExport(p *template.Pair) {
	x := p.Value
	switch x.Kind {
	case template.Intrinsic, template.Null:
		return
	case template.Mapping:
	default:
		c.report(x.Range, "E6001", jsonschema.Repr(x)+" is not of type 'object'")
		return
	}
	for _, q := range x.Pairs {
		if q.Key.Value != "Name" && !strings.HasPrefix(q.Key.Value, "Fn::") {
			c.unknownKey(q.Key, "E6001", []string{"Name"})
		}
	}
	if x.GetPair("Name") == nil && !hasFnKey(x.Pairs) {
		c.report(p.Key.Range, "E6002", "'Name' is a required property")
	}
}

var (
	mapKey   = regexp.MustCompile(`^[a-zA-Z0-9.-]+$`)
	mapValue = "'string', 'boolean', 'integer', 'number', 'array'"
)

// checkMappings checks the Mappings section: a map of maps of values (E7001).
func (c *checker) checkMappings() {
	for _, e := range c.t.Mappings {
		if strings.HasPrefix(e.Name, "Fn::") {
			continue // Fn::Transform includes
		}
		c.checkName(e.Key, "E7001")
		if !c.mappingLevel(e.Key, e.Value) {
			continue
		}
		for _, top := range e.Value.Pairs {
			if strings.HasPrefix(top.Key.Value, "Fn::") {
				continue
			}
			if !mapKey.MatchString(top.Key.Value) {
				c.report(top.Key.Range, "E7001", jsonschema.PyStr(top.Key.Value)+" does not match any of the regexes: '^[a-zA-Z0-9.-]+$'")
			}
			if !c.mappingLevel(top.Key, top.Value) {
				continue
			}
			for _, second := range top.Value.Pairs {
				if strings.HasPrefix(second.Key.Value, "Fn::") {
					continue
				}
				c.checkName(second.Key, "E7001")
				switch second.Value.Kind {
				case template.Mapping, template.Intrinsic:
					c.report(second.Value.Range, "E7001", jsonschema.Repr(second.Value)+" is not of type "+mapValue)
				}
			}
		}
	}
}

// mappingLevel checks that a level of a mapping is a non-empty map and reports
// whether to descend into it.
func (c *checker) mappingLevel(key, v *template.Node) bool {
	switch v.Kind {
	case template.Mapping:
		if len(v.Pairs) == 0 {
			c.report(key.Range, "E7001", "expected minimum property count: 1, found: 0")
			return false
		}
		return true
	case template.Intrinsic:
		return false
	}
	c.report(key.Range, "E7001", jsonschema.Repr(v)+" is not of type 'object'")
	return false
}

// hasFnKey reports whether a mapping holds a key that a function or a
// transform stands in (Fn::Transform, Fn::ForEach::...).
func hasFnKey(pairs []*template.Pair) bool {
	for _, p := range pairs {
		if strings.HasPrefix(p.Key.Value, "Fn::") || p.Key.Value == "Ref" {
			return true
		}
	}
	return false
}
