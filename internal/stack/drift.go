package stack

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// DriftDiagnostics places the drift a detection found on the template: each
// drifted property on the template's line for it (or the nearest enclosing
// one the template has), with the expected and actual values; a deleted
// resource on its logical id. Source diag.SourceCloud, code the drift status.
func DriftDiagnostics(t *template.Template, drifts []deploy.ResourceDrift) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, rd := range drifts {
		e := t.Resource(rd.LogicalID)
		at := func(n *template.Node) template.Range {
			if n != nil {
				return n.Range
			}
			if e != nil {
				return e.Key.Range
			}
			r, _ := deploy.Locate(t, "")
			return r
		}
		d := diag.Diagnostic{Severity: diag.Warning, Source: diag.SourceCloud, Code: rd.Status, Resource: rd.LogicalID}
		if rd.Status == "DELETED" {
			d.Range = at(nil)
			d.Message = fmt.Sprintf("%s was deleted outside CloudFormation (drift detection)", rd.LogicalID)
			out = append(out, d)
			continue
		}
		for _, pd := range rd.Properties {
			d := d
			var props *template.Node
			if e != nil {
				props = e.Get("Properties")
			}
			d.Range = at(pointerNode(props, pd.Path))
			path := strings.TrimPrefix(pd.Path, "/")
			switch pd.Difference {
			case "ADD":
				d.Message = fmt.Sprintf("%s drifted: %s was added outside CloudFormation: %s", rd.LogicalID, path, clip(pd.Actual))
			case "REMOVE":
				d.Message = fmt.Sprintf("%s drifted: %s was removed outside CloudFormation (expected %s)", rd.LogicalID, path, clip(pd.Expected))
			default:
				d.Message = fmt.Sprintf("%s drifted: %s is %s, expected %s", rd.LogicalID, path, clip(pd.Actual), clip(pd.Expected))
			}
			out = append(out, d)
		}
	}
	diag.Sort(out)
	return out
}

// clip shortens a drifted value for a message.
func clip(s string) string {
	if s == "" {
		return `""`
	}
	return truncate(s, maxShown)
}

// pointerNode follows a JSON pointer ("/Tags/0/Value") into a resource's
// Properties as far as the template spells it out, and returns the node to
// mark: the deepest key (or list item) reached; nil when not even the first
// step is in the template.
func pointerNode(props *template.Node, pointer string) *template.Node {
	var mark *template.Node
	n := props
	for _, step := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		step = strings.ReplaceAll(strings.ReplaceAll(step, "~1", "/"), "~0", "~")
		switch {
		case n == nil:
			return mark
		case n.Kind == template.Mapping:
			p := n.GetPair(step)
			if p == nil {
				return mark
			}
			mark, n = p.Key, p.Value
		case n.Kind == template.Sequence:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(n.Items) {
				return mark
			}
			mark, n = n.Items[i], n.Items[i]
		default:
			return mark // an intrinsic: its value is computed
		}
	}
	if n != nil && n.Kind == template.Scalar {
		return n
	}
	if mark != nil && mark.Kind == template.Mapping && len(mark.Pairs) > 0 {
		return mark.Pairs[0].Key // a list item: its first line
	}
	return mark
}
