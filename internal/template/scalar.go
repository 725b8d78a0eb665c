package template

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// How CloudFormation reads a scalar. CloudFormation reads YAML 1.1
// (https://yaml.org/type/: bool, int, float, null, merge, timestamp) except
// that it has no timestamp type, so a date stays a string; JSON scalars keep
// JSON's types. yaml.v3 resolves YAML 1.2's core schema instead (`yes` is a
// string there, `0o17` a number and `027434742980` a float), so both parsers
// resolve plain scalars here, and everything that asks what a scalar is —
// checks, hover, completion, conversion — reads the Node's Type and Text.

// ResolvePlain returns how CloudFormation reads a plain (unquoted, untagged)
// scalar of a document in format f: null, or a scalar of type t.
func ResolvePlain(s string, f Format) (null bool, t ScalarType) {
	if f == JSON {
		return resolveJSON(s)
	}
	return resolveYAML(s)
}

// resolveYAML resolves a plain scalar by YAML 1.1's types.
func resolveYAML(s string) (null bool, t ScalarType) {
	if s == "" {
		return true, Str
	}
	switch s[0] {
	case '~', 'n', 'N':
		switch s {
		case "~", "null", "Null", "NULL":
			return true, Str
		}
	}
	if yaml11Bool(s) >= 0 {
		return false, Bool
	}
	switch c := s[0]; {
	case c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9'):
		if isYAML11Int(s) {
			return false, Int
		}
		if yaml11Float(s) {
			return false, Float
		}
	}
	return false, Str
}

// resolveJSON returns the type of a JSON literal (a number, true, false or null).
func resolveJSON(s string) (null bool, t ScalarType) {
	switch s {
	case "null":
		return true, Str
	case "true", "false":
		return false, Bool
	}
	if strings.ContainsAny(s, ".eE") {
		return false, Float
	}
	return false, Int
}

// plainTag is the tag a fast parser gives a plain scalar of format f: the
// type the builder resolves it to (see ResolveScalar).
func plainTag(s string, f Format) string {
	null, t := ResolvePlain(s, f)
	if null {
		return "!!null"
	}
	return [...]string{Str: "!!str", Int: "!!int", Float: "!!float", Bool: "!!bool"}[t]
}

// ResolveScalar returns how CloudFormation reads a scalar node of a document
// in format f that yaml.v3 (or a fast parser) reported with tag and style:
// plain scalars by YAML 1.1 (or JSON) whatever yaml.v3 resolved them to,
// explicitly tagged ones (`!!int 5`) by their tag, quoted and block scalars as
// strings. An empty tag is the argument of a short-form intrinsic, which is a
// string (null when absent).
func ResolveScalar(tag string, style yaml.Style, value string, f Format) (null bool, t ScalarType) {
	switch {
	case tag == "":
		return value == "" && style == 0, Str
	case style&yaml.TaggedStyle != 0:
		switch tag {
		case "!!null":
			return true, Str
		case "!!bool":
			return false, Bool
		case "!!int":
			return false, Int
		case "!!float":
			return false, Float
		}
		return false, Str
	case style != 0:
		return false, Str
	}
	return ResolvePlain(value, f)
}

// Text returns a scalar's value as CloudFormation reads it (see ScalarData):
// "yes" and "True" are "true", "017" is "15"; a value its type cannot read
// (`!!int x`) is returned as written.
func (n *Node) Text() string {
	if n == nil {
		return ""
	}
	d, _ := ScalarData(n.Type, n.Value)
	return d
}

// ScalarData returns the value of a scalar of type t written s, in canonical
// form: a string as it is, a boolean as "true" or "false", an integer in
// decimal ("017" is "15", "0x1F" "31", "190:20:30" "685230"), a float as a
// JSON number (its literal when it is one; ".5" is "0.5") or, when it has
// none, as ".inf", "-.inf" or ".nan". ok is false, and s returned, when s is
// not a value of type t.
func ScalarData(t ScalarType, s string) (data string, ok bool) {
	switch t {
	case Bool:
		switch yaml11Bool(s) {
		case 1:
			return "true", true
		case 0:
			return "false", true
		}
	case Int:
		if d, ok := yaml11Int(s); ok {
			return d, true
		}
	case Float:
		if d, ok := floatData(s); ok {
			return d, true
		}
	default:
		return s, true
	}
	return s, false
}

// Number returns the value of an Int or Float scalar as a float64; ok is false
// for other nodes and for values their type cannot read.
func (n *Node) Number() (f float64, ok bool) {
	if n == nil || n.Kind != Scalar || (n.Type != Int && n.Type != Float) {
		return 0, false
	}
	switch d := n.Text(); d {
	case ".inf":
		return math.Inf(1), true
	case "-.inf":
		return math.Inf(-1), true
	case ".nan":
		return math.NaN(), true
	default:
		f, err := strconv.ParseFloat(d, 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			return 0, false
		}
		return f, true
	}
}

// yaml11Bool returns 1 for YAML 1.1's spellings of true, 0 for those of false
// and -1 for anything else. The type repository lists y and n too, but the
// YAML 1.1 readers in use (SnakeYAML, whose line CloudFormation's Java parser
// follows, and PyYAML, which cfn-lint and the SAM CLI read with) leave single
// letters strings: DynamoDB's AttributeType N is written plain everywhere.
func yaml11Bool(s string) int {
	switch s {
	case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return 1
	case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return 0
	}
	return -1
}

// yaml11Letter reports whether s is one of the single-letter booleans of the
// type repository (y, Y, n, N), which only a reader following it to the
// letter takes for booleans (see yaml11Bool).
func yaml11Letter(s string) bool {
	switch s {
	case "y", "Y", "n", "N":
		return true
	}
	return false
}

// yaml11Int matches YAML 1.1's int and returns its value in decimal:
//
//	[-+]?0b[0-1_]+               binary
//	[-+]?0[0-7_]+                octal
//	[-+]?(0|[1-9][0-9_]*)        decimal
//	[-+]?0x[0-9a-fA-F_]+         hexadecimal
//	[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+  sexagesimal
//
// A prefix followed by underscores only ("0x_") has no digits and no value:
// it is not an int. ok is false too for a number of another base than ten
// with more than maxConverted digits, which is not converted (converting
// takes time that grows faster than its length).
func yaml11Int(s string) (string, bool) {
	neg, base, digits, ok := yaml11IntParts(s)
	switch {
	case !ok:
		return "", false
	case base == 10:
		if neg && digits != "0" {
			return "-" + digits, true
		}
		return digits, true // no sign but '-', no leading zero: canonical
	case len(digits) > maxConverted:
		return "", false
	case base == 60:
		v := new(big.Int)
		for _, p := range strings.Split(digits, ":") {
			d, _ := new(big.Int).SetString(p, 10)
			v.Mul(v, big.NewInt(60)).Add(v, d)
		}
		if neg {
			v.Neg(v)
		}
		return v.String(), true
	}
	v, _ := new(big.Int).SetString(digits, base)
	if neg {
		v.Neg(v)
	}
	return v.String(), true
}

// maxConverted bounds the digits of an int of another base than ten that
// Text converts to decimal.
const maxConverted = 300

// isYAML11Int reports whether s matches YAML 1.1's int, in time linear in
// its length.
func isYAML11Int(s string) bool {
	_, _, _, ok := yaml11IntParts(s)
	return ok
}

// yaml11IntParts splits a YAML 1.1 int into its sign, its base (2, 8, 10,
// 16 or 60) and its digits without separators (a base 60 number's places
// joined by ':').
func yaml11IntParts(s string) (neg bool, base int, digits string, ok bool) {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	if s == "" {
		return false, 0, "", false
	}
	base, digits = 10, s
	switch {
	case strings.HasPrefix(s, "0b"):
		base, digits = 2, s[2:]
	case strings.HasPrefix(s, "0x"):
		base, digits = 16, s[2:]
	case s == "0":
		return neg, 10, "0", true
	case s[0] == '0':
		base, digits = 8, s[1:]
	case s[0] < '1' || s[0] > '9':
		return false, 0, "", false
	case strings.IndexByte(s, ':') >= 0:
		places := strings.Split(s, ":")
		if !decimalDigits(places[0]) {
			return false, 0, "", false
		}
		for _, p := range places[1:] {
			if !sexagesimalDigit(p) {
				return false, 0, "", false
			}
		}
		return neg, 60, strings.ReplaceAll(s, "_", ""), true
	}
	for j := 0; j < len(digits); j++ {
		switch c := digits[j]; {
		case c == '_':
		case base == 2 && c != '0' && c != '1',
			base == 8 && (c < '0' || c > '7'),
			base == 10 && (c < '0' || c > '9'),
			base == 16 && !isHex(c):
			return false, 0, "", false
		}
	}
	digits = strings.ReplaceAll(digits, "_", "")
	if digits == "" {
		if base == 8 && s != "0" {
			return neg, 10, "0", true // "0_": only separators after the octal zero
		}
		return false, 0, "", false
	}
	return neg, base, digits, true
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// sexagesimalDigit matches [0-5]?[0-9], one place of a base 60 number.
func sexagesimalDigit(p string) bool {
	switch len(p) {
	case 1:
		return p[0] >= '0' && p[0] <= '9'
	case 2:
		return p[0] >= '0' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9'
	}
	return false
}

// decimalDigits matches [1-9][0-9_]*.
func decimalDigits(p string) bool {
	if p == "" || p[0] < '1' || p[0] > '9' {
		return false
	}
	for i := 1; i < len(p); i++ {
		if (p[i] < '0' || p[i] > '9') && p[i] != '_' {
			return false
		}
	}
	return true
}

// yaml11Float matches YAML 1.1's float:
//
//	[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?   base 10
//	[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*         base 60
//	[-+]?\.(inf|Inf|INF)                              infinity
//	\.(nan|NaN|NAN)                                   not a number
//
// The type repository writes the fraction [0-9.]*, which would make "1.2.3" (a
// version) and "." numbers that no reader can give a value; like PyYAML,
// the fraction takes digits and separators, and a number needs a digit.
func yaml11Float(s string) bool {
	switch s {
	case ".nan", ".NaN", ".NAN":
		return true
	}
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	switch s[i:] {
	case ".inf", ".Inf", ".INF":
		return true
	}
	if colon := strings.IndexByte(s, ':'); colon >= 0 {
		dot := strings.LastIndexByte(s, '.')
		if dot < colon {
			return false
		}
		if !sexagesimalFloatInt(s[i:dot]) {
			return false
		}
		return fractionDigits(s[dot+1:]) >= 0
	}
	intDigits := 0
	for ; i < len(s) && (s[i] >= '0' && s[i] <= '9' || (s[i] == '_' && intDigits > 0)); i++ {
		if s[i] != '_' {
			intDigits++
		}
	}
	if i >= len(s) || s[i] != '.' {
		return false
	}
	i++
	frac := 0
	for ; i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '_'); i++ {
		if s[i] != '_' {
			frac++
		}
	}
	if intDigits+frac == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i >= len(s) || (s[i] != '+' && s[i] != '-') {
			return false
		}
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

// sexagesimalFloatInt matches the part of a base 60 float before its point,
// [0-9][0-9_]*(:[0-5]?[0-9])+ (unlike the base 60 int's, it may start with 0).
func sexagesimalFloatInt(s string) bool {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || parts[0] == "" || parts[0][0] < '0' || parts[0][0] > '9' {
		return false
	}
	for _, c := range parts[0] {
		if (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	for _, p := range parts[1:] {
		if !sexagesimalDigit(p) {
			return false
		}
	}
	return true
}

// fractionDigits counts the digits of [0-9_]*, or returns -1 when s has anything else.
func fractionDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			n++
		case s[i] != '_':
			return -1
		}
	}
	return n
}

// floatData is the canonical text of a float (see Node.Text): YAML 1.1's, or
// a JSON number's, or an explicitly tagged one's that strconv can read.
func floatData(s string) (string, bool) {
	t := strings.TrimPrefix(s, "+")
	switch strings.ToLower(strings.TrimLeft(t, "-")) {
	case ".inf":
		if strings.HasPrefix(t, "-") {
			return "-.inf", true
		}
		return ".inf", true
	case ".nan":
		return ".nan", true
	}
	t = strings.ReplaceAll(t, "_", "")
	if IsJSONNumber(t) {
		return t, true
	}
	var f float64
	if colon := strings.IndexByte(t, ':'); colon >= 0 {
		neg := strings.HasPrefix(t, "-")
		dot := strings.LastIndexByte(t, '.')
		if dot < colon {
			return "", false
		}
		v := 0.0
		for _, p := range strings.Split(strings.TrimPrefix(t[:dot], "-"), ":") {
			d, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return "", false
			}
			v = v*60 + d
		}
		if dot+1 < len(t) {
			frac, err := strconv.ParseFloat("0."+t[dot+1:], 64)
			if err != nil {
				return "", false
			}
			v += frac
		}
		if neg {
			v = -v
		}
		f = v
	} else {
		var err error
		if f, err = strconv.ParseFloat(t, 64); err != nil && !strings.Contains(err.Error(), "range") {
			return "", false
		}
	}
	switch {
	case math.IsInf(f, 1):
		return ".inf", true
	case math.IsInf(f, -1):
		return "-.inf", true
	case math.IsNaN(f):
		return ".nan", true
	}
	d := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(d, ".e") {
		d += ".0"
	}
	return d, true
}

// IsJSONNumber reports whether s is a number literal JSON accepts.
func IsJSONNumber(s string) bool {
	start := 0
	if strings.HasPrefix(s, "-") {
		start++
	}
	i := digitsEnd(s, start)
	if n := i - start; n == 0 || (n > 1 && s[start] == '0') {
		return false
	}
	if i < len(s) && s[i] == '.' {
		if i = digitsEnd(s, i+1); s[i-1] == '.' {
			return false // a fraction has digits
		}
	}
	return optionalExponent(s[i:])
}

// digitsEnd returns the offset past the decimal digits of s at i.
func digitsEnd(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// PlainIsString reports whether s, written as a plain YAML scalar, reads back
// as the string s for every reader a template meets: CloudFormation and
// cfn-lint (YAML 1.1, whose timestamps PyYAML reads as dates), a reader that
// takes the type repository's y and n for booleans, and YAML 1.2
// readers such as yaml.v3 (`0o17`, `1e3`, `027434742980` are numbers there).
// YAML's syntax (indicators, ": ", " #") is the writer's business.
func PlainIsString(s string) bool {
	if s == "<<" || s == "=" {
		return false // YAML 1.1's merge and value keys: PyYAML has no constructor for them
	}
	if null, t := resolveYAML(s); null || t != Str {
		return false
	}
	return !yaml11Timestamp(s) && !digitlessInt(s) && !yaml11Letter(s) && yaml12String(s)
}

// digitlessInt matches YAML 1.1's binary and hexadecimal patterns with
// separators for digits ("0x_"): PyYAML takes them for ints and then fails.
func digitlessInt(s string) bool {
	s = strings.TrimLeft(s, "+-")
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0b") {
		return false
	}
	return len(s) > 2 && strings.Trim(s[2:], "_") == ""
}

// yaml11Timestamp matches the start of YAML 1.1's timestamp, a date
// [0-9]{4}-[0-9]{1,2}-[0-9]{1,2} (the time that may follow needs a space or a
// 't', which PlainIsString's callers quote anyway when it is ambiguous).
func yaml11Timestamp(s string) bool {
	digits := func(s string, lo, hi int) (int, bool) {
		n := 0
		for n < len(s) && n < hi && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		return n, n >= lo
	}
	n, ok := digits(s, 4, 4)
	if !ok || n >= len(s) || s[n] != '-' {
		return false
	}
	s = s[n+1:]
	if n, ok = digits(s, 1, 2); !ok || n >= len(s) || s[n] != '-' {
		return false
	}
	_, ok = digits(s[n+1:], 1, 2)
	return ok
}

// yaml12String reports whether yaml.v3 (YAML 1.2's core schema, with
// underscores and 0b binaries) reads plain s as a string.
func yaml12String(s string) bool {
	switch s {
	case "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
		".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return false
	}
	switch c := s[0]; {
	case c == '.':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return false
		}
	case c == '+' || c == '-' || (c >= '0' && c <= '9'):
		plain := strings.ReplaceAll(s, "_", "")
		if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return false
		}
		if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return false
		}
		if yaml12Float(plain) {
			return false
		}
		for _, pre := range []string{"0b", "-0b", "0o", "-0o"} {
			if strings.HasPrefix(plain, pre) {
				return false
			}
		}
	}
	return true
}

// yaml12Float matches ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$, the
// pattern yaml.v3 accepts floats by.
func yaml12Float(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i < len(s) && s[i] == '.' {
		if i = digitsEnd(s, i+1); s[i-1] == '.' {
			return false
		}
	} else {
		start := i
		if i = digitsEnd(s, i); i == start {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i = digitsEnd(s, i+1)
		}
	}
	return optionalExponent(s[i:])
}

// optionalExponent matches ([eE][-+]?[0-9]+)?, the end of a JSON and of a
// YAML 1.2 float.
func optionalExponent(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != 'e' && s[0] != 'E' {
		return false
	}
	s = s[1:]
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
