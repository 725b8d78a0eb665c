package schemacheck

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

const scalarKinds = schema.KindString | schema.KindInteger | schema.KindNumber | schema.KindBoolean

// intText is what Python's int() accepts.
var intText = regexp.MustCompile(`^\s*[+-]?[0-9]+(_[0-9]+)*\s*$`)

// boolStrings are the strings CloudFormation (and cfn-lint) take as booleans.
var boolStrings = map[string]bool{"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true}

// scalarFits reports whether a scalar is acceptable for a value of kind k, with
// CloudFormation's coercions as cfn-lint applies them: any scalar is a string,
// numeric strings are numbers, "true"/"false" strings are booleans, and so on.
func scalarFits(n *template.Node, k schema.Kind) bool {
	if k&scalarKinds == 0 {
		return false
	}
	if k.Has(schema.KindString) {
		return true
	}
	if k.Has(schema.KindNumber) && asNumber(n) {
		return true
	}
	if k.Has(schema.KindInteger) && asInteger(n) {
		return true
	}
	return k.Has(schema.KindBoolean) && (n.Type == template.Bool || boolStrings[n.Value])
}

// asNumber reports whether Python's float() accepts the scalar (booleans aside).
func asNumber(n *template.Node) bool {
	switch n.Type {
	case template.Bool:
		return false
	case template.Int, template.Float:
		return true
	}
	_, ok := parseFloat(n.Value)
	return ok
}

// asInteger reports whether Python's int() accepts the scalar (booleans aside).
func asInteger(n *template.Node) bool {
	switch n.Type {
	case template.Bool:
		return false
	case template.Int:
		return true
	case template.Float:
		f, ok := n.Number()
		return ok && !math.IsInf(f, 0) && !math.IsNaN(f)
	}
	return intText.MatchString(n.Value)
}

// parseFloat parses a number the way Python's float() does, roughly.
func parseFloat(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".inf":
		return math.Inf(1), true
	case ".nan":
		return math.NaN(), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !strings.Contains(err.Error(), "range") {
		return 0, false
	}
	return f, true
}

// checkScalar checks a scalar's constraints: enum (E3030), pattern (E3031),
// length (E3033) and range (E3034).
func (c *checker) checkScalar(n *template.Node, vt *schema.ValueType) {
	for _, p := range scalarProblems(n, vt, enumRepr) {
		if p.code == "E3030" && n.Type != template.Str && !n.Quoted && slices.Contains(vt.Enum, n.Value) {
			// A plain OFF is the boolean false to CloudFormation (YAML 1.1),
			// which then fails the enum: the author meant the text.
			d := c.report(n.Range, p.code, repr(n)+" "+p.text+" (YAML 1.1 reads the plain "+n.Value+" as "+n.Text()+": quote it)")
			d.Fix = &diag.Fix{Title: "Quote " + n.Value, Range: n.Range, NewText: quoted(c.t.Format, n.Value)}
			continue
		}
		c.report(n.Range, p.code, repr(n)+" "+p.text)
	}
}

// quoted writes s as a string scalar of format f.
func quoted(f template.Format, s string) string {
	if f == template.JSON {
		return strconv.Quote(s)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// problem is one constraint a scalar breaks: the code of the rule and the text
// that follows the value in a message ("is longer than 63").
type problem struct{ code, text string }

// scalarProblems lists the constraints of vt that the scalar n breaks; allowed
// renders vt.Enum in the enum message.
func scalarProblems(n *template.Node, vt *schema.ValueType, allowed func(*schema.ValueType) string) []problem {
	var out []problem
	if len(vt.Enum) > 0 && !inEnum(n, vt.Enum) {
		out = append(out, problem{"E3030", "is not one of " + allowed(vt)})
	}
	if re := vt.Regexp(); re != nil && !patternMatches(re, patternText(n)) {
		out = append(out, problem{"E3031", "does not match " + pyStr(vt.Pattern)})
	}
	if n.Type == template.Str {
		l := utf8.RuneCountInString(n.Value)
		if vt.MinLength != nil && l < *vt.MinLength {
			out = append(out, problem{"E3033", "is shorter than " + strconv.Itoa(*vt.MinLength)})
		}
		if vt.MaxLength != nil && l > *vt.MaxLength {
			out = append(out, problem{"E3033", "is longer than " + strconv.Itoa(*vt.MaxLength)})
		}
	}
	if vt.Min == nil && vt.Max == nil || n.Type == template.Bool {
		return out
	}
	f, ok := n.Number()
	if !ok {
		f, ok = parseFloat(n.Value)
	}
	if !ok || math.IsNaN(f) {
		return out
	}
	if vt.Min != nil && f < *vt.Min {
		out = append(out, problem{"E3034", "is less than the minimum of " + numRepr(*vt.Min)})
	}
	if vt.Max != nil && f > *vt.Max {
		out = append(out, problem{"E3034", "is greater than the maximum of " + numRepr(*vt.Max)})
	}
	return out
}

// checkItems checks a list's item count (E3032). Lists holding intrinsics are
// not counted: an Fn::If item may vanish, a function may yield several items.
func (c *checker) checkItems(n *template.Node, vt *schema.ValueType) {
	for _, it := range n.Items {
		if it.Kind == template.Intrinsic {
			return
		}
	}
	l := len(n.Items)
	if vt.MinItems != nil && l < *vt.MinItems {
		c.report(n.Range, "E3032", "expected minimum item count: "+strconv.Itoa(*vt.MinItems)+", found: "+strconv.Itoa(l))
	}
	if vt.MaxItems != nil && l > *vt.MaxItems {
		c.report(n.Range, "E3032", "expected maximum item count: "+strconv.Itoa(*vt.MaxItems)+", found: "+strconv.Itoa(l))
	}
}

// inEnum compares case-sensitively, as cfn-lint does; numbers and booleans
// compare by their value's text (a plain OFF is "false", not "OFF").
func inEnum(n *template.Node, enum []string) bool {
	v := n.Text()
	for _, e := range enum {
		if e == v {
			return true
		}
		if n.Type != template.Str {
			a, ok1 := parseFloat(e)
			b, ok2 := n.Number()
			if ok1 && ok2 && a == b {
				return true
			}
		}
	}
	return false
}

// enumRepr renders allowed values; numeric enums are shown as numbers.
func enumRepr(vt *schema.ValueType) string {
	if vt.Kind.Has(schema.KindString) || vt.Kind&(schema.KindInteger|schema.KindNumber) == 0 {
		return listRepr(vt.Enum)
	}
	return "[" + strings.Join(vt.Enum, ", ") + "]"
}

// patternText is the text a pattern is matched against: strings as they are,
// other scalars as JSON would write them (an octal 017 is 15).
func patternText(n *template.Node) string { return n.Text() }

// patternMatches searches re in s. cfn-lint evaluates patterns with Python, whose
// `$` also matches before a final newline and whose \w, \d and \s are Unicode-aware;
// where Go's RE2 could disagree the value is given the benefit of the doubt.
func patternMatches(re *regexp.Regexp, s string) bool {
	if re.MatchString(s) {
		return true
	}
	if strings.HasSuffix(s, "\n") && re.MatchString(strings.TrimSuffix(s, "\n")) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// kindNames renders the kinds of k as cfn-lint names them: 'string', 'integer'.
func kindNames(k schema.Kind) string {
	var names []string
	for _, kn := range []struct {
		k    schema.Kind
		name string
	}{
		{schema.KindString, "string"}, {schema.KindInteger, "integer"}, {schema.KindNumber, "number"},
		{schema.KindBoolean, "boolean"}, {schema.KindObject | schema.KindMap, "object"}, {schema.KindList, "array"},
	} {
		if k&kn.k != 0 {
			names = append(names, "'"+kn.name+"'")
		}
	}
	return strings.Join(names, ", ")
}
