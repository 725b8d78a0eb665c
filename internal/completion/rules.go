package completion

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
)

// This file completes the Rules section: the keys of a rule and of its
// assertions, and the arguments of the rule functions.

// isAssertion reports whether eff (effective path, from the Rules section) is an
// item of a rule's Assertions list.
func isAssertion(eff []seg) bool {
	return len(eff) == 4 && eff[2].key == "Assertions" && eff[3].item
}

// inRuleFunction reports whether a value at (eff, key) belongs to a rule's
// RuleCondition or to an assertion's Assert, where rule functions stand.
func inRuleFunction(eff []seg, key string) bool {
	switch {
	case len(eff) == 2:
		return key == "RuleCondition"
	case len(eff) >= 3 && eff[2].key == "RuleCondition":
		return true
	case isAssertion(eff):
		return key == "Assert"
	case len(eff) >= 5 && isAssertion(eff[:4]) && eff[4].key == "Assert":
		return true
	}
	return false
}

// ruleKeys offers the keys of a rule (RuleCondition, Assertions) or of an
// assertion (Assert, AssertDescription); a rule's name is free: nothing there.
func (c *completer) ruleKeys(eff []seg, present map[string]bool) {
	cur := c.cur
	switch {
	case len(eff) == 2, isAssertion(eff):
		assertion := len(eff) == 4
		for i, k := range lang.RuleKeys {
			if k.Assertion != assertion || present[k.Name] {
				continue
			}
			name := k.Name
			detail := "Rule attribute"
			if assertion {
				detail = "Assertion attribute"
			}
			c.keyItem(Item{Label: name, Kind: KindKeyword, Detail: detail, Documentation: k.Summary, SortText: string(rune('0'+i)) + name}, func(s *snip, ind string) {
				switch name {
				case "RuleCondition", "Assert":
					c.functionValue(s)
				case "Assertions":
					if cur.json {
						s.lit(`[{"Assert": `)
						c.functionValue(s)
						s.lit(`, "AssertDescription": `)
						c.jsonScalarTab(s, nil)
						s.lit("}]")
						return
					}
					item := ind + c.spaces(cur.unit)
					s.lit("\n" + item + "- Assert: ")
					s.tab("")
					s.lit("\n" + item + "  AssertDescription: ")
					s.tab("")
				default:
					c.scalarValue(s, ind)
				}
			})
		}
	case inRuleFunction(eff, ""):
		if cur.ambiguous {
			c.functions(false) // "- " in the list of a long-form function
			return
		}
		c.longFunctions(false)
	}
}

// functionValue writes the empty value of a key that takes a function: a tab
// stop after the space in YAML (a "!" there offers the short forms), an object
// in JSON (whose keys are the long forms).
func (c *completer) functionValue(s *snip) {
	if c.cur.json {
		s.lit("{")
		s.tab("")
		s.lit("}")
		return
	}
	s.lit(" ")
	s.tab("")
}

// ruleFunctionArg completes the argument of a function inside a rule; false
// when fn is not one whose arguments are names or types.
func (c *completer) ruleFunctionArg() bool {
	cur := c.cur
	arg := cur.arg
	switch cur.fn {
	case "Ref":
		if arg < 0 && !cur.isKey {
			c.parameters()
			c.pseudo()
		}
		return true
	case "Fn::RefAll":
		if arg < 0 && !cur.isKey {
			c.parameterTypes(false)
		}
		return true
	case "Fn::ValueOf":
		switch arg {
		case 0:
			c.parameters()
		case 1:
			if len(cur.prev) > 0 && c.t != nil {
				if p := c.t.Parameter(cur.prev[0]); p != nil {
					typ, _ := p.Value.Get("Type").Str()
					c.valueAttributes(typ)
				}
			}
		}
		return true
	case "Fn::ValueOfAll":
		switch arg {
		case 0:
			c.parameterTypes(true)
		case 1:
			if len(cur.prev) > 0 {
				c.valueAttributes(cur.prev[0])
			}
		}
		return true
	}
	return false
}

// parameters offers the names of the template's parameters.
func (c *completer) parameters() {
	for _, e := range c.entries("Parameters") {
		typ, _ := e.Value.Get("Type").Str()
		c.add(Item{Label: e.Name, Kind: KindVariable, Detail: "Parameter " + typ, SortText: "1"}, c.quoted(e.Name), false)
	}
}

// parameterTypes offers the AWS-specific parameter types (and their lists),
// those whose values name something that exists in the account.
func (c *completer) parameterTypes(lists bool) {
	for i, t := range ParameterTypes {
		if strings.HasPrefix(t, "AWS::SSM::") || !strings.HasPrefix(t, "AWS::") && !(lists && strings.HasPrefix(t, "List<AWS::")) {
			continue
		}
		c.value(t, KindValue, "Parameter type", string(rune('a'+i/26))+string(rune('a'+i%26)))
	}
}

// valueAttributes lists, by AWS-specific parameter type, the attributes that
// Fn::ValueOf and Fn::ValueOfAll can read.
var valueAttributes = map[string][]string{
	"AWS::EC2::VPC::Id":           {"DefaultNetworkAcl", "DefaultSecurityGroup", "Tags.Name"},
	"AWS::EC2::Subnet::Id":        {"AvailabilityZone", "Tags.Name", "VpcId"},
	"AWS::EC2::SecurityGroup::Id": {"Tags.Name"},
}

// valueAttributes offers the attributes of a parameter type (a list type: of its items).
func (c *completer) valueAttributes(typ string) {
	typ = strings.TrimSuffix(strings.TrimPrefix(typ, "List<"), ">")
	for _, a := range valueAttributes[typ] {
		c.value(a, KindField, typ)
	}
}
