package schemacheck

import (
	"slices"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/formats"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// propertyRules names the rule of each keyword of a registry schema, as
// cfn-lint's E3002 does; the keywords it does not name report as E3002.
var propertyRules = &jsonschema.RuleSet{Default: "E3002", ByKeyword: map[string]string{
	"additionalProperties": "E3002",
	"properties":           "E3002",
	"anyOf":                "E3017",
	"oneOf":                "E3018",
	"dependentExcluded":    "E3020",
	"dependentRequired":    "E3021",
	"required":             "E3003",
	"requiredOr":           "E3058",
	"requiredXor":          "E3014",
	"enum":                 "E3030",
	"enumCaseInsensitive":  "E3030",
	"type":                 "E3012",
	"minLength":            "E3033",
	"maxLength":            "E3033",
	"uniqueItems":          "E3037",
	"minimum":              "E3034",
	"maximum":              "E3034",
	"exclusiveMinimum":     "E3034",
	"exclusiveMaximum":     "E3034",
	"maxItems":             "E3032",
	"minItems":             "E3032",
	"pattern":              "E3031",
	"prefixItems":          "E3008",
	"tagging":              "E3024",
	// strings CloudFormation will not read as the author meant
	"dynamicReferenceSpaces": "W1053",
	"rawPseudoParameter":     "W1054",
}}

// packaged lists the property paths where a string (a local path that `aws
// cloudformation package` uploads) may stand for an object.
var packaged = []string{
	"AWS::ApiGateway::RestApi/Properties/BodyS3Location",
	"AWS::Lambda::Function/Properties/Code",
	"AWS::Lambda::LayerVersion/Properties/Content",
	"AWS::ElasticBeanstalk::ApplicationVersion/Properties/SourceBundle",
	"AWS::StepFunctions::StateMachine/Properties/DefinitionS3Location",
	"AWS::AppSync::GraphQLSchema/Properties/DefinitionS3Location",
	"AWS::AppSync::Resolver/Properties/RequestMappingTemplateS3Location",
	"AWS::AppSync::Resolver/Properties/ResponseMappingTemplateS3Location",
	"AWS::AppSync::FunctionConfiguration/Properties/RequestMappingTemplateS3Location",
	"AWS::AppSync::FunctionConfiguration/Properties/ResponseMappingTemplateS3Location",
	"AWS::CloudFormation::Stack/Properties/TemplateURL",
	"AWS::CodeCommit::Repository/Properties/Code/S3",
}

// formatsAt returns the named formats of the schemas (cfn-lint's format
// keyword), each judged at the keyword path that path gives for a value: a
// format may admit more at a particular property (an empty BucketName).
func formatsAt(path func(n *template.Node) string) func(name string) (jsonschema.Format, bool) {
	return func(name string) (jsonschema.Format, bool) {
		f, ok := formats.Lookup(name)
		if !ok {
			return jsonschema.Format{}, false
		}
		return jsonschema.Format{Rule: f.Rule, Pattern: f.Pattern, Valid: func(value string, n *template.Node) bool {
			ok, _ := formats.CheckAt(name, value, path(n))
			return ok
		}}, true
	}
}

// keywordPath is a value's template path as cfn-lint's rules name it: the
// resource's type in place of its logical id, "*" for a list item, Fn::If
// branches skipped ("Resources/AWS::S3::Bucket/Properties/BucketName").
func keywordPath(n *template.Node) string {
	var parts []string
	for x := n; x != nil && x.Parent != nil; x = x.Parent {
		up := x.Parent
		switch {
		case up.Kind == template.Sequence && up.Parent != nil && up.Parent.IsIntrinsic("Fn::If"):
			x = up // a branch: the path goes on at the Fn::If, which stands where its value does
		case up.Kind == template.Sequence:
			parts = append(parts, "*")
		case up.Kind == template.Mapping:
			k := x.KeyOf()
			if up.KeyOf() == "Resources" && up.Parent != nil && up.Parent.Parent == nil {
				if typ, ok := x.Get("Type").Str(); ok {
					k = typ
				}
			}
			parts = append(parts, k)
		}
	}
	slices.Reverse(parts)
	return strings.Join(parts, "/")
}

// checkProperties checks a resource's Properties against its type's schema,
// once per distinct schema among the regions checked.
func (c *checker) checkProperties(e *template.Entry, rt *schema.ResourceType) {
	pair := e.Value.GetPair("Properties")
	var props *template.Node
	at := e.Key.Range
	switch {
	case pair == nil, pair.Value.Kind == template.Null:
		props = &template.Node{Kind: template.Mapping, Range: e.Key.Range} // as if empty: required properties fail
	case pair.Value.Kind == template.Scalar, pair.Value.Kind == template.Sequence, pair.Value.IsNoValue():
		if pair.Value.Tag == "" {
			c.report(pair.Key.Range, "E3012", jsonschema.Repr(pair.Value)+" is not of type 'object'")
		}
		return
	default:
		props, at = pair.Value, pair.Key.Range
	}
	conds := conditions.Of(e)
	place := jsonschema.Place{At: at, Conds: conds, Functions: jsonschema.AllFunctions,
		Hooks: ruleIndex(c.spec).At("Resources", rt.Name, "Properties")}
	regions := c.typeRegions(rt.Name)
	if len(regions) == 0 {
		return // no region checked has the type (E3006)
	}
	c.validator().Regions = regions
	seen := map[string]bool{}
	for _, doc := range c.documents(rt, regions) {
		for _, err := range c.validator().Validate(props, doc.Root(), place) {
			d := c.diagnostic(err)
			key := d.Code + "\x00" + d.Message + "\x00" + rangeKey(d.Range)
			if !seen[key] {
				seen[key] = true
				c.out = append(c.out, d)
			}
		}
	}
}

// validator returns the check's schema validator, made on first use.
func (c *checker) validator() *jsonschema.Validator {
	if c.v == nil {
		c.v = &jsonschema.Validator{T: c.t, Rules: propertyRules, Function: c.judgeFunction, Formats: formatsAt(keywordPath), Regions: c.regions,
			Tagging: taggingSchema(c.spec)}
	}
	return c.v
}

// documents returns the compiled schemas of a type for the regions checked,
// one per distinct variant: the registry schema where the spec has one, else
// a schema made from the model (SAM types, the classic specification).
func (c *checker) documents(rt *schema.ResourceType, regions []string) []*jsonschema.Document {
	reg := c.spec.Registry(rt.Name)
	if reg == nil {
		return []*jsonschema.Document{modelDocument(rt)}
	}
	var out []*jsonschema.Document
	var variants []int
	for _, region := range regions {
		_, variant := reg.Doc(region)
		if slices.Contains(variants, variant) {
			continue
		}
		variants = append(variants, variant)
		out = append(out, reg.Compiled(variant, func(doc map[string]any) any {
			return jsonschema.NewDocument(rt.Name, doc, nil)
		}).(*jsonschema.Document))
	}
	return out
}

// typeRegions returns the regions checked that have the type (all of them
// when the facts do not say).
func (c *checker) typeRegions(typ string) []string {
	var out []string
	for _, region := range c.regions {
		if in, known := c.spec.InRegion(typ, region); in || !known {
			out = append(out, region)
		}
	}
	return out
}

// inEntry reports whether pos lies in the entry, from its key to the end of its value.
func inEntry(e *template.Entry, pos template.Pos) bool {
	return template.Range{Start: e.Key.Range.Start, End: e.Value.Range.End}.Contains(pos)
}

// diagnostic turns a finding of the validator into a diagnostic.
func (c *checker) diagnostic(e *jsonschema.Error) diag.Diagnostic {
	d := diag.Diagnostic{Range: e.Range, Severity: severityOf(e.Rule), Code: e.Rule,
		Message: e.Message + whenText(e.When), Source: diag.SourceValidate, Resource: c.resource}
	if cur := c.t.Resource(c.resource); cur != nil && !inEntry(cur, e.Range.Start) {
		// placed in a resource this one references (cfnGather): that
		// resource's Metadata silences it, as cfn-lint's does
		for _, r := range c.t.Resources {
			if inEntry(r, e.Range.Start) {
				d.Resource = r.Name
			}
		}
	}
	d.Data.Missing = e.Missing
	if e.Key != nil {
		d.Data.Offending = e.Key.Value // the key at the range is the problem (unexpected, excluded)
	}
	if e.Suggest != "" && e.Key != nil {
		d.Fix = &diag.Fix{Title: "Change to " + e.Suggest, Range: e.Key.Range, NewText: e.Suggest}
	}
	if e.Quote && e.Node != nil {
		d.Fix = &diag.Fix{Title: "Quote " + e.Node.Value, Range: e.Node.Range, NewText: quoted(c.t.Format, e.Node.Value)}
	}
	return d
}

// quoted writes s as a string scalar of format f.
func quoted(f template.Format, s string) string {
	if f == template.JSON {
		return strconv.Quote(s)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// whenText names the conditions of a finding for its message:
// " when condition 'IsProd' is true".
func whenText(facts []conditions.Fact) string {
	if len(facts) == 0 {
		return ""
	}
	parts := make([]string, len(facts))
	for i, f := range facts {
		v := "false"
		if f.Value {
			v = "true"
		}
		parts[i] = "condition " + jsonschema.PyStr(f.Name) + " is " + v
	}
	return " when " + strings.Join(parts, " and ")
}

func rangeKey(r template.Range) string {
	return strconv.Itoa(r.Start.Line) + ":" + strconv.Itoa(r.Start.Char)
}
