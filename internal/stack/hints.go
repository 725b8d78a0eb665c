package stack

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Hint is a resolved value shown after the expression it comes from.
type Hint struct {
	Pos     template.Pos // the end of the expression
	Label   string       // "= orders-dev"
	Tooltip string       // the whole value, and where it comes from
}

// maxHint bounds a hint's label, maxTooltip its tooltip.
const (
	maxHint    = 48
	maxTooltip = 2000
)

// hinted are the functions whose result a hint shows.
var hinted = map[string]bool{
	"Ref": true, "Fn::Sub": true, "Fn::FindInMap": true, "Fn::If": true,
	"Fn::Join": true, "Fn::Select": true,
}

// Hints returns the resolved values of the intrinsic functions within rng:
// a Ref to a parameter, pseudo parameter or deployed resource shows its
// value, Fn::Sub its expanded string, Fn::FindInMap its result, Fn::If the
// branch taken (Fn::Join and Fn::Select too), a condition its truth. Values only CloudFormation
// knows get no hint; NoEcho values show as Masked. An expression with a hint
// gives none for the expressions inside it.
func Hints(r *Resolver, rng template.Range) []Hint {
	t := r.Template()
	if t.Root == nil {
		return nil
	}
	var out []Hint
	for _, e := range t.Conditions {
		if in(e.Value.Range, rng) {
			if v, known := r.Condition(e.Name); known {
				out = append(out, Hint{Pos: e.Value.Range.End, Label: fmt.Sprintf("= %v", v), Tooltip: fmt.Sprintf("condition %s is %v", e.Name, v)})
			}
		}
	}
	for _, p := range t.Root.Pairs {
		switch p.Key.Value {
		case "Parameters", "Mappings", "Rules", "Metadata", "Transform":
			continue // nothing there is resolved for a deployment
		}
		template.Walk(p.Value, func(n *template.Node) bool {
			if !in(n.Range, rng) {
				return false
			}
			if n.Kind != template.Intrinsic || !hinted[n.Fn] {
				return true
			}
			h, ok := r.hint(n)
			if !ok {
				return true
			}
			out = append(out, h)
			return false
		})
	}
	slices.SortStableFunc(out, func(a, b Hint) int {
		if a.Pos.Less(b.Pos) {
			return -1
		}
		if b.Pos.Less(a.Pos) {
			return 1
		}
		return 0
	})
	return out
}

// in reports whether r overlaps rng.
func in(r, rng template.Range) bool {
	return !r.End.Less(rng.Start) && !rng.End.Less(r.Start)
}

func (r *Resolver) hint(n *template.Node) (Hint, bool) {
	if n.Fn == "Ref" {
		if name, _ := n.Arg.Str(); name == "AWS::NoValue" {
			return Hint{}, false
		}
	}
	v := r.Value(n)
	if v.Kind == NoValue {
		return Hint{}, false
	}
	if !v.Known() && !(n.Fn == "Fn::Sub" && v.Kind == Unknown && v.Expr != "") {
		return Hint{}, false
	}
	if n.Fn == "Fn::Sub" && !v.Known() {
		if src, _ := n.Arg.Str(); src == v.Expr {
			return Hint{}, false // nothing known to fill in
		}
	}
	text := v.Display()
	text = truncate(text, maxTooltip)
	h := Hint{Pos: n.Range.End, Label: "= " + text, Tooltip: text}
	if r := []rune(text); len(r) > maxHint {
		h.Label = "= " + string(r[:maxHint]) + "…"
	}
	if cond, _, _, ok := n.IfArgs(); ok {
		name, _ := cond.Str()
		if val, known := r.Condition(name); known {
			h.Tooltip = fmt.Sprintf("%s (condition %s is %v)", text, name, val)
		}
	}
	if n.Fn == "Ref" {
		name, _ := n.Arg.Str()
		if o := r.params.Origin(name); o != "" {
			h.Tooltip = fmt.Sprintf("%s (%s: %s)", text, name, originWords[o])
		}
	}
	return h, true
}

var originWords = map[Origin]string{
	FromFile: "from the parameter file", FromDefault: "the template's default",
	FromPrevious: "the stack's current value", FromStack: "the stack's value",
}

// HoverNote is what a hover at pos adds for a deployment: the resolved value
// of the innermost intrinsic function there, or, on the logical id of a
// resource or output left out, the condition that leaves it out. It returns
// the markdown and the range it is about; "" when there is nothing to add.
func HoverNote(r *Resolver, deployment string, pos template.Pos) (string, template.Range) {
	t := r.Template()
	path := t.PathAt(pos)
	sec := section(path)
	for i := len(path) - 1; i >= 0; i-- {
		n := path[i]
		if n.Kind != template.Intrinsic {
			continue
		}
		if sec == "Parameters" || sec == "Mappings" || sec == "Rules" {
			break
		}
		if (sec == "Conditions" && n.Fn != "Ref" || n.Fn == "Condition") && len(path) > 2 {
			// A condition function: the truth of the condition it builds.
			name := path[2].KeyOf()
			if n.Fn == "Condition" {
				name, _ = n.Arg.Str()
			}
			if v, known := r.Condition(name); known {
				return fmt.Sprintf("In deployment **%s**: condition `%s` is %v", deployment, name, v), n.Range
			}
			break
		}
		v := r.Value(n)
		if v.Kind == NoValue {
			return fmt.Sprintf("In deployment **%s**: no value (the property is left out)", deployment), n.Range
		}
		if !v.Known() {
			return fmt.Sprintf("In deployment **%s**: known once deployed: `%s`", deployment, code(v.Display())), n.Range
		}
		return fmt.Sprintf("In deployment **%s**: `%s`", deployment, code(v.Display())), n.Range
	}
	if len(path) == 3 {
		if sec == "Resources" || sec == "Outputs" {
			for _, e := range sectionEntries(t, sec) {
				if e.Key != path[2] {
					continue
				}
				c, ok := e.Get("Condition").Str()
				if !ok {
					break
				}
				if v, known := r.Condition(c); known && !v {
					return fmt.Sprintf("Not in deployment **%s**: condition `%s` is false", deployment, c), e.Key.Range
				}
			}
		}
	}
	return "", template.Range{}
}

// section is the top-level section a path from the root is in.
func section(path []*template.Node) string {
	if len(path) < 2 {
		return ""
	}
	return path[1].KeyOf()
}

func sectionEntries(t *template.Template, sec string) []*template.Entry {
	if sec == "Outputs" {
		return t.Outputs
	}
	return t.Resources
}

// code makes text safe inside a markdown code span.
func code(s string) string {
	return strings.ReplaceAll(truncate(s, 400), "`", "'")
}
