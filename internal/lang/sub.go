package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SubVariable is one ${...} variable of a Fn::Sub string.
type SubVariable struct {
	Name  string // between the braces, blanks trimmed: "Bucket.Arn", "AWS::Region"
	Token string // the variable as written: "${Bucket.Arn}"
	Nth   int    // how many identical tokens come before this one in the string
	Lead  int    // the blanks between "${" and the name
}

// SubVariables returns the ${...} variables of a Fn::Sub string in order, read
// the way cfn-lint reads them (and CloudFormation resolves them): "${",
// optional blanks, a first character that is neither "!" nor blank, then the
// name up to the first "}", with trailing blanks dropped; only those blanks may
// cross a line break. "${!Literal}" is an escaped literal, not a variable. This
// is the one reading of a Sub string: the reference index, the checks and hover
// all use it.
func SubVariables(s string) []SubVariable {
	var out []SubVariable
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		j += i
		i = j + 1 // where to look next when this "${" opens no variable
		k := j + 2
		for k < len(s) {
			r, size := utf8.DecodeRuneInString(s[k:])
			if !unicode.IsSpace(r) {
				break
			}
			k += size
		}
		if k == len(s) || s[k] == '!' {
			continue
		}
		end := strings.IndexByte(s[k+1:], '}')
		if end < 0 {
			break // no later "${" can close either
		}
		end += k + 1
		name := strings.TrimRightFunc(s[k:end], unicode.IsSpace)
		if strings.IndexByte(name, '\n') >= 0 {
			continue
		}
		tok := s[j : end+1]
		nth := 0 // a string holds few variables: counting beats a map
		for _, v := range out {
			if v.Token == tok {
				nth++
			}
		}
		out = append(out, SubVariable{Name: name, Token: tok, Nth: nth, Lead: k - j - 2})
		i = end + 1
	}
	return out
}

// HasSubVariable reports whether a Fn::Sub string has a variable at all.
func HasSubVariable(s string) bool {
	return len(SubVariables(s)) > 0
}
