package completion

import (
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
)

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
