package schemacheck

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// templateVersion is the only AWSTemplateFormatVersion CloudFormation accepts.
const templateVersion = "2010-09-09"

// logicalID is what CloudFormation accepts as a logical id or output/parameter/mapping name.
var logicalID = regexp.MustCompile(`^[a-zA-Z0-9]+$`)

// sectionCodes gives the code reported when a section is not a mapping:
// cfn-lint's, whose Resources and Outputs schemas judge the section's type
// (E3001, and E6003 for the type keyword of E6001's).
var sectionCodes = map[string]string{
	"Parameters": "E2001", "Mappings": "E7001", "Outputs": "E6003",
	"Conditions": "E1001", "Resources": "E3001", "Rules": "E1001",
}

// checkTop checks the top-level sections (E1001, E1004).
func (c *checker) checkTop() {
	root := c.t.Root
	if root.Kind != template.Mapping {
		c.report(root.Range, "E1001", jsonschema.Repr(root)+" is not of type 'object'")
		return
	}
	for _, p := range root.Pairs {
		name, v := p.Key.Value, p.Value
		code, mustMap := sectionCodes[name]
		switch {
		case !isSection(name) && !(name == "Globals" && c.t.HasSAM()):
			c.unknownKey(p.Key, "E1001", template.Sections)
		case mustMap && v.Kind != template.Mapping:
			c.report(p.Key.Range, code, jsonschema.Repr(v)+" is not of type 'object'")
		case name == "Resources" && len(v.Pairs) == 0:
			c.report(p.Key.Range, "E1001", "the Resources section must hold at least one resource")
		case name == "AWSTemplateFormatVersion":
			if s, ok := v.Str(); v.Kind != template.Scalar || (ok && s != templateVersion) {
				c.report(v.Range, "E1001", jsonschema.Repr(v)+" is not one of ['"+templateVersion+"']")
			}
		case name == "Description":
			if v.Kind != template.Scalar && v.Kind != template.Null {
				c.report(v.Range, "E1004", jsonschema.Repr(v)+" is not of type 'string'")
			} else if l := len(v.Value); l > maxDescription {
				c.report(v.Range, "E1003", "The template description is "+strconv.Itoa(l)+" bytes; CloudFormation accepts at most "+strconv.Itoa(maxDescription))
			}
		}
	}
	if res := root.GetPair("Resources"); (res == nil || res.Value.Kind == template.Null) && len(root.Pairs) > 0 {
		// An empty Resources section is no section.
		// At the start of the document, as cfn-lint places it (a JSON `{`, or the first key).
		c.report(template.Range{Start: root.Range.Start, End: root.Pairs[0].Key.Range.End},
			"E1001", "'Resources' is a required property")
	}
}

func isSection(name string) bool {
	for _, s := range template.Sections {
		if s == name {
			return true
		}
	}
	return false
}

// maxName and maxDescription are CloudFormation's limits on the length of
// logical ids and names, and of the template's description.
const (
	maxName        = 255
	maxDescription = 1024
)

// nameLengthCodes are cfn-lint's ids for a name over maxName, by the code of
// the section's other name checks.
var nameLengthCodes = map[string]string{"E2001": "E2011", "E3001": "E3001", "E6001": "E6011", "E7001": "E7002"}

// checkName reports a logical id that CloudFormation does not accept: one of
// other characters than letters and digits, or longer than 255. Fn::ForEach
// loops and Fn::Transform stand in place of entries and are left alone.
func (c *checker) checkName(key *template.Node, code string) {
	if strings.HasPrefix(key.Value, "Fn::") {
		return
	}
	if !logicalID.MatchString(key.Value) {
		c.report(key.Range, code, jsonschema.PyStr(key.Value)+" does not match any of the regexes: '^[a-zA-Z0-9]+$'")
	}
	if l := utf8.RuneCountInString(key.Value); l > maxName {
		c.report(key.Range, nameLengthCodes[code], jsonschema.PyStr(key.Value[:20])+"... is "+strconv.Itoa(l)+" characters long; CloudFormation accepts at most "+strconv.Itoa(maxName))
	}
}
