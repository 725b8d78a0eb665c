package jsonschema

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cfn-lsp/cfn-lsp/internal/suggest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// dynamicSpaces matches a dynamic reference written with spaces, which
// CloudFormation does not resolve (cfn-lint's W1053 reports it).
var dynamicSpaces = regexp.MustCompile(`\{\{\s+resolve\s*:\s*(?:ssm|ssm-secure|secretsmanager)\s*:`)

// keywords evaluates the keywords of s over val: the standard ones, the
// group ones (those judged per scenario), or both.
func (v *Validator) keywords(val value, s *Schema, p Place, out *[]*Error, standard, group bool) {
	if s.ref != "" {
		if t := s.target(); t != nil {
			if group && !standard {
				v.keywords(val, t, p, out, false, true)
			} else {
				v.eval(val, t, p, out)
			}
		}
	}
	if standard {
		v.standard(val, s, p, out)
		if !p.NoHooks && s.ref == "" && p.Hooks != nil {
			v.hooks(val, s, p, out)
		}
	}
	if group {
		v.group(val, s, p, out)
	}
}

// standard evaluates the keywords judged on the value as written.
func (v *Validator) standard(val value, s *Schema, p Place, out *[]*Error) {
	n := val.n
	if s.hasType && !v.typeOK(val, s.types, p) {
		*out = append(*out, v.fail(val, p, "type", Repr(n)+" is not of type "+quoteList(s.types.names())))
		return // the other keywords would only say the same
	}
	if s.hasEnum && !inEnum(val, s.enum) {
		msg := ""
		if !p.quiet {
			msg = Repr(n) + " is not one of " + enumRepr(s.enum)
		}
		e := v.fail(val, p, "enum", msg)
		if n.Kind == template.Scalar && n.Type != template.Str && !n.Quoted && slices.Contains(s.enum, any(n.Value)) {
			// A plain OFF is the boolean false to CloudFormation (YAML 1.1),
			// which then fails the enum: the author meant the text.
			e.Quote = true
			e.Message += " (YAML 1.1 reads the plain " + n.Value + " as " + n.Text() + ": quote it)"
		}
		*out = append(*out, e)
	}
	if s.hasEnumC && !inEnumCI(val, s.enumCI) {
		msg := ""
		if !p.quiet {
			msg = Repr(n) + " is not one of " + enumRepr(s.enumCI) + " (case-insensitive)"
		}
		*out = append(*out, v.fail(val, p, "enumCaseInsensitive", msg))
	}
	if s.hasConst && !equal(constNode(val), s.constV) {
		*out = append(*out, v.fail(val, p, "const", ValueRepr(s.constV)+" was expected"))
	}
	if decided(p, *out) {
		return
	}
	if val.kind == template.Scalar {
		v.scalar(val, s, p, out)
	}
	switch val.kind {
	case template.Mapping:
		v.object(val, s, p, out)
		if s.taggable && v.Tagging != nil {
			v.tagging(val, p, out)
		}
	case template.Sequence:
		v.array(val, s, p, out)
	}
	for _, sub := range s.allOf {
		if decided(p, *out) {
			return
		}
		v.combined(val, sub, p, out)
	}
	if decided(p, *out) {
		return
	}
	if len(s.anyOf) > 0 {
		v.anyOf(val, s, p, out)
	}
	if len(s.oneOf) > 0 {
		v.oneOf(val, s, p, out)
	}
	if s.not != nil {
		v.not(val, s, p, out)
	}
	if s.dynamic != nil {
		v.dynamicValidation(val, s, p, out)
	}
	if s.gather != nil {
		v.gather(val, s, p, out)
	}
}

// typeOK reports whether val has one of the types, with CloudFormation's
// coercions for scalars.
func (v *Validator) typeOK(val value, types typeSet, p Place) bool {
	switch val.kind {
	case template.Mapping:
		return types&tObject != 0
	case template.Sequence:
		return types&tArray != 0
	case template.Null:
		return types&tNull != 0
	case template.Intrinsic:
		return true
	}
	if types&(tObject|tArray) != 0 && val.n.Type == template.Str && p.Hooks.templated() {
		return true // a local path `aws cloudformation package` uploads
	}
	for _, tn := range typeNames {
		if types&tn.t != 0 && tn.t&(tString|tInteger|tNumber|tBoolean) != 0 && ScalarIs(val.n, tn.name) {
			return true
		}
	}
	return false
}

func constNode(val value) *template.Node {
	if val.resolved && val.kind == template.Mapping {
		return &template.Node{Kind: template.Mapping, Pairs: val.pairs}
	}
	return val.n
}

func inEnum(val value, enum []any) bool {
	n := constNode(val)
	for _, e := range enum {
		if n.Kind == template.Scalar && n.Type == template.Bool {
			// cfn-lint's enum compares a boolean with booleans only: a plain
			// OFF (false to YAML 1.1) is not the enum's "OFF".
			if b, ok := e.(bool); ok && b == (n.Text() == "true") {
				return true
			}
			continue
		}
		if equal(n, e) {
			return true
		}
	}
	return false
}

func inEnumCI(val value, enum []any) bool {
	n := val.n
	if n.Kind == template.Scalar && n.Type == template.Str {
		lower := *n
		lower.Value = strings.ToLower(n.Value)
		n = &lower
	}
	for _, e := range enum {
		if s, ok := e.(string); ok {
			e = strings.ToLower(s)
		}
		if equal(n, e) {
			return true
		}
	}
	return false
}

// enumRepr renders allowed values as cfn-lint does.
func enumRepr(enum []any) string { return ValueRepr(enum) }

// scalar evaluates the keywords about strings and numbers.
func (v *Validator) scalar(val value, s *Schema, p Place, out *[]*Error) {
	n := val.n
	if s.pattern != "" && !s.re.matches(patternText(n), PatternMatches) {
		*out = append(*out, v.fail(val, p, "pattern", Repr(n)+" does not match "+PyStr(s.pattern)))
	}
	if s.format != "" && n.Type == template.Str && v.Formats != nil {
		if f, known := v.Formats(s.format); known && f.Valid != nil && !f.Valid(n.Value, n) {
			msg := Repr(n) + " is not a " + PyStr(s.format)
			if f.Pattern != "" {
				msg += " with pattern " + PyStr(f.Pattern)
			}
			e := v.fail(val, p, "format", msg)
			if f.Rule != "" {
				e.Rule = f.Rule
			}
			*out = append(*out, e)
		}
	}
	if n.Type == template.Str {
		l := utf8.RuneCountInString(n.Value)
		if s.minLength != nil && l < *s.minLength {
			*out = append(*out, v.fail(val, p, "minLength", Repr(n)+" is shorter than "+strconv.Itoa(*s.minLength)))
		}
		if s.maxLength != nil && l > *s.maxLength {
			*out = append(*out, v.fail(val, p, "maxLength", Repr(n)+" is longer than "+strconv.Itoa(*s.maxLength)))
		}
	}
	if n.Type == template.Bool || (s.minimum == nil && s.maximum == nil && s.exclMin == nil && s.exclMax == nil && s.multipleOf == nil) {
		return
	}
	f, ok := n.Number()
	if !ok {
		f, ok = ParseFloat(n.Value) // a numeric string
	}
	if !ok || math.IsNaN(f) {
		return
	}
	if s.minimum != nil && f < *s.minimum {
		*out = append(*out, v.fail(val, p, "minimum", Repr(n)+" is less than the minimum of "+pyNum(*s.minimum)))
	}
	if s.maximum != nil && f > *s.maximum {
		*out = append(*out, v.fail(val, p, "maximum", Repr(n)+" is greater than the maximum of "+pyNum(*s.maximum)))
	}
	if s.exclMin != nil && f <= *s.exclMin {
		*out = append(*out, v.fail(val, p, "exclusiveMinimum", Repr(n)+" is less than or equal to the minimum of "+pyNum(*s.exclMin)))
	}
	if s.exclMax != nil && f >= *s.exclMax {
		*out = append(*out, v.fail(val, p, "exclusiveMaximum", Repr(n)+" is greater than or equal to the maximum of "+pyNum(*s.exclMax)))
	}
	if s.multipleOf != nil && *s.multipleOf != 0 {
		if q := f / *s.multipleOf; q != math.Trunc(q) {
			*out = append(*out, v.fail(val, p, "multipleOf", Repr(n)+" is not a multiple of "+pyNum(*s.multipleOf)))
		}
	}
}

// object evaluates the keywords about an object's properties.
func (v *Validator) object(val value, s *Schema, p Place, out *[]*Error) {
	if len(s.properties) == 0 && len(s.patternProp) == 0 && s.addProps == nil && s.propNames == nil {
		return
	}
	open := false // keys a transform or a loop will replace: not judged
	for _, pr := range val.pairs {
		k := pr.Key.Value
		if k == "Fn::Transform" || strings.HasPrefix(k, "Fn::ForEach::") {
			open = true
		}
	}
	for _, pr := range val.pairs {
		if decided(p, *out) {
			return
		}
		k := pr.Key.Value
		if s.propNames != nil {
			v.propertyName(pr.Key, s.propNames, p, out)
		}
		matched := false
		if ps := s.propIndex[k]; ps != nil {
			matched = true
			v.descend(pr.Value, ps, p, pr.Key.Range, k, out)
		}
		for _, pp := range s.patternProp {
			if pp.re.re != nil && pp.re.matches(k, (*regexp.Regexp).MatchString) {
				matched = true
				v.descend(pr.Value, pp.schema, p, pr.Key.Range, "*", out)
			}
		}
		if matched || s.addProps == nil || open {
			continue
		}
		switch {
		case s.addProps.never:
			*out = append(*out, v.unexpected(pr.Key, s, p))
		case !s.addProps.always:
			v.descend(pr.Value, s.addProps, p, pr.Key.Range, "*", out)
		}
	}
}

// unexpected reports a key that additionalProperties: false forbids.
func (v *Validator) unexpected(key *template.Node, s *Schema, p Place) *Error {
	e := &Error{Rule: p.rules.id("additionalProperties"), Keyword: "additionalProperties", Range: key.Range,
		Key: key, depth: p.depth + 1}
	if len(s.patternProp) > 0 && len(s.properties) == 0 {
		pats := make([]string, len(s.patternProp))
		for i, pp := range s.patternProp {
			pats[i] = PyStr(pp.pattern)
		}
		e.Message = PyStr(key.Value) + " does not match any of the regexes: " + strings.Join(pats, ", ")
		return e
	}
	names := make([]string, len(s.properties))
	for i, pr := range s.properties {
		names[i] = pr.name
	}
	e.Message = "Additional properties are not allowed (" + PyStr(key.Value) + " was unexpected"
	if best := suggest.Closest(key.Value, names); best != "" {
		e.Message += ". Did you mean " + PyStr(best) + "?"
		e.Suggest = best
	}
	e.Message += ")"
	return e
}

// propertyName evaluates propertyNames over a key.
func (v *Validator) propertyName(key *template.Node, s *Schema, p Place, out *[]*Error) {
	q := p
	q.At = key.Range
	q.depth = p.depth + 1
	q.Hooks = nil
	v.eval(value{n: key, kind: template.Scalar}, s, q, out)
}

// array evaluates the keywords about a list's items.
func (v *Validator) array(val value, s *Schema, p Place, out *[]*Error) {
	for i, it := range val.items {
		if decided(p, *out) {
			return
		}
		switch {
		case i < len(s.prefixItems):
			v.descend(it, s.prefixItems[i], p, itemRange(it), "*", out)
		case s.itemsFalse:
			*out = append(*out, v.fail(val, p, "items", "Expected at most "+strconv.Itoa(len(s.prefixItems))+" items but found "+strconv.Itoa(len(val.items)-len(s.prefixItems))+" extra"))
			return
		case s.items != nil:
			v.descend(it, s.items, p, itemRange(it), "*", out)
		}
	}
	if s.contains != nil {
		v.containsKw(val, s, p, out)
	}
	if s.uniqueKeys != nil && !uniqueBy(val.items, s.uniqueKeys) {
		*out = append(*out, v.fail(val, p, "uniqueKeys", "array items are not unique for keys "+ValueRepr(toAny(s.uniqueKeys))))
	}
	if s.maxUniqueItems != nil {
		if c := distinct(val.items); c > *s.maxUniqueItems {
			*out = append(*out, v.fail(val, p, "maxUniqueItems", "expected maximum unique item count: "+strconv.Itoa(*s.maxUniqueItems)+", found: "+strconv.Itoa(c)))
		}
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// containsKw evaluates contains (with minContains and maxContains).
func (v *Validator) containsKw(val value, s *Schema, p Place, out *[]*Error) {
	matches, unknowns := 0, 0
	q := p
	q.NoHooks = true
	for _, it := range val.items {
		var errs []*Error
		v.eval(valueOf(it, p.Functions), s.contains, q, &errs)
		switch {
		case len(known(errs)) > 0:
		case len(errs) > 0:
			unknowns++
		default:
			matches++
		}
	}
	min := 1
	if s.minContains != nil {
		min = *s.minContains
	}
	if s.maxContains != nil && matches > *s.maxContains {
		*out = append(*out, v.fail(val, p, "maxContains", "Too many items match the given schema (expected at most "+strconv.Itoa(*s.maxContains)+")"))
	}
	if matches >= min {
		return
	}
	if unknowns > 0 {
		*out = append(*out, unknown(p))
		return
	}
	*out = append(*out, v.fail(val, p, "contains", Repr(val.n)+" does not contain items matching the given schema"))
}

// tagging evaluates the Tagging schema over a taggable type's properties, as
// cfn-lint's tagging keyword does: functions' values are not judged there (the
// type's own schema judges them), and every finding is the keyword's rule's.
func (v *Validator) tagging(val value, p Place, out *[]*Error) {
	q := p
	q.NoHooks, q.Unresolvable = true, true
	q.rules = &RuleSet{Default: p.rules.id("tagging")}
	v.eval(val, v.Tagging, q, out)
}

// combined evaluates an allOf branch: hooks do not run inside, and a
// function's value is unknown.
func (v *Validator) combined(val value, s *Schema, p Place, out *[]*Error) {
	q := p
	q.NoHooks, q.Unresolvable = true, true
	var errs []*Error
	v.eval(val, s, q, &errs)
	if decided(p, errs) {
		*out = append(*out, known(errs)...)
		return
	}
	for _, e := range errs {
		if e.unknown {
			*out = append(*out, unknown(p))
			return
		}
	}
	*out = append(*out, errs...)
}

// decided reports whether the evaluation of a quiet schema (an if, a not) has
// its answer: a finding that holds whatever the unknown values are makes the
// schema fail, so the rest of it need not be evaluated.
func decided(p Place, errs []*Error) bool {
	if !p.quiet {
		return false
	}
	for _, e := range errs {
		if !e.unknown {
			return true
		}
	}
	return false
}

// branchErrs evaluates one branch of a combinator; unknown tells whether it
// could not be decided.
func (v *Validator) branchErrs(val value, s *Schema, p Place) (errs []*Error, undecided bool) {
	return v.branch(val, s, p, false)
}

// branch evaluates one branch of a combinator; quiet when only whether it
// fails matters.
func (v *Validator) branch(val value, s *Schema, p Place, quiet bool) (errs []*Error, undecided bool) {
	q := p
	q.NoHooks, q.Unresolvable = true, true
	q.quiet = q.quiet || quiet
	v.eval(val, s, q, &errs)
	if decided(q, errs) {
		return known(errs), false
	}
	for _, e := range errs {
		if e.unknown {
			return nil, true
		}
	}
	return errs, false
}

func (v *Validator) anyOf(val value, s *Schema, p Place, out *[]*Error) {
	var all []*Error
	undecided := false
	for _, b := range s.anyOf {
		errs, unk := v.branchErrs(val, b, p)
		var hard []*Error
		for _, e := range errs {
			if strings.HasPrefix(e.Rule, "E") || e.Rule == "" {
				hard = append(hard, e)
			}
		}
		switch {
		case unk:
			undecided = true
		case len(hard) == 0:
			return
		default:
			all = append(all, errs...)
		}
	}
	if undecided {
		*out = append(*out, unknown(p))
		return
	}
	e := v.fail(val, p, "anyOf", Repr(val.n)+" is not valid under any of the given schemas")
	if names := requiredSets(s.anyOf); names != "" {
		e.Message = "At least one of " + names + " is required; none is set"
	}
	e.Context = all
	*out = append(*out, e)
}

func (v *Validator) oneOf(val value, s *Schema, p Place, out *[]*Error) {
	var all []*Error
	valid := 0
	undecided := false
	var good []*Schema
	for _, b := range s.oneOf {
		errs, unk := v.branchErrs(val, b, p)
		switch {
		case unk:
			undecided = true
		case len(errs) == 0:
			valid++
			good = append(good, b)
		default:
			all = append(all, errs...)
		}
	}
	if undecided && valid < 2 {
		*out = append(*out, unknown(p))
		return
	}
	switch {
	case valid == 1:
		return
	case valid == 0:
		e := v.fail(val, p, "oneOf", Repr(val.n)+" is not valid under any of the given schemas")
		if names := requiredSets(s.oneOf); names != "" {
			e.Message = "Exactly one of " + names + " is required; none is set"
		}
		e.Context = all
		*out = append(*out, e)
	default:
		e := v.fail(val, p, "oneOf", Repr(val.n)+" is valid under more than one of the given schemas")
		if names := requiredSets(good); names != "" {
			e.Message = "Only one of " + requiredSets(s.oneOf) + " may be set; " + names + " are all set"
		}
		*out = append(*out, e)
	}
}

// requiredSets names the property sets of branches that only list required
// properties ('A', 'B' with 'C' or 'D'); "" when a branch says more.
func requiredSets(branches []*Schema) string {
	parts := make([]string, 0, len(branches))
	for _, b := range branches {
		if len(b.raw) != 1 || len(b.required) == 0 {
			return ""
		}
		q := make([]string, len(b.required))
		for i, n := range b.required {
			q[i] = PyStr(n)
		}
		parts = append(parts, strings.Join(q, " with "))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func (v *Validator) not(val value, s *Schema, p Place, out *[]*Error) {
	errs, unk := v.branch(val, s.not, p, true)
	switch {
	case unk:
		*out = append(*out, unknown(p))
	case len(errs) == 0:
		msg := Repr(val.n) + " should not be valid under " + ValueRepr(map[string]any(s.not.raw))
		switch {
		case len(s.not.raw) == 1 && len(s.not.required) > 0:
			msg = quoteNames(s.not.required) + " should not be set"
		case len(s.not.raw) == 1 && s.not.hasEnum:
			msg = Repr(val.n) + " is one of the values not allowed here: " + enumRepr(s.not.enum)
		}
		*out = append(*out, v.fail(val, p, "not", msg))
	}
}

// dynamicValidation evaluates cfn-lint's checks against the template: names
// of conditions, names a Ref may take, a declared transform.
func (v *Validator) dynamicValidation(val value, s *Schema, p Place, out *[]*Error) {
	d := s.dynamic
	if d.transform != "" && v.T != nil && !slices.Contains(v.T.Transforms(), d.transform) {
		*out = append(*out, v.fail(val, p, "dynamicValidation", "Transform "+PyStr(d.transform)+" is required but not present in the template"))
	}
	if d.context == "" || val.kind != template.Scalar || v.T == nil {
		return
	}
	var names []string
	switch d.context {
	case "conditions":
		for _, c := range v.T.Conditions {
			names = append(names, c.Name)
		}
	default:
		return // refs: the reference checks say which names resolve
	}
	if !slices.Contains(names, val.n.Value) {
		*out = append(*out, v.fail(val, p, "enum", Repr(val.n)+" is not one of "+ValueRepr(toAny(names))))
	}
}

// quoteList renders names as 'a', 'b'.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	return strings.Join(q, ", ")
}

// quoteNames renders property names for a message: 'A' or ['A', 'B'].
func quoteNames(names []string) string {
	if len(names) == 1 {
		return PyStr(names[0])
	}
	return ListRepr(names)
}

// uniqueBy reports whether no two object items agree on all keys.
func uniqueBy(items []*template.Node, keys []string) bool {
	var seen []string
	for _, it := range items {
		if it.Kind != template.Mapping {
			continue
		}
		var b strings.Builder
		for _, k := range keys {
			kv := it.Get(k)
			if kv == nil {
				b.Reset()
				break
			}
			b.WriteString(canonical(kv) + "\x00")
		}
		if b.Len() == 0 {
			continue
		}
		if slices.Contains(seen, b.String()) {
			return false
		}
		seen = append(seen, b.String())
	}
	return true
}

// distinct counts the different values of a list.
func distinct(items []*template.Node) int {
	seen := map[string]bool{}
	for _, it := range items {
		seen[canonical(it)] = true
	}
	return len(seen)
}

// canonical renders a value so that values cfn-lint finds equal render alike
// (a string and a number of the same text, "true" and true).
func canonical(n *template.Node) string {
	if n == nil {
		return "null"
	}
	switch n.Kind {
	case template.Scalar:
		if n.Type == template.Bool || isBoolText(n) {
			return "b:" + strconv.FormatBool(boolOf(n))
		}
		return "s:" + pyStrOf(n)
	case template.Mapping:
		keys := make([]string, 0, len(n.Pairs))
		for _, p := range n.Pairs {
			keys = append(keys, PyStr(p.Key.Value)+":"+canonical(p.Value))
		}
		slices.Sort(keys)
		return "{" + strings.Join(keys, ",") + "}"
	case template.Sequence:
		items := make([]string, len(n.Items))
		for i, it := range n.Items {
			items[i] = canonical(it)
		}
		return "[" + strings.Join(items, ",") + "]"
	case template.Intrinsic:
		return "{" + PyStr(n.Fn) + ":" + canonical(n.Arg) + "}"
	}
	return "null"
}
