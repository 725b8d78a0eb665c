package completion

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// ---- keys ----

func (c *completer) spaces(n int) string { return strings.Repeat(" ", n) }

// keyItem adds a key; value writes what follows "Key:" (YAML) or `"Key": ` (JSON)
// at indentation ind, the key's column.
func (c *completer) keyItem(it Item, value func(s *snip, ind string)) {
	cur := c.cur
	s := &snip{on: c.req.Snippets}
	ind := c.spaces(cur.col)
	r := c.rng()
	l := cur.lineText
	if cur.json {
		start, end := cur.start, cur.end
		hasColon := false
		if cur.quote != 0 {
			start--
			if end < len(l) && l[end] == '"' {
				end++
			}
			hasColon = strings.HasPrefix(strings.TrimLeft(l[end:], " \t"), ":")
		}
		r = c.rangeOf(start, end)
		it.FilterText = `"` + it.Label + `"`
		if hasColon {
			s.lit(`"` + it.Label + `"`)
		} else {
			s.lit(`"` + it.Label + `": `)
			if value != nil {
				value(s, ind)
			}
			if cur.nextIsKey {
				s.lit(",")
			}
			if cur.prevNeedsComma {
				p := cur.commaPos
				it.AdditionalEdits = []Edit{{Range: template.Range{Start: p, End: p}, NewText: ","}}
			}
		}
	} else {
		s.lit(it.Label)
		if !cur.keyHasColon {
			s.lit(":")
			if value != nil {
				value(s, ind)
			} else {
				s.lit(" ")
			}
		}
	}
	it.Edit = Edit{Range: r, NewText: s.String()}
	it.Snippet = c.req.Snippets && s.n > 0
	if it.SortText == "" {
		it.SortText = "5" // clients order equal sort texts by label
	}
	c.items = append(c.items, it)
}

// scalarValue writes an empty scalar value with a tab stop.
func (c *completer) scalarValue(s *snip, ind string) {
	if c.cur.json {
		c.jsonScalarTab(s, nil)
		return
	}
	s.lit(" ")
	s.tab("")
}

func (c *completer) blockValue(s *snip, ind string) {
	if c.cur.json {
		s.lit("{")
		s.tab("")
		s.lit("}")
		return
	}
	s.lit("\n" + ind + c.spaces(c.cur.unit))
	s.tab("")
}

var sectionValue = map[string]string{"AWSTemplateFormatVersion": "2010-09-09", "Transform": "AWS::Serverless-2016-10-31"}

func (c *completer) keys(eff []seg, sec string) {
	cur := c.cur
	if !cur.json && c.notAKeySlot() {
		return
	}
	present := c.siblings()
	switch {
	case cur.ambiguous && sec == "Resources" && len(eff) >= 3 && eff[2].key == "DependsOn":
		c.resources(false)
	case cur.ambiguous && policyAction(eff, ""):
		c.iamActions() // "- s3:Get": a list item, not a key
	case len(eff) == 0:
		for i, s := range template.Sections {
			if present[s] {
				continue
			}
			name := s
			c.keyItem(Item{Label: s, Kind: KindModule, Detail: "Section", SortText: string(rune('a'+i)) + s}, func(sn *snip, ind string) {
				if v, ok := sectionValue[name]; ok {
					if cur.json {
						sn.lit(`"`)
						sn.tab(v)
						sn.lit(`"`)
					} else {
						sn.lit(" ")
						sn.tab(v)
					}
					return
				}
				if name == "Description" {
					c.scalarValue(sn, ind)
					return
				}
				c.blockValue(sn, ind)
			})
		}
		if len(present) == 0 && !cur.json {
			c.items = append(c.items, skeleton(c.req, false)...)
		}
	case sec == "Resources" && len(eff) == 1:
		c.entitySnippet("Resource", resourceSnippet)
	case sec == "Resources" && len(eff) == 2:
		for _, a := range lang.ResourceAttributes {
			if present[a.Name] || a.Legacy {
				continue
			}
			c.keyItem(Item{Label: a.Name, Kind: KindKeyword, Detail: "Resource attribute", SortText: attributeRank[a.Name] + a.Name}, func(s *snip, ind string) {
				switch {
				case a.Name == "Properties":
					c.propertiesValue(s, ind, eff[1].key)
				case a.Object:
					c.blockValue(s, ind)
				case a.Name == "DeletionPolicy" || a.Name == "UpdateReplacePolicy":
					c.choiceValue(s, policies(a.Name))
				default:
					c.scalarValue(s, ind)
				}
			})
		}
	case sec == "Resources" && len(eff) >= 3 && eff[2].key == "Properties":
		c.propertyKeys(eff, present)
	case sec == "Resources" && len(eff) == 3 && eff[2].key == "CreationPolicy":
		c.simpleKeys([]string{"AutoScalingCreationPolicy", "ResourceSignal"}, present, true)
	case sec == "Resources" && len(eff) == 4 && eff[2].key == "CreationPolicy" && eff[3].key == "ResourceSignal":
		c.simpleKeys([]string{"Count", "Timeout"}, present, false)
	case sec == "Resources" && len(eff) == 3 && eff[2].key == "UpdatePolicy":
		c.simpleKeys([]string{"AutoScalingReplacingUpdate", "AutoScalingRollingUpdate", "AutoScalingScheduledAction", "CodeDeployLambdaAliasUpdate", "EnableVersionUpgrade", "UseOnlineResharding"}, present, true)
	case sec == "Parameters" && len(eff) == 1:
		c.entitySnippet("Parameter", parameterSnippet)
	case sec == "Parameters" && len(eff) == 2:
		for _, k := range parameterKeys {
			if present[k] {
				continue
			}
			k := k
			sort := "5"
			if k == "Type" {
				sort = "0"
			}
			c.keyItem(Item{Label: k, Kind: KindKeyword, Detail: "Parameter attribute", SortText: sort + k}, func(s *snip, ind string) {
				switch k {
				case "Type":
					c.choiceValue(s, []string{"String", "Number", "CommaDelimitedList", "List<Number>"})
				case "NoEcho":
					c.choiceValue(s, []string{"true", "false"})
				case "AllowedValues":
					if cur.json {
						s.lit(`["`)
						s.tab("")
						s.lit(`"]`)
					} else {
						s.lit("\n" + ind + c.spaces(cur.unit) + "- ")
						s.tab("")
					}
				default:
					c.scalarValue(s, ind)
				}
			})
		}
	case sec == "Outputs" && len(eff) == 1:
		c.entitySnippet("Output", outputSnippet)
	case sec == "Outputs" && len(eff) == 2:
		for _, k := range []string{"Value", "Description", "Export", "Condition"} {
			if present[k] {
				continue
			}
			k := k
			c.keyItem(Item{Label: k, Kind: KindKeyword, Detail: "Output attribute"}, func(s *snip, ind string) {
				if k == "Export" {
					if cur.json {
						s.lit(`{"Name": `)
						c.jsonScalarTab(s, nil)
						s.lit("}")
					} else {
						s.lit("\n" + ind + c.spaces(cur.unit) + "Name: ")
						s.tab("")
					}
					return
				}
				c.scalarValue(s, ind)
			})
		}
	case sec == "Outputs" && len(eff) == 3 && eff[2].key == "Export":
		c.simpleKeys([]string{"Name"}, present, false)
	case sec == "Mappings" && len(eff) == 1:
		c.entitySnippet("Mapping", mappingSnippet)
	case sec == "Mappings" && len(eff) == 2:
		for _, r := range regions {
			if !present[r] {
				c.keyItem(Item{Label: r, Kind: KindValue, Detail: "Region"}, c.blockValue)
			}
		}
	case sec == "Conditions" && len(eff) == 1:
		c.entitySnippet("Condition", conditionSnippet)
	case sec == "Conditions" && len(eff) >= 2:
		c.longFunctions(true)
	case sec == "Rules":
		c.ruleKeys(eff, present)
	case sec == "Metadata" && len(eff) == 1:
		c.simpleKeys([]string{"AWS::CloudFormation::Interface", "AWS::CloudFormation::Designer", "cfn-lint"}, present, true)
	}
}

func (c *completer) simpleKeys(keys []string, present map[string]bool, block bool) {
	for _, k := range keys {
		if present[k] {
			continue
		}
		v := c.scalarValue
		if block {
			v = c.blockValue
		}
		c.keyItem(Item{Label: k, Kind: KindKeyword}, v)
	}
}

func (c *completer) choiceValue(s *snip, opts []string) {
	if c.cur.json {
		if opts[0] == "true" {
			s.choice(opts)
			return
		}
		s.lit(`"`)
		s.choice(opts)
		s.lit(`"`)
		return
	}
	s.lit(" ")
	s.choice(opts)
}

// attributeRank groups the resource attributes in the list: the type, the
// properties, the references, the policies, the blocks.
var attributeRank = map[string]string{"Type": "0", "Properties": "1", "DependsOn": "2", "Condition": "2",
	"DeletionPolicy": "3", "UpdateReplacePolicy": "3", "Metadata": "4", "CreationPolicy": "4", "UpdatePolicy": "4"}

var parameterKeys = []string{"Type", "Default", "Description", "AllowedValues", "AllowedPattern",
	"ConstraintDescription", "MinLength", "MaxLength", "MinValue", "MaxValue", "NoEcho"}

var regions = []string{"af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1",
	"eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3", "me-south-1", "sa-east-1", "us-east-1",
	"us-east-2", "us-west-1", "us-west-2"}

func policies(attr string) []string {
	if attr == "DeletionPolicy" {
		return []string{"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"}
	}
	return []string{"Delete", "Retain", "Snapshot"}
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

// ---- properties ----

// resourceType finds the Type of resource name: in the text near the cursor first
// (the resource may be newer than the last parse), else in the last parse.
func (c *completer) resourceType(name string) string {
	cur := c.cur
	text := cur.text
	typeOf := func(l string) (string, bool) {
		var k, v string
		if cur.json {
			li := parseJSONLine(l)
			if !li.hasKey {
				return "", false
			}
			k, v = li.key, l[li.valStart:]
		} else {
			li := parseYAMLLine(l)
			if !li.hasKey {
				return "", false
			}
			k, v = li.key, l[li.valStart:]
		}
		if k != "Type" {
			return "", false
		}
		v = scalarText(v)
		return v, strings.Contains(v, "::")
	}
	isName := func(l string) (int, bool) {
		if cur.json {
			li := parseJSONLine(l)
			return li.indent, li.hasKey && li.key == name
		}
		li := parseYAMLLine(l)
		return li.indent, li.hasKey && li.key == name
	}
	found := ""
	ind := -1
	n := 0
	for ls := cur.lineStart; ls >= 0 && n < 5000; ls = prevLineStart(text, ls) {
		n++
		l := lineAt(text, ls)
		if t, ok := typeOf(l); ok && ls != cur.lineStart && found == "" {
			found = t
		}
		if i, ok := isName(l); ok {
			ind = i
			break
		}
	}
	if found != "" && ind >= 0 {
		return found
	}
	if ind >= 0 {
		n = 0
		for ls := nextLineStart(text, cur.lineStart); ls >= 0 && n < 5000; ls = nextLineStart(text, ls) {
			n++
			l := lineAt(text, ls)
			if strings.TrimSpace(l) == "" {
				continue
			}
			if len(l)-len(strings.TrimLeft(l, " ")) <= ind {
				break
			}
			if t, ok := typeOf(l); ok {
				return t
			}
		}
	}
	if c.t != nil {
		if e := c.t.Resource(name); e != nil {
			return e.Type()
		}
	}
	return ""
}

// propertyAt resolves the path below Properties: the object holding the cursor
// (for keys) and the value type of the container.
func (c *completer) propertyAt(eff []seg) (*schema.ResourceType, *schema.Object, *schema.ValueType) {
	rt := c.spec.ResourceType(c.resourceType(eff[1].key))
	if rt == nil {
		return nil, nil, nil
	}
	obj := &rt.Object
	var vt *schema.ValueType
	for _, s := range eff[3:] {
		switch {
		case s.item:
			if vt == nil || !vt.Kind.Has(schema.KindList) || vt.Item == nil {
				return rt, nil, nil
			}
			vt = vt.Item
			obj = rt.PropertiesOf(vt)
		case obj != nil:
			p := obj.Properties[s.key]
			if p == nil {
				return rt, nil, nil
			}
			vt = &p.Type
			obj = rt.PropertiesOf(vt)
		case vt != nil && vt.Kind.Has(schema.KindMap) && vt.Item != nil:
			vt = vt.Item
			obj = rt.PropertiesOf(vt)
		default:
			return rt, nil, nil
		}
	}
	return rt, obj, vt
}

func (c *completer) propertyKeys(eff []seg, present map[string]bool) {
	rt, obj, vt := c.propertyAt(eff)
	if rt == nil {
		return
	}
	if obj == nil {
		if len(present) > 0 {
			return // the keys of a free-form mapping: nothing to suggest
		}
		switch {
		case c.cur.ambiguous && vt != nil:
			// "- " in a list of scalars: values, short-form functions
			c.scalarValues(rt, vt)
			c.functions(false)
		case vt != nil && shapeOf(rt, vt) == shapeScalar:
			// a blank line under a scalar: values, long-form functions
			c.scalarValues(rt, vt)
			c.longFunctions(false)
		}
		return
	}
	excluded := obj.Relations.ExcludedBy(present)
	for _, name := range obj.SortedPropertyNames() {
		if present[name] || obj == &rt.Object && readOnly(rt, name) {
			continue
		}
		p := obj.Properties[name]
		it := Item{Label: name, Kind: KindProperty, Detail: p.Type.Name(), Documentation: propertyDoc(p, obj), SortText: "1" + name}
		switch by := excluded[name]; {
		case by != "":
			// offered last: the template already has the property it cannot go with
			it.Detail += " (not with " + by + ")"
			it.SortText = "2" + name
		case p.Required:
			it.Detail += " (required)"
			it.SortText = "0" + name
		}
		vt := &p.Type
		c.keyItem(it, func(s *snip, ind string) {
			if c.cur.json {
				c.jsonValue(s, rt, vt, ind, c.spaces(c.cur.unit), 1)
			} else {
				c.yamlValue(s, rt, vt, ind, c.spaces(c.cur.unit), 1)
			}
		})
	}
	c.longFunctions(false)
}

func propertyDoc(p *schema.Property, in *schema.Object) string {
	var b strings.Builder
	if p.Description != "" {
		b.WriteString(p.Description + "\n\n")
	}
	if len(p.Type.Enum) > 0 {
		b.WriteString("Allowed values: `" + strings.Join(p.Type.Enum, "`, `") + "`\n\n")
	}
	if u := p.Update.Words(); u != "" {
		b.WriteString("Update requires: " + u + "\n\n")
	}
	if in != nil && in.Relations != nil {
		for _, r := range in.Relations.Lines(p.Name) {
			b.WriteString(r + "\n\n")
		}
	}
	if p.DocURL != "" {
		b.WriteString("[Documentation](" + p.DocURL + ")")
	}
	return strings.TrimSpace(b.String())
}

// ---- values ----

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

const maxScaffolds = 60

func (c *completer) resourceTypes(self string) {
	cur := c.cur
	prefix := strings.ToLower(cur.prefix)
	anywhere := !strings.Contains(prefix, "::") // "bucket" finds AWS::S3::Bucket
	var names []string
	for _, n := range c.spec.TypeNames() {
		if prefix == "" || len(n) >= len(prefix) && strings.EqualFold(n[:len(prefix)], prefix) ||
			anywhere && strings.Contains(strings.ToLower(n), prefix) {
			names = append(names, n)
		}
	}
	scaffold := !c.siblings()["Properties"] && len(names) <= maxScaffolds
	if !scaffold && len(names) > maxScaffolds && !c.siblings()["Properties"] {
		c.incomplete = true
	}
	r := c.rng()
	l := cur.lineText
	for _, n := range names {
		it := Item{Label: n, Kind: KindClass, Detail: "Resource type", SortText: "1"}
		text := c.quoted(n)
		snippet := false
		if scaffold {
			if rt := c.spec.ResourceType(n); rt != nil {
				it.Documentation = typeDoc(rt)
				if req := rt.RequiredNames(); len(req) > 0 {
					s := &snip{on: c.req.Snippets}
					ind := c.spaces(cur.col)
					child := ind + c.spaces(cur.unit)
					it.Detail = "Resource type, with its required properties"
					if cur.json {
						// close the type string, then add Properties
						end := cur.end
						if cur.quote != 0 && end < len(l) && l[end] == '"' {
							end++
						}
						if cur.quote != 0 {
							s.lit(n + `"`)
						} else {
							s.lit(`"` + n + `"`)
						}
						s.lit(",\n" + ind + `"Properties": {`)
						c.scaffold(s, rt, &rt.Object, child, 1)
						s.lit("\n" + ind + "}")
						rest := strings.TrimLeft(l[end:], " \t")
						if !strings.HasPrefix(rest, ",") && cur.nextIsKey {
							s.lit(",")
						}
						it.Edit = Edit{Range: c.rangeOf(cur.start, end), NewText: s.String()}
					} else {
						if cur.needSpace {
							s.lit(" ")
						}
						s.lit(text + "\n" + ind + "Properties:\n" + child)
						c.scaffold(s, rt, &rt.Object, child, 1)
						it.Edit = Edit{Range: r, NewText: s.String()}
					}
					it.Snippet = c.req.Snippets && s.n > 0
					c.items = append(c.items, it)
					continue
				}
			}
		}
		c.add(it, text, snippet)
	}
}

func typeDoc(rt *schema.ResourceType) string {
	var b strings.Builder
	if rt.Description != "" {
		b.WriteString(rt.Description + "\n\n")
	}
	if req := rt.RequiredNames(); len(req) > 0 {
		b.WriteString("Required: `" + strings.Join(req, "`, `") + "`\n\n")
	}
	if rt.DocURL != "" {
		b.WriteString("[Documentation](" + rt.DocURL + ")")
	}
	return strings.TrimSpace(b.String())
}

// ---- intrinsic functions ----

type fnArgs struct{ yaml, json string }

var functionArgs = map[string]fnArgs{
	"Ref":              {` ${1}`, `"${1}"`},
	"Fn::GetAtt":       {` ${1}`, `["${1}", "${2}"]`},
	"Fn::Sub":          {` '${1}'`, `"${1}"`},
	"Fn::Join":         {` ['${1}', [${2}]]`, `["${1}", [${2}]]`},
	"Fn::If":           {` [${1:Condition}, ${2}, ${3}]`, `["${1:Condition}", ${2}, ${3}]`},
	"Fn::Select":       {` [${1:0}, ${2}]`, `[${1:0}, ${2}]`},
	"Fn::Split":        {` ['${1:,}', ${2}]`, `["${1:,}", ${2}]`},
	"Fn::FindInMap":    {` [${1:MapName}, ${2:TopLevelKey}, ${3:SecondLevelKey}]`, `["${1:MapName}", "${2:TopLevelKey}", "${3:SecondLevelKey}"]`},
	"Fn::ImportValue":  {` ${1}`, `"${1}"`},
	"Fn::Base64":       {` ${1}`, `"${1}"`},
	"Fn::GetAZs":       {` '${1}'`, `"${1}"`},
	"Fn::Cidr":         {` [${1}, ${2:6}, ${3:8}]`, `["${1}", ${2:6}, ${3:8}]`},
	"Fn::Equals":       {` [${1}, ${2}]`, `[${1}, ${2}]`},
	"Fn::And":          {` [${1}, ${2}]`, `[${1}, ${2}]`},
	"Fn::Or":           {` [${1}, ${2}]`, `[${1}, ${2}]`},
	"Fn::Not":          {` [${1}]`, `[${1}]`},
	"Condition":        {` ${1}`, `"${1}"`},
	"Fn::Transform":    {` {Name: ${1}, Parameters: {${2}}}`, `{"Name": "${1}", "Parameters": {${2}}}`},
	"Fn::ToJsonString": {` ${1}`, `${1}`},
	"Fn::Length":       {` ${1}`, `${1}`},
	// the functions of the Rules section
	"Fn::Contains":         {` [[${1}], ${2}]`, `[[${1}], ${2}]`},
	"Fn::EachMemberEquals": {` [[${1}], ${2}]`, `[[${1}], ${2}]`},
	"Fn::EachMemberIn":     {` [${1}, ${2}]`, `[${1}, ${2}]`},
	"Fn::RefAll":           {` ${1}`, `"${1}"`},
	"Fn::ValueOf":          {` [${1}, ${2}]`, `["${1}", "${2}"]`},
	"Fn::ValueOfAll":       {` [${1}, ${2}]`, `["${1}", "${2}"]`},
}

// offered reports whether function f may be offered: in a rule, the rule
// functions only; elsewhere, not the functions of rules.
func offered(f lang.Function, inRules bool) bool {
	if inRules {
		return f.Rule
	}
	return !f.RuleOnly
}

var placeholderRe = regexp.MustCompile(`\$\{\d+(?::([^}]*))?\}`)

// plainArgs turns snippet arguments into plain text (defaults kept).
func plainArgs(s string) string { return placeholderRe.ReplaceAllString(s, "$1") }

func (c *completer) args(fn string, json bool) (string, bool) {
	a := functionArgs[fn]
	s := a.yaml
	if json {
		s = a.json
	}
	if !c.req.Snippets {
		return plainArgs(s), false
	}
	return s, true
}

// functions offers intrinsic functions where a value stands (short forms in YAML,
// {"Fn::X": ...} in JSON).
func (c *completer) functions(tagTyped bool) {
	cur := c.cur
	if cur.quote != 0 || cur.inString {
		return
	}
	cond, rules := c.inConditions(), c.inRules()
	for i, f := range lang.Functions {
		if cond && !f.Condition && f.Name != "Ref" && f.Name != "Fn::FindInMap" || !offered(f, rules) {
			continue
		}
		if _, ok := functionArgs[f.Name]; !ok {
			continue
		}
		args, snip := c.args(f.Name, cur.json)
		it := Item{Kind: KindFunction, Detail: f.Signature, Documentation: f.Summary, SortText: "8" + string(rune('a'+i))}
		if cur.json {
			it.Label = f.Name
			text := `{"` + f.Name + `": ` + args + `}`
			if cur.nextIsKey {
				text += ","
			}
			c.add(it, text, snip)
			continue
		}
		if f.Name == "Fn::Transform" {
			continue
		}
		it.Label = f.Short()
		c.add(it, f.Short()+args, snip)
	}
}

// longFunctions offers Fn:: keys at a key position (YAML block or JSON object).
func (c *completer) longFunctions(condOnly bool) {
	if len(c.siblings()) > 0 {
		return // a mapping that already has keys cannot be an intrinsic function
	}
	rules := c.inRules()
	for i, f := range lang.Functions {
		if condOnly && !f.Condition || !offered(f, rules) {
			continue
		}
		args, _ := c.args(f.Name, c.cur.json)
		name := f.Name
		c.keyItem(Item{Label: name, Kind: KindFunction, Detail: f.Signature, Documentation: f.Summary, SortText: "8" + string(rune('a'+i))}, func(s *snip, ind string) {
			if !c.cur.json {
				args = strings.TrimPrefix(args, " ")
				s.lit(" ")
			}
			// args is already in snippet syntax (or plain): write it raw
			s.b.WriteString(args)
			s.n++
		})
	}
}

func (c *completer) inConditions() bool {
	eff := effective(c.cur.path)
	return len(eff) > 0 && eff[0].key == "Conditions"
}

func (c *completer) inRules() bool {
	eff := effective(c.cur.path)
	return len(eff) > 0 && eff[0].key == "Rules"
}

// siblings returns the keys already present in the container of the cursor.
func (c *completer) siblings() map[string]bool {
	if c.sibs == nil {
		c.sibs = c.scanSiblings()
	}
	return c.sibs
}

func (c *completer) scanSiblings() map[string]bool {
	cur := c.cur
	m := map[string]bool{}
	for k := range cur.present {
		m[k] = true
	}
	text, col := cur.text, cur.col
	if cur.json {
		l := cur.lineText
		start, end := min(cur.start, len(l)), min(cur.end, len(l))
		if cur.quote != 0 {
			start = max(start-1, 0)
			if end < len(l) && l[end] == cur.quote {
				end++
			}
		}
		jsonSiblings(text, cur.lineStart, l[:start], l[end:], m)
		return m
	}
	cl := parseYAMLLine(cur.lineText)
	if !cur.json && !cl.blank && len(cl.dashes) > 0 && cl.dashes[len(cl.dashes)-1] < col {
		// the item starts on this line: nothing above belongs to it
	} else {
		n := 0
		for ls := prevLineStart(text, cur.lineStart); ls >= 0 && n < 5000; ls = prevLineStart(text, ls) {
			n++
			if k, stop := c.siblingLine(lineAt(text, ls), col, true); stop {
				if k != "" {
					m[k] = true
				}
				break
			} else if k != "" {
				m[k] = true
			}
		}
	}
	n := 0
	for ls := nextLineStart(text, cur.lineStart); ls >= 0 && n < 5000; ls = nextLineStart(text, ls) {
		n++
		k, stop := c.siblingLine(lineAt(text, ls), col, false)
		if stop {
			break
		}
		if k != "" {
			m[k] = true
		}
	}
	return m
}

// siblingLine returns the key of a line at col, and whether the container ends there.
func (c *completer) siblingLine(l string, col int, up bool) (string, bool) {
	if c.cur.json {
		li := parseJSONLine(l)
		if li.blank {
			return "", false
		}
		if li.indent < col {
			return "", true
		}
		if li.indent == col && li.hasKey {
			return li.key, false
		}
		return "", false
	}
	li := parseYAMLLine(l)
	if li.blank {
		return "", false
	}
	key := ""
	if li.hasKey && li.col == col {
		key = li.key
	}
	if li.indent < col {
		// a "- Key:" line starts the item (going up it belongs to us, then stop)
		if up && len(li.dashes) > 0 && li.col == col {
			return key, true
		}
		return "", true
	}
	return key, false
}

// ---- entity snippets ----

type entity func(c *completer, s *snip, ind, unit string)

func (c *completer) entitySnippet(label string, build entity) {
	cur := c.cur
	s := &snip{on: c.req.Snippets}
	build(c, s, c.spaces(cur.col), c.spaces(cur.unit))
	text := s.String()
	if cur.json && cur.nextIsKey {
		text += ","
	}
	r := c.rng()
	if cur.json && cur.quote != 0 {
		end := cur.end
		if end < len(cur.lineText) && cur.lineText[end] == '"' {
			end++
		}
		r = c.rangeOf(cur.start-1, end)
	}
	c.items = append(c.items, Item{Label: "New " + strings.ToLower(label), Kind: KindSnippet, Detail: label + " snippet",
		SortText: "0" + label, Edit: Edit{Range: r, NewText: text}, Snippet: c.req.Snippets && s.n > 0,
		FilterText: cur.prefix})
}

func resourceSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.lit(`"`)
		s.tab("LogicalId")
		s.lit(`": {` + "\n" + ind + unit + `"Type": "`)
		s.tab("AWS::S3::Bucket")
		s.lit(`",` + "\n" + ind + unit + `"Properties": {`)
		s.tab("")
		s.lit("}\n" + ind + "}")
		return
	}
	s.tab("LogicalId")
	s.lit(":\n" + ind + unit + "Type: ")
	s.tab("AWS::S3::Bucket")
	s.lit("\n" + ind + unit + "Properties:\n" + ind + unit + unit)
	s.tab("")
}

func parameterSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.lit(`"`)
		s.tab("ParameterName")
		s.lit(`": {` + "\n" + ind + unit + `"Type": "`)
		s.choice([]string{"String", "Number", "CommaDelimitedList", "List<Number>"})
		s.lit(`",` + "\n" + ind + unit + `"Description": "`)
		s.tab("")
		s.lit(`"` + "\n" + ind + "}")
		return
	}
	s.tab("ParameterName")
	s.lit(":\n" + ind + unit + "Type: ")
	s.choice([]string{"String", "Number", "CommaDelimitedList", "List<Number>"})
	s.lit("\n" + ind + unit + "Description: ")
	s.tab("")
}

func outputSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.lit(`"`)
		s.tab("OutputName")
		s.lit(`": {` + "\n" + ind + unit + `"Description": "`)
		s.tab("")
		s.lit(`",` + "\n" + ind + unit + `"Value": {"Ref": "`)
		s.tab("")
		s.lit(`"},` + "\n" + ind + unit + `"Export": {"Name": {"Fn::Sub": "${AWS::StackName}-`)
		s.tab("OutputName")
		s.lit(`"}}` + "\n" + ind + "}")
		return
	}
	s.tab("OutputName")
	s.lit(":\n" + ind + unit + "Description: ")
	s.tab("")
	s.lit("\n" + ind + unit + "Value: !Ref ")
	s.tab("")
	s.lit("\n" + ind + unit + "Export:\n" + ind + unit + unit + "Name: !Sub '${AWS::StackName}-")
	s.tab("OutputName")
	s.lit("'")
}

func conditionSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.lit(`"`)
		s.tab("ConditionName")
		s.lit(`": {"Fn::Equals": [{"Ref": "`)
		s.tab("Parameter")
		s.lit(`"}, "`)
		s.tab("value")
		s.lit(`"]}`)
		return
	}
	s.tab("ConditionName")
	s.lit(": !Equals [!Ref ")
	s.tab("Parameter")
	s.lit(", ")
	s.tab("value")
	s.lit("]")
}

func mappingSnippet(c *completer, s *snip, ind, unit string) {
	if c.cur.json {
		s.lit(`"`)
		s.tab("MapName")
		s.lit(`": {` + "\n" + ind + unit + `"`)
		s.tab("us-east-1")
		s.lit(`": {"`)
		s.tab("Key")
		s.lit(`": "`)
		s.tab("value")
		s.lit(`"}` + "\n" + ind + "}")
		return
	}
	s.tab("MapName")
	s.lit(":\n" + ind + unit)
	s.tab("us-east-1")
	s.lit(":\n" + ind + unit + unit)
	s.tab("Key")
	s.lit(": ")
	s.tab("value")
}

// skeleton offers a whole template for an empty document.
func skeleton(req Request, json bool) []Item {
	s := &snip{on: req.Snippets}
	if json {
		s.lit("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Description\": \"")
		s.tab("")
		s.lit("\",\n  \"Parameters\": {},\n  \"Resources\": {\n    \"")
		s.tab("Bucket")
		s.lit("\": {\n      \"Type\": \"")
		s.tab("AWS::S3::Bucket")
		s.lit("\",\n      \"Properties\": {}\n    }\n  },\n  \"Outputs\": {}\n}\n")
	} else {
		s.lit("AWSTemplateFormatVersion: '2010-09-09'\nDescription: ")
		s.tab("")
		s.lit("\nParameters: {}\nResources:\n  ")
		s.tab("Bucket")
		s.lit(":\n    Type: ")
		s.tab("AWS::S3::Bucket")
		s.lit("\n    Properties: {}\nOutputs: {}\n")
	}
	r := template.Range{}
	if req.Text != "" {
		r.End = template.NewLines(req.Text).PosOf(len(req.Text))
	}
	return []Item{{Label: "CloudFormation template", Kind: KindSnippet, Detail: "Template skeleton",
		SortText: "0", Edit: Edit{Range: r, NewText: s.String()}, Snippet: req.Snippets}}
}

func readOnly(rt *schema.ResourceType, name string) bool {
	i := sort.SearchStrings(rt.ReadOnly, name)
	return i < len(rt.ReadOnly) && rt.ReadOnly[i] == name
}

// propertiesValue writes a resource's Properties block with the required
// properties of its type (an empty block when the type is unknown).
func (c *completer) propertiesValue(s *snip, ind, res string) {
	rt := c.spec.ResourceType(c.resourceType(res))
	if rt == nil || len(rt.RequiredNames()) == 0 {
		c.blockValue(s, ind)
		return
	}
	child := ind + c.spaces(c.cur.unit)
	if c.cur.json {
		s.lit("{")
		c.scaffold(s, rt, &rt.Object, child, 1)
		s.lit("\n" + ind + "}")
		return
	}
	s.lit("\n" + child)
	c.scaffold(s, rt, &rt.Object, child, 1)
}

// notAKeySlot reports whether a blank YAML line sits where no key can go: among
// the items of a block sequence ("- " at the cursor's column above or below) or
// above the value of the key before it.
func (c *completer) notAKeySlot() bool {
	cur := c.cur
	if !parseYAMLLine(cur.lineText).blank {
		return false
	}
	for ls := nextLineStart(cur.text, cur.lineStart); ls >= 0; ls = nextLineStart(cur.text, ls) {
		li := parseYAMLLine(lineAt(cur.text, ls))
		if li.blank {
			continue
		}
		if li.indent == cur.col && (len(li.dashes) > 0 || !li.hasKey) {
			return true
		}
		break
	}
	for ls := prevLineStart(cur.text, cur.lineStart); ls >= 0; ls = prevLineStart(cur.text, ls) {
		li := parseYAMLLine(lineAt(cur.text, ls))
		if li.blank {
			continue
		}
		return len(li.dashes) > 0 && li.dashes[0] == cur.col
	}
	return false
}
