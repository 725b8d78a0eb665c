package jsonschema

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Validator evaluates schemas over the values of one template. It is not safe
// for concurrent use; the compiled schemas it evaluates are.
type Validator struct {
	T *template.Template
	// Rules names the rule that reports each keyword of the schemas evaluated.
	Rules *RuleSet
	// Function judges an intrinsic function (other than Fn::If) standing where
	// s is expected, beyond whether its value can have the expected type; nil
	// leaves functions unjudged.
	Function func(v *Validator, n *template.Node, s *Schema, p Place) []*Error
	// Formats returns the named format of a schema's format keyword; a format
	// it does not know (or a nil Formats) passes every value.
	Formats func(name string) (f Format, known bool)
	// Regions are the regions the template is checked for, for the rules whose
	// schema differs by region.
	Regions []string
	// Tagging is what the properties of a resource type whose registry schema
	// calls it taggable must meet besides (cfn-lint's tagging keyword and its
	// other/resources/tagging.json: tag keys, lengths, no aws: prefix), its
	// findings all the tagging keyword's rule's; nil judges no tags beyond the
	// type's schema.
	Tagging *Schema
	// ReadOthers is set when a rule or Function has judged the value by the
	// properties of other resources (cfnGather, the Ref formats of E1041):
	// findings then depend on more than the value validated (a cache of them
	// keyed by its text would go stale).
	ReadOthers bool

	conds     *conditions.Set
	scenarios map[*template.Node]scenarioFacts
}

// Format is a named format ("AWS::EC2::Image.Id", "ipv4").
type Format struct {
	// Valid reports whether a string, the value of node n, has the format
	// (some formats admit more at particular properties).
	Valid func(value string, n *template.Node) bool
	// Rule is the id of the rule that reports a value out of the format; empty:
	// the schema's own rule for the format keyword.
	Rule string
	// Pattern, when set, is the expression a message quotes.
	Pattern string
}

// RuleSet maps keywords to the ids of the rules that report them.
type RuleSet struct {
	// Default reports the keywords ByKeyword does not name.
	Default   string
	ByKeyword map[string]string
}

// named returns the id the set gives a keyword by name, false for none (for
// the findings reported only where a rule set asks for them).
func (r *RuleSet) named(keyword string) (string, bool) {
	if r == nil {
		return "", false
	}
	id, ok := r.ByKeyword[keyword]
	return id, ok
}

func (r *RuleSet) id(keyword string) string {
	if r == nil {
		return ""
	}
	if id, ok := r.ByKeyword[keyword]; ok {
		return id
	}
	return r.Default
}

// Place is where a value is being validated.
type Place struct {
	// At is where findings about the value itself are placed: the key it stands
	// under, or the list item it is.
	At template.Range
	// Hooks is the node of the rule index at the value's keyword path, nil
	// when no rule applies at or below it.
	Hooks *Hooks
	// Conds are the conditions the value stands under (the Fn::If branches
	// around it, the resource's Condition).
	Conds []conditions.Fact
	// Functions are the intrinsic functions that may stand in the value.
	Functions Functions
	// Unresolvable is set inside oneOf, anyOf, allOf, not, if and the schemas of
	// rules: a function's value is then unknown rather than judged.
	Unresolvable bool
	// NoHooks is set where rules do not run: inside combinators and the schemas
	// of rules themselves.
	NoHooks bool

	rules  *RuleSet
	depth  int
	inRule bool // evaluating a rule's schema: dynamic references are plain strings there
	// groupAt, when set, is where the keywords that count keys or items place
	// their findings about an Fn::If branch: at the key the Fn::If stands
	// under, as cfn-lint judges them on the resolved value.
	groupAt *template.Range
	// quiet is set where only whether a schema fails matters (an if, a not):
	// the longest messages are not written.
	quiet bool
}

// Conditions returns the template's compiled conditions.
func (v *Validator) Conditions() *conditions.Set {
	if v.conds == nil {
		v.conds = conditions.New(v.T)
	}
	return v.conds
}

// Validate evaluates s over n at place p and returns the findings, unknown
// ones (a function's value in a oneOf) dropped.
func (v *Validator) Validate(n *template.Node, s *Schema, p Place) []*Error {
	if p.rules == nil {
		p.rules = v.Rules
	}
	var out []*Error
	v.eval(valueOf(n, p.Functions), s, p, &out)
	return known(out)
}

// known drops the findings that could not be decided.
func known(errs []*Error) []*Error {
	out := errs[:0]
	for _, e := range errs {
		if !e.unknown {
			out = append(out, e)
		}
	}
	return out
}

// value is a template value as a keyword sees it: an object's pairs or a
// list's items, which differ from the node's in a scenario (Fn::If resolved,
// AWS::NoValue removed).
type value struct {
	n        *template.Node
	kind     template.Kind // Mapping also for a function that may not stand here
	pairs    []*template.Pair
	items    []*template.Node
	resolved bool
}

func valueOf(n *template.Node, fns Functions) value {
	val := value{n: n, kind: n.Kind}
	switch n.Kind {
	case template.Mapping:
		val.pairs = n.Pairs
	case template.Sequence:
		val.items = n.Items
	case template.Intrinsic:
		if !fns.Has(n.Fn) {
			// Not a function here: the object {Fn: Arg}.
			val.kind = template.Mapping
			val.pairs = []*template.Pair{{Key: fnKey(n), Value: n.Arg}}
		}
	}
	return val
}

// untag returns the object {Fn::X: value} that a value under an unknown
// tag !X stands for.
func untag(n *template.Node) *template.Node {
	v := *n
	v.Tag = ""
	end := n.Range.Start
	end.Char += len(n.Tag)
	key := &template.Node{Kind: template.Scalar, Type: template.Str, Value: "Fn::" + strings.TrimPrefix(n.Tag, "!"),
		Range: template.Range{Start: n.Range.Start, End: end}, Parent: n}
	return &template.Node{Kind: template.Mapping, Range: n.Range, Parent: n.Parent, Pairs: []*template.Pair{{Key: key, Value: &v}}}
}

// fnKey is a key node standing for a function's name, placed at the function.
func fnKey(n *template.Node) *template.Node {
	end := n.Range.Start
	end.Char += len(n.Fn)
	return &template.Node{Kind: template.Scalar, Type: template.Str, Value: n.Fn, Range: template.Range{Start: n.Range.Start, End: end}, Parent: n}
}

// anchor is where findings about a value are placed: a scalar at itself, an
// object or a list at the key or item it stands under.
func anchor(n *template.Node, p Place) template.Range {
	if n.Kind == template.Scalar {
		return n.Range
	}
	return p.At
}

// itemRange locates findings about a list item: from its start (a JSON `{`)
// to the end of its first key when it is a mapping.
func itemRange(n *template.Node) template.Range {
	if n.Kind == template.Mapping && len(n.Pairs) > 0 {
		return template.Range{Start: n.Range.Start, End: n.Pairs[0].Key.Range.End}
	}
	return n.Range
}

func (v *Validator) fail(val value, p Place, keyword, msg string) *Error {
	return &Error{Rule: p.rules.id(keyword), Keyword: keyword, Range: anchor(val.n, p), Node: val.n, Message: msg, depth: p.depth}
}

func unknown(p Place) *Error { return &Error{unknown: true, depth: p.depth} }

// eval evaluates s over val, appending findings to out.
func (v *Validator) eval(val value, s *Schema, p Place, out *[]*Error) {
	if s == nil || s.always || val.n == nil {
		return
	}
	if val.n.Tag != "" {
		// CloudFormation reads an unknown tag !X as the function Fn::X, which
		// it does not know: the value is the object {Fn::X: value} (a macro
		// such as rain's !Rain::Embed must have replaced it before deploying).
		val = valueOf(untag(val.n), p.Functions)
	}
	if s.never {
		e := v.fail(val, p, "false", "False schema does not allow "+Repr(val.n))
		switch key := val.n.KeyOf(); {
		case key != "" && p.inRule && p.depth == 0:
			// a rule's schema false for the whole object: its values may not go together
			e.Range, e.Message = p.At, "The values of "+PyStr(key)+" are not allowed together"
		case key != "":
			// properties: {X: false}: the key may not be there at all
			e.Range, e.Message = p.At, PyStr(key)+" is not allowed here"
		}
		*out = append(*out, e)
		return
	}
	if s.context != nil {
		q := p
		if s.context.hasFunctions {
			q.Functions = functionSet(s.context.functions)
		}
		v.eval(valueOf(val.n, q.Functions), s.context.schema, q, out)
		return
	}
	n := val.n
	if n.Kind == template.Scalar && n.Type == template.Str && !val.resolved && !p.inRule {
		if strings.Contains(n.Value, "{{resolve:") {
			return // a dynamic reference: CloudFormation substitutes it at deploy time
		}
		if dynamicSpaces.MatchString(n.Value) {
			if id, ok := p.rules.named("dynamicReferenceSpaces"); ok {
				*out = append(*out, &Error{Rule: id, Keyword: "dynamicReferenceSpaces", Range: n.Range, Node: n, depth: p.depth,
					Message: Repr(n) + " has spaces and will not be resolved as a dynamic reference: write {{resolve:...}}"})
			}
			return
		}
		if lang.IsPseudo(n.Value) {
			if id, ok := p.rules.named("rawPseudoParameter"); ok {
				*out = append(*out, &Error{Rule: id, Keyword: "rawPseudoParameter", Range: n.Range, Node: n, depth: p.depth,
					Message: Repr(n) + " is the name of a pseudo parameter written as a plain string; its value takes Ref: " + n.Value})
			}
			return
		}
	}
	if p.Functions == 0 {
		v.keywords(val, s, p, out, true, true)
		return
	}
	if val.kind != template.Intrinsic && s.hasGroup() {
		v.groups(val, s, p, out)
	}
	if val.kind == template.Intrinsic {
		v.function(n, s, p, out)
		return
	}
	v.keywords(val, s, p, out, true, false)
}

// hasGroup reports whether s has keywords that count an object's keys or a
// list's items, which are judged per scenario of conditions.
func (s *Schema) hasGroup() bool {
	return len(s.required) > 0 || s.hasXor || s.hasOr || len(s.depRequired) > 0 || len(s.depSchemas) > 0 ||
		len(s.depExcluded) > 0 || s.ifS != nil || s.minItems != nil || s.maxItems != nil ||
		s.minProps != nil || s.maxProps != nil || s.uniqueItems
}

// function judges an intrinsic function standing where s is expected.
func (v *Validator) function(n *template.Node, s *Schema, p Place, out *[]*Error) {
	if n.Fn == "Fn::If" {
		v.branches(n, s, p, out)
		return
	}
	if p.Unresolvable {
		*out = append(*out, unknown(p))
		return
	}
	if f := fnInfo[n.Fn]; f.rule != "" {
		if want := s.Types(); len(want) > 0 && !compatible(f.types, want) {
			*out = append(*out, &Error{Rule: f.rule, Keyword: "fn_" + strings.ToLower(strings.TrimPrefix(n.Fn, "Fn::")),
				Range: anchor(n, p), Node: n, depth: p.depth,
				Message: Repr(n) + " is not of type " + quoteList(want)})
			return
		}
	}
	if v.Function != nil {
		*out = append(*out, v.Function(v, n, s, p)...)
	}
}

// branches judges both values of an Fn::If, each under its condition; an
// AWS::NoValue branch removes the key and is not judged.
func (v *Validator) branches(n *template.Node, s *Schema, p Place, out *[]*Error) {
	condNode, yes, no, ok := n.IfArgs()
	if !ok {
		return // a malformed Fn::If is the function checks' business
	}
	cond, ok := condNode.Str()
	if !ok {
		return
	}
	for i, b := range []*template.Node{yes, no} {
		if b.IsNoValue() {
			continue
		}
		q := p
		q.Conds = append(p.Conds[:len(p.Conds):len(p.Conds)], conditions.Fact{Name: cond, Value: i == 0})
		q.At = itemRange(b)
		q.depth = p.depth + 2
		if q.groupAt == nil {
			at := p.At
			q.groupAt = &at
		}
		v.eval(valueOf(b, q.Functions), s, q, out)
	}
}

// descend evaluates s over a value below val: under key (or a list item when
// key is nil), with the keyword path step seg ("*" for items and patterns).
func (v *Validator) descend(n *template.Node, s *Schema, p Place, at template.Range, seg string, out *[]*Error) {
	if n.Kind == template.Null {
		return // an empty value is not judged (cfn-lint reads it as absent)
	}
	q := p
	q.At = at
	q.depth = p.depth + 1
	q.groupAt = nil
	if !p.NoHooks {
		q.Hooks = p.Hooks.child(seg)
	}
	v.eval(valueOf(n, q.Functions), s, q, out)
}
