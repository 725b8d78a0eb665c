package jsonschema

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Rule is a check that runs where the keyword path of the value being
// validated is one of its keywords (cfn-lint's rules that name keywords such
// as "Resources/AWS::EC2::Instance/Properties"): a schema of its own, or a
// function for what no schema can say.
type Rule struct {
	ID string
	// Schema is evaluated over the value, with functions' values unknown and no
	// rules running inside it.
	Schema *Schema
	// AllMatches reports every failed keyword; otherwise the best match alone
	// is reported, with Message's text when Message is set.
	AllMatches bool
	// Keywords names the rules of particular keywords of Schema (Default: ID).
	Keywords map[string]string
	// Message words the finding of a rule that reports its best match (each
	// of its own findings, when it reports all); nil keeps the keyword's
	// message.
	Message func(n *template.Node, e *Error) string
	// Check is a hand-written rule, run instead of Schema.
	Check func(v *Validator, n *template.Node, p Place) []*Error
}

// Hooks index rules by keyword path: one node per path segment, "*" for list
// items and the values of patternProperties and additionalProperties.
type Hooks struct {
	next     map[string]*Hooks
	rules    []*Rule
	packaged bool
}

// Add indexes a rule under a keyword path ("Resources/AWS::S3::Bucket/Properties").
func (h *Hooks) Add(path string, r *Rule) {
	n := h.node(path)
	n.rules = append(n.rules, r)
}

// SetTemplated marks a path where a string may stand for an object or a
// list: a local file that `aws cloudformation package` uploads.
func (h *Hooks) SetTemplated(path string) { h.node(path).packaged = true }

func (h *Hooks) node(path string) *Hooks {
	n := h
	for _, seg := range strings.Split(path, "/") {
		if n.next == nil {
			n.next = map[string]*Hooks{}
		}
		c := n.next[seg]
		if c == nil {
			c = &Hooks{}
			n.next[seg] = c
		}
		n = c
	}
	return n
}

// At returns the node of a keyword path below h, nil when no rule is indexed
// at or below it.
func (h *Hooks) At(path ...string) *Hooks {
	for _, seg := range path {
		h = h.child(seg)
	}
	return h
}

func (h *Hooks) child(seg string) *Hooks {
	if h == nil {
		return nil
	}
	return h.next[seg]
}

func (h *Hooks) templated() bool { return h != nil && h.packaged }

// Rules returns the rules indexed at h.
func (h *Hooks) Rules() []*Rule {
	if h == nil {
		return nil
	}
	return h.rules
}

// hooks runs the rules indexed at the value's keyword path.
func (v *Validator) hooks(val value, s *Schema, p Place, out *[]*Error) {
	for _, r := range p.Hooks.rules {
		*out = append(*out, v.RunRule(r, val.n, p)...)
	}
}

// RunRule runs one rule over n at place p and returns its findings.
func (v *Validator) RunRule(r *Rule, n *template.Node, p Place) []*Error {
	q := p
	q.NoHooks, q.Unresolvable, q.inRule = true, true, true
	q.Hooks = nil
	q.depth = 0
	if r.Check != nil {
		errs := r.Check(v, n, q)
		for _, e := range errs {
			if e.Rule == "" {
				e.Rule = r.ID
			}
		}
		return errs
	}
	q.rules = &RuleSet{Default: r.ID, ByKeyword: r.Keywords}
	var errs []*Error
	v.eval(valueOf(n, q.Functions), r.Schema, q, &errs)
	errs = known(errs)
	if r.AllMatches && r.Message != nil {
		for _, e := range errs {
			if e.Rule == r.ID {
				e.Message = r.Message(n, e)
			}
		}
	}
	if r.AllMatches || len(errs) == 0 {
		return errs
	}
	best := BestMatch(errs)
	e := *best
	e.Rule, e.Context = r.ID, nil
	if r.Message != nil {
		e.Message = r.Message(n, best)
	}
	return []*Error{&e}
}

// Functions is a set of intrinsic function names that may stand in a value.
type Functions uint32

// fnBits numbers the functions a Functions set may hold.
var fnBits = func() map[string]Functions {
	m := map[string]Functions{}
	for i, name := range []string{"Ref", "Fn::Base64", "Fn::Cidr", "Fn::Contains", "Fn::FindInMap", "Fn::GetAtt",
		"Fn::GetAZs", "Fn::GetStackOutput", "Fn::If", "Fn::ImportValue", "Fn::Join", "Fn::Length", "Fn::Select",
		"Fn::Split", "Fn::Sub", "Fn::ToJsonString", "Fn::Transform", "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not",
		"Condition"} {
		m[name] = 1 << i
	}
	return m
}()

// fnInfo is what cfn-lint knows of each function: the rule that reports a
// value it cannot yield where it stands, and the types it yields.
var fnInfo = map[string]struct {
	rule  string
	types []string
}{
	"Ref":                {"E1020", allTypes},
	"Fn::Base64":         {"E1021", []string{"string"}},
	"Fn::Cidr":           {"E1024", []string{"array"}},
	"Fn::FindInMap":      {"E1011", []string{"array", "boolean", "integer", "number", "string"}},
	"Fn::GetAtt":         {"E1010", allTypes},
	"Fn::GetAZs":         {"E1015", []string{"array"}},
	"Fn::GetStackOutput": {"E1033", []string{"boolean", "integer", "number", "string"}},
	"Fn::If":             {"E1028", allTypes},
	"Fn::ImportValue":    {"E1016", []string{"boolean", "integer", "number", "string"}},
	"Fn::Join":           {"E1022", []string{"string"}},
	"Fn::Length":         {"E1030", []string{"integer"}},
	"Fn::Select":         {"E1017", allTypes},
	"Fn::Split":          {"E1018", []string{"array"}},
	"Fn::Sub":            {"E1019", []string{"string"}},
	"Fn::ToJsonString":   {"E1031", []string{"string"}},
	"Fn::Transform":      {},
	"Fn::Contains":       {},
}

var allTypes = []string{"array", "boolean", "integer", "number", "object", "string"}

// AllFunctions are the functions that may stand in resource properties.
var AllFunctions = functionSet([]string{"Ref", "Fn::Base64", "Fn::Cidr", "Fn::Contains", "Fn::FindInMap", "Fn::GetAtt",
	"Fn::GetAZs", "Fn::GetStackOutput", "Fn::If", "Fn::ImportValue", "Fn::Join", "Fn::Length", "Fn::Select",
	"Fn::Split", "Fn::Sub", "Fn::ToJsonString", "Fn::Transform"})

func functionSet(names []string) Functions {
	var f Functions
	for _, n := range names {
		f |= fnBits[n]
	}
	return f
}

// FunctionSet returns the set of the named functions.
func FunctionSet(names ...string) Functions { return functionSet(names) }

// Has reports whether the named function may stand here.
func (f Functions) Has(name string) bool { return f&fnBits[name] != 0 }

// compatible reports whether a function yielding types src may stand where
// one of dst is expected: a string may be read as a number or a boolean, a
// number as a string.
func compatible(src, dst []string) bool {
	for _, s := range src {
		for _, d := range dst {
			switch {
			case s == d:
				return true
			case s == "string" && (d == "number" || d == "boolean" || d == "integer"):
				return true
			case (s == "integer" || s == "number" || s == "boolean") && d == "string":
				return true
			case s == "integer" && d == "number":
				return true
			}
		}
	}
	return false
}
