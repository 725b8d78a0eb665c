package lang

import "strings"

// SubVariable is one ${...} variable of a Fn::Sub string.
type SubVariable struct {
	Name  string // between the braces, blanks trimmed: "Bucket.Arn", "AWS::Region"
	Token string // the variable as written: "${Bucket.Arn}"
	Nth   int    // how many identical tokens come before this one in the string
	Lead  int    // the blanks between "${" and the name
}

// SubVariables returns the ${...} variables of a Fn::Sub string in order. A
// "${!Literal}" is an escaped literal, not a variable; a "${" without a closing
// brace ends the scan. This is the one reading of a Sub string: the reference
// index, the checks and hover all use it.
func SubVariables(s string) []SubVariable {
	var out []SubVariable
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		j += i
		if j+2 < len(s) && s[j+2] == '!' {
			i = j + 3
			continue
		}
		k := strings.IndexByte(s[j+2:], '}')
		if k < 0 {
			break
		}
		raw := s[j+2 : j+2+k]
		tok := s[j : j+3+k]
		i = j + 3 + k
		name := strings.TrimSpace(raw)
		if name == "" {
			continue
		}
		nth := 0 // a string holds few variables: counting beats a map
		for _, v := range out {
			if v.Token == tok {
				nth++
			}
		}
		out = append(out, SubVariable{Name: name, Token: tok, Nth: nth,
			Lead: len(raw) - len(strings.TrimLeft(raw, " \t"))})
	}
	return out
}

// HasSubVariable reports whether a Fn::Sub string has a variable at all.
func HasSubVariable(s string) bool {
	return len(SubVariables(s)) > 0
}
