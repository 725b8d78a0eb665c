// Package schemacheck validates the structure of a template and its resource
// properties against the resource specification: sections, resource entries,
// resource types, property names, required properties, value types and value
// constraints, parameters, outputs and mappings. Codes and message styles follow
// cfn-lint where a check matches one of its rules.
//
// Intrinsic functions stand where values are expected and are never judged as
// values; Fn::If is checked branch by branch. A Ref to a parameter is judged
// through the values the parameter declares (W1030, resolved.go).
package schemacheck

import (
	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/suggest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// Check returns the schema diagnostics of t, in document order. A nil spec checks
// the template structure only. Check never panics on malformed input.
func Check(t *template.Template, s *schema.Spec) []diag.Diagnostic {
	if t == nil || t.Root == nil {
		return nil
	}
	c := &checker{t: t, spec: s}
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
	diag.Sort(c.out)
	return c.out
}

// checker accumulates the diagnostics of one template.
type checker struct {
	t    *template.Template
	spec *schema.Spec
	// iamServices are the IAM service prefixes, read once per check.
	iamServices []string
	out         []diag.Diagnostic

	// required caches the required property names of the objects seen.
	required map[*schema.Object][]string

	// resource is the logical id of the resource being checked ("" outside Resources).
	resource string

	// W1030 state (resolved.go): the known values of the parameters looked up,
	// the findings made, the conditions the value being checked stands under and
	// the parameters each condition depends on.
	params       map[string]*paramValues
	resolvedSeen map[string]bool
	conds        []branch
	condParams   map[string]map[string]bool
	condSet      *conditions.Set // the template's conditions, compiled on first use
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
	msg := "Additional properties are not allowed (" + pyStr(key.Value) + " was unexpected"
	if best != "" {
		msg += ". Did you mean " + pyStr(best) + "?"
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
