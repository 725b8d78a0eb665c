package schema

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// patterns caches compiled patterns (nil when a pattern does not compile); registry
// schemas repeat the same patterns many times.
var patterns sync.Map // string -> *regexp.Regexp

// Regexp returns the compiled Pattern, or nil when there is none or when Go's RE2
// cannot compile it even leniently. Registry patterns are ECMA-262: where RE2
// cannot express one (look-arounds, repetition counts over 1000) the returned
// regexp is a lenient approximation that accepts every string the pattern accepts.
// Results are cached.
func (vt *ValueType) Regexp() *regexp.Regexp {
	if vt == nil || vt.Pattern == "" {
		return nil
	}
	return CompilePattern(vt.Pattern)
}

// CompilePattern compiles a schema pattern as Regexp does (nil when even a
// lenient approximation does not compile), cached.
func CompilePattern(pattern string) *regexp.Regexp {
	if re, ok := patterns.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	re, err := regexp.Compile(ecmaToRE2(pattern))
	if err != nil {
		// Fall back to a more lenient pattern: RE2 caps counted repetition at 1000
		// (registry patterns use {0,1023} and the like) and has no look-arounds.
		// Dropping an upper bound or a zero-width assertion only accepts more.
		re, err = regexp.Compile(relaxRepeats(stripLookarounds(ecmaToRE2(pattern))))
		if err != nil {
			re = nil
		}
	}
	patterns.Store(pattern, re)
	return re
}

// ecmaToRE2 rewrites the ECMA-262 escapes RE2 spells differently: \uXXXX and \u{X}
// become \x{X}. (RE2 already accepts escaped punctuation such as \/.)
func ecmaToRE2(p string) string {
	if !strings.Contains(p, `\`) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] != '\\' || i+1 >= len(p) {
			b.WriteByte(p[i])
			continue
		}
		next := p[i+1]
		switch {
		case next == 'u' && i+5 < len(p) && isHex(p[i+2:i+6]):
			b.WriteString(`\x{` + p[i+2:i+6] + `}`)
			i += 5
		case next == 'u' && i+2 < len(p) && p[i+2] == '{':
			if end := strings.IndexByte(p[i+3:], '}'); end > 0 && isHex(p[i+3:i+3+end]) {
				b.WriteString(`\x{` + p[i+3:i+3+end] + `}`)
				i += 3 + end
				continue
			}
			b.WriteString(p[i : i+2])
			i++
		case next == 'Z':
			b.WriteString(`\z`) // Python's end of text (cfn-lint evaluates with Python)
			i++
		default:
			b.WriteString(p[i : i+2])
			i++
		}
	}
	return b.String()
}

var bigRepeat = regexp.MustCompile(`(\\.)?\{(\d+)(,\d*)?\}`)

// relaxRepeats rewrites counted repetitions beyond RE2's limit of 1000:
// {m,n} and {n} become {min(m,1000),}.
func relaxRepeats(p string) string {
	return bigRepeat.ReplaceAllStringFunc(p, func(m string) string {
		g := bigRepeat.FindStringSubmatch(m)
		if g[1] == `\x` || g[1] == `\p` || g[1] == `\P` {
			return m // \x{2028} is a code point, not a repetition
		}
		lo, _ := strconv.Atoi(g[2])
		hi := lo
		if len(g[3]) > 1 {
			hi, _ = strconv.Atoi(g[3][1:])
		}
		if lo <= 1000 && hi <= 1000 {
			return m
		}
		return g[1] + "{" + strconv.Itoa(min(lo, 1000)) + ",}"
	})
}

// stripLookarounds removes (?=…), (?!…), (?<=…) and (?<!…) groups.
func stripLookarounds(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '\\' && i+1 < len(p) {
			b.WriteString(p[i : i+2])
			i++
			continue
		}
		if p[i] == '[' {
			end := classEnd(p, i)
			b.WriteString(p[i:end])
			i = end - 1
			continue
		}
		if strings.HasPrefix(p[i:], "(?=") || strings.HasPrefix(p[i:], "(?!") ||
			strings.HasPrefix(p[i:], "(?<=") || strings.HasPrefix(p[i:], "(?<!") {
			i = groupEnd(p, i) - 1
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// classEnd returns the index just past the character class starting at p[i] == '['.
func classEnd(p string, i int) int {
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++
	}
	for ; j < len(p); j++ {
		switch p[j] {
		case '\\':
			j++
		case ']':
			return j + 1
		}
	}
	return len(p)
}

// groupEnd returns the index just past the group opening at p[i] == '('.
func groupEnd(p string, i int) int {
	depth := 0
	for j := i; j < len(p); j++ {
		switch p[j] {
		case '\\':
			j++
		case '[':
			j = classEnd(p, j) - 1
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(p)
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}
