package completion

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

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
		if rt := c.spec.ResourceType(c.resourceType(eff[1].key)); rt != nil && rt.SAM != nil {
			for _, k := range rt.SAM.EntryKeys {
				if !present[k] {
					c.keyItem(Item{Label: k, Kind: KindKeyword, Detail: "SAM resource attribute", SortText: "4" + k}, c.scalarValue)
				}
			}
		}
	case sec == "Resources" && len(eff) >= 3 && eff[2].key == "Properties":
		c.propertyKeys(eff, present)
	case sec == "Globals" && len(eff) == 1:
		c.globalsKinds(present)
	case sec == "Globals" && len(eff) == 2:
		c.globalsProperties(eff[1].key, present)
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
		for _, r := range schema.CommercialRegions() {
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

func policies(attr string) []string {
	if attr == "DeletionPolicy" {
		return []string{"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"}
	}
	return []string{"Delete", "Retain", "Snapshot"}
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

// globalsKinds offers the kinds of resource SAM's Globals section configures
// (Function, Api, ...).
func (c *completer) globalsKinds(present map[string]bool) {
	for _, n := range c.spec.TypeNames() {
		kind, ok := strings.CutPrefix(n, "AWS::Serverless::")
		if rt := c.spec.ResourceType(n); ok && !present[kind] && rt.SAM != nil && len(rt.SAM.Globals) > 0 {
			c.keyItem(Item{Label: kind, Kind: KindModule, Detail: "Globals for " + n}, c.blockValue)
		}
	}
}

// globalsProperties offers the properties Globals may set for a kind of
// serverless resource, valued as on the resource.
func (c *completer) globalsProperties(kind string, present map[string]bool) {
	rt := c.spec.ResourceType("AWS::Serverless::" + kind)
	if rt == nil || rt.SAM == nil {
		return
	}
	for _, name := range rt.SAM.Globals {
		p := rt.Properties[name]
		if present[name] || p == nil {
			continue
		}
		vt := &p.Type
		c.keyItem(Item{Label: name, Kind: KindProperty, Detail: p.Type.Name(), Documentation: propertyDoc(p, &rt.Object), SortText: "1" + name},
			func(s *snip, ind string) { c.writeValue(s, rt, vt, ind, c.spaces(c.cur.unit), 1) })
	}
}
