package stack

import (
	"fmt"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Codes of the stack findings (source diag.SourceStack).
const (
	// CodeDataLoss: the edit replaces or removes a resource that holds data,
	// and no policy keeps it.
	CodeDataLoss = "DataLoss"
	// CodeNotCreated: a resource or output whose condition is false for the
	// deployment (rendered faded).
	CodeNotCreated = "NotCreated"
)

// Diagnostics are the findings of a plan on the edited template t: a warning
// for each change that deletes data, and a faded hint over each resource and
// output the deployment leaves out. where names the deployment in messages
// ("stack orders-dev").
func Diagnostics(t *template.Template, p *Plan, where string) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, c := range p.Changes {
		if !c.DataLoss() {
			continue
		}
		d := diag.Diagnostic{Severity: diag.Warning, Source: diag.SourceStack, Code: CodeDataLoss, Resource: c.LogicalID}
		e := t.Resource(c.LogicalID)
		reason := c.Reason()
		switch c.Action {
		case Remove:
			d.Range, _ = deploy.Locate(t, "") // the Resources key
			if e != nil {
				d.Range = e.Key.Range
				if p := e.Value.GetPair("Condition"); p != nil {
					d.Range = p.Value.Range
				}
			}
			d.Message = fmt.Sprintf("This edit removes %s; its data is deleted (%s). Deploy DeletionPolicy: Retain before removing it to keep it.",
				c.LogicalID, within(where, reason))
		default:
			d.Range = replacedAt(e, c)
			verb, deleted := "replaces", "is deleted"
			if c.Action == ConditionalReplace {
				verb, deleted = "may replace", "would be deleted"
			}
			d.Message = fmt.Sprintf("This edit %s %s; its data %s (%s). UpdateReplacePolicy: Retain keeps the old one.",
				verb, c.LogicalID, deleted, within(where, reason))
		}
		out = append(out, d)
	}
	for _, s := range p.NotCreated {
		e := t.Entry(s.Section, s.Name)
		if e == nil {
			continue
		}
		what := "resource"
		if s.Section == "Outputs" {
			what = "output"
		}
		out = append(out, diag.Diagnostic{
			Range:    template.Range{Start: e.Key.Range.Start, End: e.Value.Range.End},
			Severity: diag.Hint, Source: diag.SourceStack, Code: CodeNotCreated, Resource: resourceName(s),
			Message: fmt.Sprintf("Not in %s: this %s's condition %s is false", where, what, s.Condition),
		})
	}
	diag.Sort(out)
	return out
}

func resourceName(s Skipped) string {
	if s.Section == "Resources" {
		return s.Name
	}
	return ""
}

// replacedAt is where a replacement is marked: the key of the first property
// that requires it, else the logical id.
func replacedAt(e *template.Entry, c *ResourceChange) template.Range {
	if e == nil {
		return template.Range{}
	}
	for _, want := range []string{Always, Conditionally} {
		for _, pc := range c.Properties {
			if pc.Recreation != want {
				continue
			}
			var p *template.Pair
			if pc.Attribute == "Properties" {
				p = e.Get("Properties").GetPair(pc.Name)
			} else {
				p = e.Value.GetPair(pc.Attribute)
			}
			if p != nil {
				return p.Key.Range
			}
		}
	}
	return e.Key.Range
}

// within prefixes a reason with the deployment it is about: "stack orders: TableName changed".
func within(where, reason string) string {
	if reason == "" {
		return where
	}
	return where + ": " + reason
}
