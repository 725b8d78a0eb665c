// Package schemacheck validates the structure of a template and its resource
// properties against the resource specification: sections, resource entries,
// resource types, property names, required properties, value types and value
// constraints, parameters, outputs and mappings. Codes and message styles follow
// cfn-lint where a check matches one of its rules.
//
// Resource properties are validated by the JSON-schema validator (jsonschema)
// against the type's registry schema, per region, with the keywords reported
// under cfn-lint's rule ids (properties.go). Intrinsic functions stand where
// values are expected and are not judged as values; Fn::If is checked branch by
// branch. A Ref to a parameter is judged through the values the parameter
// declares (W1030, resolved.go).
package schemacheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
	"github.com/cfn-lsp/cfn-lsp/internal/suggest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Check returns the schema diagnostics of t for the given regions (none: us-east-1),
// in document order. A nil spec checks the template structure only. Check never
// panics on malformed input.
func Check(t *template.Template, s *schema.Spec, regions []string) []diag.Diagnostic {
	return CheckCached(t, s, regions, nil)
}

// CheckCached is Check reusing, through cache (nil: none), the findings of
// the resources an earlier analysis of the document checked in the same
// context (see Cache).
func CheckCached(t *template.Template, s *schema.Spec, regions []string, cache *Cache) []diag.Diagnostic {
	if t == nil || t.Root == nil {
		return nil
	}
	if len(regions) == 0 {
		regions = []string{schema.DefaultRegion}
	}
	c := &checker{t: t, spec: s, regions: regions, cache: cache}
	if t.HasSAM() && s != nil {
		c.spec = s.WithSAM()
	}
	c.checkTop()
	c.checkParameters()
	c.checkMappings()
	c.checkResources()
	c.checkSAM()
	c.checkOutputs()
	c.out = append(c.out, checkResourceRules(t, c.spec)...)
	c.checkSectionRules()
	diag.Sort(c.out)
	return c.out
}

// checker accumulates the diagnostics of one template.
type checker struct {
	t    *template.Template
	spec *schema.Spec
	// regions are the regions the template is checked for.
	regions []string
	// iamServices are the IAM service prefixes, read once per check.
	iamServices []string
	out         []diag.Diagnostic
	cache       *Cache // nil: none

	// resource is the logical id of the resource being checked ("" outside Resources).
	resource string
	// v validates values against schemas (properties.go), made on first use.
	v *jsonschema.Validator

	// W1030 state (resolved.go): the known values of the parameters looked up
	// and the parameters each condition depends on.
	params     map[string]*paramValues
	condParams map[string]map[string]bool
	condSet    *conditions.Set // the template's conditions, compiled on first use
}

// report records an error with the given code on r.
func (c *checker) report(r template.Range, code, msg string) *diag.Diagnostic {
	c.out = append(c.out, diag.Diagnostic{
		Range:    r,
		Severity: severityOf(code),
		Code:     code,
		Message:  msg,
		Source:   diag.SourceValidate,
		Resource: c.resource,
	})
	return &c.out[len(c.out)-1]
}

// unknownKey reports a key that is not allowed where it stands, suggesting the
// closest allowed one with a quick fix that renames the key.
func (c *checker) unknownKey(key *template.Node, code string, allowed []string) {
	best := suggest.Closest(key.Value, allowed)
	msg := "Additional properties are not allowed (" + jsonschema.PyStr(key.Value) + " was unexpected"
	if best != "" {
		msg += ". Did you mean " + jsonschema.PyStr(best) + "?"
	}
	d := c.report(key.Range, code, msg+")")
	d.Data.Offending = key.Value
	if best != "" {
		d.Fix = &diag.Fix{Title: "Change to " + best, Range: key.Range, NewText: best}
	}
}

// severityOf maps a cfn-lint code to a severity by its leading letter.
func severityOf(code string) diag.Severity {
	switch code[0] {
	case 'W':
		return diag.Warning
	case 'I':
		return diag.Info
	}
	return diag.Error
}
