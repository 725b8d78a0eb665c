package jsonschema

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// intText is what Python's int() accepts.
var intText = regexp.MustCompile(`^\s*[+-]?[0-9]+(_[0-9]+)*\s*$`)

// boolStrings are the strings CloudFormation (and cfn-lint) take as booleans.
var boolStrings = map[string]bool{"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true}

// ScalarIs reports whether a scalar is acceptable where a value of JSON type
// typ ("string", "integer", "number", "boolean") is expected, with
// CloudFormation's coercions as cfn-lint applies them: any scalar is a string,
// numeric strings are numbers, "true"/"false" strings are booleans, and so on.
// The scalar's own type is YAML 1.1's (a plain yes is a boolean).
func ScalarIs(n *template.Node, typ string) bool {
	switch typ {
	case "string":
		return true
	case "number":
		return asNumber(n)
	case "integer":
		return asInteger(n)
	case "boolean":
		return n.Type == template.Bool || boolStrings[n.Value]
	}
	return false
}

// asNumber reports whether Python's float() accepts the scalar (booleans aside).
func asNumber(n *template.Node) bool {
	switch n.Type {
	case template.Bool:
		return false
	case template.Int, template.Float:
		return true
	}
	_, ok := ParseFloat(n.Value)
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

// ParseFloat parses a number the way Python's float() does, roughly.
func ParseFloat(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".inf", "inf", "infinity":
		if strings.HasPrefix(s, "-") {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case ".nan", "nan":
		return math.NaN(), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil && !strings.Contains(err.Error(), "range") {
		return 0, false
	}
	return f, true
}

// pyStrOf is Python's str() of a scalar: what cfn-lint compares strings with.
func pyStrOf(n *template.Node) string {
	switch n.Type {
	case template.Bool:
		if n.Text() == "true" {
			return "True"
		}
		return "False"
	case template.Int:
		return n.Text()
	case template.Float:
		if f, ok := n.Number(); ok {
			return pyFloat(f)
		}
	}
	return n.Value
}

// pyFloat renders a float as Python's repr does (10.0, 1.5, 1e+16).
func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	if a := math.Abs(f); a != 0 && (a < 1e-4 || a >= 1e16) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		if len(exp) == 3 && exp[1] == '0' {
			exp = exp[:1] + exp[2:]
		}
		return mant + "e" + exp
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// pyNum renders a JSON number of a schema as Python would print the decoded
// value: integral numbers as ints (JSON 1 decodes to Python's int 1).
func pyNum(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return pyFloat(f)
}

// equal compares a template value with a decoded JSON value the way cfn-lint's
// enum and const do: strings compare by text with anything (20 equals "20"),
// "true"/"false" strings equal the booleans, numbers compare by value, and
// booleans never equal numbers.
func equal(n *template.Node, v any) bool {
	if n == nil {
		return v == nil
	}
	switch n.Kind {
	case template.Scalar:
	case template.Mapping:
		m, ok := v.(map[string]any)
		if !ok || len(m) != len(n.Pairs) {
			return false
		}
		for _, p := range n.Pairs {
			mv, ok := m[p.Key.Value]
			if !ok || !equal(p.Value, mv) {
				return false
			}
		}
		return true
	case template.Sequence:
		l, ok := v.([]any)
		if !ok || len(l) != len(n.Items) {
			return false
		}
		for i, it := range n.Items {
			if !equal(it, l[i]) {
				return false
			}
		}
		return true
	case template.Intrinsic:
		// a function where none may stand: the object {name: argument}
		m, ok := v.(map[string]any)
		if !ok || len(m) != 1 {
			return false
		}
		arg, ok := m[n.Fn]
		return ok && equal(n.Arg, arg)
	default:
		return false
	}
	isBool := n.Type == template.Bool
	switch w := v.(type) {
	case string:
		if isBool || isBoolText(n) || isBoolWord(w) {
			if !isBool && n.Type != template.Str {
				return pyStrOf(n) == w // a number against a string: by text
			}
			return boolOf(n) == strings.EqualFold(w, "true")
		}
		return pyStrOf(n) == w
	case float64:
		switch n.Type {
		case template.Str:
			return n.Value == pyNum(w)
		case template.Int, template.Float:
			f, ok := n.Number()
			return ok && f == w
		}
		return false
	case bool:
		switch n.Type {
		case template.Bool:
			return (n.Text() == "true") == w
		case template.Str:
			return strings.EqualFold(n.Value, "true") == w
		}
		return false
	}
	return false
}

func isBoolText(n *template.Node) bool {
	return n.Type == template.Str && isBoolWord(n.Value)
}

func isBoolWord(s string) bool {
	return strings.EqualFold(s, "true") || strings.EqualFold(s, "false")
}

func boolOf(n *template.Node) bool {
	if n.Type == template.Bool {
		return n.Text() == "true"
	}
	return strings.EqualFold(n.Value, "true")
}

// patternText is the text a pattern is matched against: strings as they are,
// other scalars as Python prints their value (a plain yes is "true", 017 is
// "15", 1.50 is "1.5").
func patternText(n *template.Node) string {
	if n.Type == template.Float {
		if f, ok := n.Number(); ok {
			return pyFloat(f)
		}
	}
	return n.Text()
}

// PatternMatches searches re in s. cfn-lint evaluates patterns with Python, whose
// `$` also matches before a final newline and whose \w, \d and \s are Unicode-aware;
// where Go's RE2 could disagree the value is given the benefit of the doubt.
func PatternMatches(re *regexp.Regexp, s string) bool {
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
