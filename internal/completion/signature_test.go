package completion

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// TestSignatureAt shows the active argument between « and ».
func TestSignatureAt(t *testing.T) {
	const props = "Resources:\n  A:\n    Properties:\n      X: "
	const jsonProps = `{"Resources": {"A": {"Properties": {"X": `
	for _, c := range []struct{ src, want string }{
		{props + "!If [|", "!If [«ConditionName», valueIfTrue, valueIfFalse]"},
		{props + "!If [C, |", "!If [ConditionName, «valueIfTrue», valueIfFalse]"},
		{props + "!If [C, a, |]", "!If [ConditionName, valueIfTrue, «valueIfFalse»]"},
		{props + "!If [C, a, b, |]", "!If [ConditionName, valueIfTrue, valueIfFalse] (no argument)"},
		{props + "!If [C, !Select [0, |], b]", "!Select [index, «list»]"},
		{props + "!If [C, !Select [0, a], |]", "!If [ConditionName, valueIfTrue, «valueIfFalse»]"},
		{props + "!Join [',', |]", "!Join [delimiter, «[value, ...]»]"},
		{props + "!Ref |", "!Ref «LogicalNameOrParameter»"},
		{props + "!GetAtt |", "!GetAtt «Resource.Attribute»"},
		{props + "!GetAtt [A, |]", "!GetAtt [Resource, «Attribute»]"},
		{props + "!Sub '${|}'", "!Sub «'text with ${Name} and ${Resource.Attribute}'»"},
		{props + "!Sub ['${x}', |]", "!Sub [text, «{Name: value, ...}»]"},
		{props + "\n        Fn::FindInMap:\n          - M\n          - |", "!FindInMap [MapName, «TopLevelKey», SecondLevelKey]"},
		{"Conditions:\n  C: !And [!Condition A, !Condition B, |]", "!And [«condition», ...]"},
		{"Conditions:\n  C: !Equals [|", "!Equals [«value1», value2]"},
		{"Rules:\n  R:\n    Assertions:\n      - Assert: !Contains [[a], |]", "!Contains [[value, ...], «value»]"},
		{jsonProps + `{"Fn::If": ["C", |]}}}}}`, `"Fn::If": [ConditionName, «valueIfTrue», valueIfFalse]`},
		{jsonProps + `{"Fn::Sub": "|"}}}}}`, `"Fn::Sub": «'text with ${Name} and ${Resource.Attribute}'»`},
		{props + "|", "none"},
		{props + "!Join [',', [a, |]]", "none"},
		{"Resources:\n  A:\n    Type: |", "none"},
		{"|", "none"},
	} {
		i := strings.Index(c.src, "|")
		src := c.src[:i] + c.src[i+1:]
		sig, ok := SignatureAt(Request{Text: src, Pos: template.NewLines(src).PosOf(i)})
		got := "none"
		if ok {
			got = showSignature(sig)
		}
		if got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.src, got, c.want)
		}
		if ok && sig.Doc == "" {
			t.Errorf("%q: no documentation", c.src)
		}
	}
}

func showSignature(s Signature) string {
	if s.Active >= len(s.Params) {
		return s.Label + " (no argument)"
	}
	p := s.Params[s.Active]
	return s.Label[:p[0]] + "«" + s.Label[p[0]:p[1]] + "»" + s.Label[p[1]:]
}
