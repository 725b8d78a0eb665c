package completion

import (
	"time"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

func (c *completer) values(eff []seg, sec, key string) {
	cur := c.cur
	switch {
	case len(eff) == 0:
		switch key {
		case "AWSTemplateFormatVersion":
			c.value("2010-09-09", KindValue, "")
		case "Transform":
			for _, t := range []string{"AWS::Serverless-2016-10-31", "AWS::LanguageExtensions", "AWS::Include", "AWS::CodeDeployBlueGreen"} {
				c.value(t, KindValue, "Transform")
			}
		}
		return
	case sec == "Resources" && len(eff) == 2:
		switch key {
		case "Type":
			c.resourceTypes(eff[1].key)
		case "DeletionPolicy", "UpdateReplacePolicy":
			for _, p := range policies(key) {
				c.value(p, KindEnum, key)
			}
		case "DependsOn":
			c.resources(false)
		case "Condition":
			c.conditions()
		}
		return
	case sec == "Resources" && len(eff) >= 3 && eff[2].key == "DependsOn":
		c.resources(false)
		return
	case policyAction(eff, key):
		c.iamActions()
		return
	case sec == "Resources" && len(eff) >= 3 && eff[2].key == "Properties":
		rt, obj, vt := c.propertyAt(eff)
		if rt != nil {
			if key != "" && obj != nil {
				if p := obj.Properties[key]; p != nil {
					vt = &p.Type
				} else {
					vt = nil
				}
			} else if key != "" {
				vt = nil
			}
			if vt != nil {
				c.scalarValues(rt, vt)
				if sh := shapeOf(rt, vt); sh == shapeObject || sh == shapeMap {
					return // an object: its keys go on the next lines
				}
			}
		}
		c.functions(false)
		return
	case sec == "Parameters" && len(eff) == 2:
		switch key {
		case "Type":
			for i, t := range ParameterTypes {
				c.value(t, KindValue, "Parameter type", string(rune('a'+i/26))+string(rune('a'+i%26)))
			}
		case "NoEcho":
			c.value("true", KindValue, "")
			c.value("false", KindValue, "")
		}
		return
	case sec == "Outputs" && len(eff) == 2 && key == "Condition":
		c.conditions()
		return
	case sec == "Conditions":
		c.functions(false)
		return
	case sec == "Rules":
		if inRuleFunction(eff, key) {
			c.functions(false)
		}
		return
	case sec == "Mappings", sec == "Metadata", sec == "Parameters", sec == "Description":
		return
	}
	if !cur.inString {
		c.functions(false)
	}
}

// value adds a scalar value item.
func (c *completer) value(v string, kind Kind, detail string, sortKey ...string) {
	it := Item{Label: v, Kind: kind, Detail: detail}
	if len(sortKey) > 0 {
		it.SortText = "1" + sortKey[0]
	}
	text := c.quoted(v)
	if c.cur.quote == 0 && kind == KindValue && (v == "true" || v == "false") {
		text = v
	}
	c.add(it, text, false)
}

func (c *completer) scalarValues(rt *schema.ResourceType, vt *schema.ValueType) {
	for _, e := range vt.Enum {
		if lr := c.spec.LambdaRuntime(e); lr != nil {
			c.runtime(lr)
			continue
		}
		c.value(e, KindEnum, "Allowed value", e)
	}
	if vt.Kind.Has(schema.KindBoolean) {
		c.value("true", KindValue, "Boolean", "true")
		c.value("false", KindValue, "Boolean", "false")
	}
}

// runtime adds a Lambda runtime: one that can no longer be used to create
// functions is marked deprecated and listed after the others, with its dates.
func (c *completer) runtime(lr *schema.LambdaRuntime) {
	now := c.req.Now
	if now.IsZero() {
		now = time.Now()
	}
	reached := func(date string) bool { return schema.Reached(date, now) }
	it := Item{Label: lr.Name, Kind: KindEnum, Detail: "Lambda runtime", SortText: "1" + lr.Name}
	switch {
	case reached(lr.CreateBlock):
		it.Detail, it.Deprecated, it.SortText = "Lambda runtime, retired: creating functions blocked since "+lr.CreateBlock, true, "9"+lr.Name
	case reached(lr.Deprecated):
		it.Detail = "Lambda runtime, deprecated since " + lr.Deprecated
	}
	if lr.Successor != "" && lr.Successor != lr.Name && (it.Deprecated || reached(lr.Deprecated)) {
		it.Detail += "; successor " + lr.Successor
	}
	c.add(it, c.quoted(lr.Name), false)
}

// ParameterTypes lists the values of a parameter's Type.
var ParameterTypes = func() []string {
	out := []string{"String", "Number", "List<Number>", "CommaDelimitedList"}
	aws := []string{"AWS::EC2::AvailabilityZone::Name", "AWS::EC2::Image::Id", "AWS::EC2::Instance::Id",
		"AWS::EC2::KeyPair::KeyName", "AWS::EC2::SecurityGroup::GroupName", "AWS::EC2::SecurityGroup::Id",
		"AWS::EC2::Subnet::Id", "AWS::EC2::Volume::Id", "AWS::EC2::VPC::Id", "AWS::Route53::HostedZone::Id"}
	out = append(out, aws...)
	for _, a := range aws {
		if a != "AWS::EC2::KeyPair::KeyName" {
			out = append(out, "List<"+a+">")
		}
	}
	out = append(out, "AWS::SSM::Parameter::Name", "AWS::SSM::Parameter::Value<String>",
		"AWS::SSM::Parameter::Value<List<String>>", "AWS::SSM::Parameter::Value<CommaDelimitedList>")
	for _, a := range aws {
		out = append(out, "AWS::SSM::Parameter::Value<"+a+">")
	}
	return out
}()
