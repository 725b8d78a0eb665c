package jsonschema

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/conditions"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// decodeCase decodes a test's schema (JSON) and parses its YAML template.
func decodeCase(t *testing.T, schema, src string) (any, *template.Template) {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(schema), &doc); err != nil {
		t.Fatalf("schema: %v", err)
	}
	tpl := template.Parse("t.yaml", src)
	if tpl.Err != nil {
		t.Fatalf("template: %v", tpl.Err)
	}
	return doc, tpl
}

// run evaluates schema (JSON) over the value of key V in the YAML document src
// (which may declare Conditions and Parameters) and renders the findings as
// "keyword line:col message [when ...]", one per line, sorted as found.
func run(t *testing.T, schema, src string) string {
	t.Helper()
	doc, tpl := decodeCase(t, schema, src)
	pair := tpl.Root.GetPair("V")
	if pair == nil {
		t.Fatalf("no V in %q", src)
	}
	v := &Validator{T: tpl, Rules: &RuleSet{Default: "E0"},
		Formats: func(f string) (Format, bool) {
			return Format{Valid: func(s string, _ *template.Node) bool { return s == "good" }, Rule: "E9", Pattern: "^good$"}, f == "thing"
		}}
	errs := v.Validate(pair.Value, NewDocument("t", doc, nil).Root(), Place{At: pair.Key.Range, Functions: AllFunctions})
	return render(errs)
}

func render(errs []*Error) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "%s %d:%d %s", e.Keyword, e.Range.Start.Line+1, e.Range.Start.Char+1, e.Message)
		for _, f := range e.When {
			fmt.Fprintf(&b, " [%s=%v]", f.Name, f.Value)
		}
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

const conds = "Parameters:\n  Env: {Type: String, AllowedValues: [prod, dev, test]}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Equals [!Ref Env, dev]\n"

func TestKeywords(t *testing.T) {
	cases := []struct {
		name, schema, value, want string
	}{
		// type, with CloudFormation's coercions
		{"string ok", `{"type": "string"}`, `12`, ``},
		{"integer from string", `{"type": "integer"}`, `"20"`, ``},
		{"integer from float", `{"type": "integer"}`, `"2.5"`, `type 1:4 '2.5' is not of type 'integer'`},
		{"number", `{"type": "number"}`, `"2.5"`, ``},
		{"boolean from string", `{"type": "boolean"}`, `"true"`, ``},
		{"boolean yaml 1.1", `{"type": "boolean"}`, `yes`, ``},
		{"boolean quoted yes", `{"type": "boolean"}`, `"yes"`, `type 1:4 'yes' is not of type 'boolean'`},
		{"object for list", `{"type": "object"}`, `[a]`, `type 1:1 ['a'] is not of type 'object'`},
		{"two types", `{"type": ["string", "array"]}`, `{a: 1}`, `type 1:1 {'a': 1} is not of type 'array', 'string'`},
		{"null is not judged", `{"type": "object", "properties": {"A": {"type": "string"}}}`, "\n  A:", ``},
		// enum and const
		{"enum", `{"enum": ["a", "b"]}`, `c`, `enum 1:4 'c' is not one of ['a', 'b']`},
		{"enum number text", `{"enum": [1, 6]}`, `"6"`, ``},
		{"enum string of int", `{"enum": ["6"]}`, `6`, ``},
		{"enum bool", `{"enum": [true]}`, `"true"`, ``},
		{"enum case", `{"enum": ["Abc"]}`, `abc`, `enum 1:4 'abc' is not one of ['Abc']`},
		{"enumCaseInsensitive", `{"enumCaseInsensitive": ["Abc"]}`, `aBC`, ``},
		{"const", `{"const": "x"}`, `y`, `const 1:4 'x' was expected`},
		// strings and numbers
		{"pattern", `{"pattern": "^a+$"}`, `ab`, `pattern 1:4 'ab' does not match '^a+$'`},
		{"negative lookahead", `{"pattern": "^(?!arn:aws:lambda:::awslayer:)"}`, `"arn:aws:lambda:::awslayer:X"`, "pattern 1:4 'arn:aws:lambda:::awslayer:X' does not match '^(?!arn:aws:lambda:::awslayer:)'"},
		{"negative lookahead ok", `{"pattern": "^(?!.*(?:\\.\\*\\.)).*"}`, `a.b.com`, ``},
		{"negative lookahead fails", `{"pattern": "^(?!.*(?:\\.\\*\\.)).*"}`, `a.*.com`, "pattern 1:4 'a.*.com' does not match '^(?!.*(?:\\\\.\\\\*\\\\.)).*'"},
		{"not enum", `{"not": {"enum": ["A", "B"]}}`, `A`, "not 1:4 'A' is one of the values not allowed here: ['A', 'B']"},
		{"negative lookahead then more", `{"pattern": "^(?!aws:).+$"}`, `aws:team`, `pattern 1:4 'aws:team' does not match '^(?!aws:).+$'`},
		{"negative lookahead then more, empty", `{"pattern": "^(?!aws:).+$"}`, `""`, `pattern 1:4 '' does not match '^(?!aws:).+$'`},
		{"negative lookahead then more ok", `{"pattern": "^(?!aws:).+$"}`, `team`, ``},
		{"negative lookahead key", `{"patternProperties": {"^(?!aws:).+$": {}}, "additionalProperties": false}`, `{team: a, aws:x: b}`, `additionalProperties 1:14 'aws:x' does not match any of the regexes: '^(?!aws:).+$'`},
		{"pattern number", `{"pattern": "^[0-9]+$"}`, `12`, ``},
		{"format", `{"format": "thing"}`, `bad`, `format 1:4 'bad' is not a 'thing' with pattern '^good$'`},
		{"format ok", `{"format": "thing"}`, `good`, ``},
		{"format unknown", `{"format": "other"}`, `bad`, ``},
		{"minLength", `{"minLength": 3}`, `ab`, `minLength 1:4 'ab' is shorter than 3`},
		{"maxLength", `{"maxLength": 1}`, `ab`, `maxLength 1:4 'ab' is longer than 1`},
		{"length of number", `{"maxLength": 1}`, `12`, ``},
		{"minimum", `{"minimum": 5}`, `4`, `minimum 1:4 4 is less than the minimum of 5`},
		{"maximum string", `{"maximum": 5}`, `"6"`, `maximum 1:4 '6' is greater than the maximum of 5`},
		{"exclusiveMinimum", `{"exclusiveMinimum": 5}`, `5`, `exclusiveMinimum 1:4 5 is less than or equal to the minimum of 5`},
		{"exclusiveMaximum", `{"exclusiveMaximum": 5}`, `5`, `exclusiveMaximum 1:4 5 is greater than or equal to the maximum of 5`},
		{"multipleOf", `{"multipleOf": 60}`, `90`, `multipleOf 1:4 90 is not a multiple of 60`},
		{"multipleOf ok", `{"multipleOf": 60}`, `120`, ``},
		// lists
		{"items", `{"items": {"type": "integer"}}`, `[1, x]`, `type 1:8 'x' is not of type 'integer'`},
		{"prefixItems", `{"prefixItems": [{"type": "integer"}], "items": false}`, `[1, 2]`, `items 1:1 Expected at most 1 items but found 1 extra`},
		{"minItems", `{"minItems": 2}`, `[1]`, `minItems 1:1 expected minimum item count: 2, found: 1`},
		{"maxItems", `{"maxItems": 1}`, `[1, 2]`, `maxItems 1:1 expected maximum item count: 1, found: 2`},
		{"uniqueItems", `{"uniqueItems": true}`, `[a, b, a]`, `uniqueItems 1:1 array items are not unique: 'a' appears more than once`},
		{"uniqueItems text", `{"uniqueItems": true}`, `[1, "1"]`, `uniqueItems 1:1 array items are not unique: '1' appears more than once`},
		{"uniqueItems functions", `{"uniqueItems": true}`, `[!Ref A, !Ref A]`, ``},
		{"uniqueKeys", `{"uniqueKeys": ["K"]}`, `[{K: a, V: 1}, {K: a, V: 2}]`, `uniqueKeys 1:1 array items are not unique for keys ['K']`},
		{"maxUniqueItems", `{"maxUniqueItems": 1}`, `[a, b, a]`, `maxUniqueItems 1:1 expected maximum unique item count: 1, found: 2`},
		{"contains", `{"contains": {"const": "x"}}`, `[a, b]`, `contains 1:1 ['a', 'b'] does not contain items matching the given schema`},
		{"contains ok", `{"contains": {"const": "x"}}`, `[a, x]`, ``},
		// objects
		{"properties", `{"properties": {"A": {"type": "integer"}}}`, `{A: x}`, `type 1:8 'x' is not of type 'integer'`},
		{"additionalProperties", `{"properties": {"Name": {}}, "additionalProperties": false}`, `{Nmae: x}`, `additionalProperties 1:5 Additional properties are not allowed ('Nmae' was unexpected. Did you mean 'Name'?)`},
		{"additionalProperties schema", `{"additionalProperties": {"type": "string"}}`, `{A: [1]}`, `type 1:5 [1] is not of type 'string'`},
		{"patternProperties", `{"patternProperties": {"^a": {"type": "integer"}}, "additionalProperties": false}`, `{ab: 1, b: 2}`, `additionalProperties 1:12 'b' does not match any of the regexes: '^a'`},
		{"propertyNames", `{"propertyNames": {"maxLength": 2}}`, `{abc: 1}`, `maxLength 1:5 'abc' is longer than 2`},
		{"required", `{"required": ["A", "B"]}`, `{A: 1}`, `required 1:1 'B' is a required property`},
		{"required novalue", `{"required": ["A"]}`, `{A: !Ref AWS::NoValue}`, `required 1:1 'A' is a required property`},
		{"required transform", `{"required": ["A"], "additionalProperties": false}`, `{Fn::Transform: {Name: x}}`, ``},
		{"minProperties", `{"minProperties": 1}`, `{}`, `minProperties 1:1 expected minimum property count: 1, found: 0`},
		{"maxProperties", `{"maxProperties": 1}`, `{a: 1, b: 2}`, `maxProperties 1:1 expected maximum property count: 1, found: 2`},
		{"requiredXor none", `{"requiredXor": ["A", "B"]}`, `{C: 1}`, `requiredXor 1:1 Exactly one of 'A' or 'B' is required; none is set`},
		{"requiredXor both", `{"requiredXor": ["A", "B"]}`, `{A: 1, B: 2}`, "requiredXor 1:5 Only one of 'A' or 'B' may be set; 'A' and 'B' are both set\nrequiredXor 1:11 Only one of 'A' or 'B' may be set; 'A' and 'B' are both set"},
		{"requiredOr", `{"requiredOr": ["A", "B"]}`, `{C: 1}`, `requiredOr 1:1 At least one of 'A' or 'B' is required; none is set`},
		{"dependencies list", `{"dependencies": {"A": ["B"]}}`, `{A: 1}`, `dependentRequired 1:5 'B' is required with 'A'`},
		{"dependencies schema", `{"dependencies": {"A": {"required": ["C"]}}}`, `{A: 1}`, `required 1:1 'C' is a required property`},
		{"dependentRequired", `{"dependentRequired": {"A": ["B"]}}`, `{A: 1}`, `dependentRequired 1:5 'B' is required with 'A'`},
		{"dependentExcluded", `{"dependentExcluded": {"A": ["B"]}}`, `{A: 1, B: 2}`, `dependentExcluded 1:11 'B' cannot be set together with 'A'`},
		// combinators
		{"allOf", `{"allOf": [{"minLength": 2}, {"pattern": "^b"}]}`, `a`, "minLength 1:4 'a' is shorter than 2\npattern 1:4 'a' does not match '^b'"},
		{"anyOf", `{"anyOf": [{"type": "integer"}, {"enum": ["x"]}]}`, `z`, `anyOf 1:4 'z' is not valid under any of the given schemas`},
		{"anyOf ok", `{"anyOf": [{"type": "integer"}, {"enum": ["x"]}]}`, `x`, ``},
		{"anyOf required", `{"anyOf": [{"required": ["A"]}, {"required": ["B", "C"]}]}`, `{D: 1}`, `anyOf 1:1 At least one of 'A' or 'B' with 'C' is required; none is set`},
		{"anyOf function", `{"anyOf": [{"type": "integer"}, {"enum": ["x"]}]}`, `!Ref P`, ``},
		{"oneOf none", `{"oneOf": [{"required": ["A"]}, {"required": ["B"]}]}`, `{C: 1}`, `oneOf 1:1 Exactly one of 'A' or 'B' is required; none is set`},
		{"oneOf two", `{"oneOf": [{"required": ["A"]}, {"required": ["B"]}]}`, `{A: 1, B: 1}`, `oneOf 1:1 Only one of 'A' or 'B' may be set; 'A' or 'B' are all set`},
		{"oneOf function", `{"oneOf": [{"properties": {"A": {"enum": ["x"]}}}, {"properties": {"A": {"enum": ["y"]}}}]}`, `{A: !Sub x}`, ``},
		{"not", `{"not": {"required": ["A"]}}`, `{A: 1}`, `not 1:1 'A' should not be set`},
		{"not function", `{"not": {"type": "string"}}`, `!Ref P`, ``},
		{"if then", `{"if": {"properties": {"P": {"const": "icmp"}}}, "then": {"required": ["F"]}}`, `{P: icmp}`, `required 1:1 'F' is a required property`},
		{"if else", `{"if": {"properties": {"P": {"const": "icmp"}}}, "then": {"required": ["F"]}, "else": {"required": ["G"]}}`, `{P: tcp}`, `required 1:1 'G' is a required property`},
		{"if unknown", `{"if": {"properties": {"P": {"const": "icmp"}}}, "then": {"required": ["F"]}}`, `{P: !Ref X}`, ``},
		{"if false whatever the unknown", `{"if": {"properties": {"P": {"const": "icmp"}, "Q": {"const": "x"}}}, "else": {"required": ["G"]}}`, `{Q: !Ref X, P: tcp}`, `required 1:1 'G' is a required property`},
		{"if unknown and else", `{"if": {"properties": {"P": {"const": "icmp"}, "Q": {"const": "x"}}}, "else": {"required": ["G"]}}`, `{Q: !Ref X, P: icmp}`, ``},
		{"if macro tag unknown", `{"if": {"properties": {"P": {"required": ["Z"]}}}, "then": {"required": ["F"]}}`, `{P: !Rain::S3 {A: 1}}`, ``},
		{"not false whatever the unknown", `{"not": {"properties": {"P": {"const": "icmp"}, "Q": {"const": "x"}}}}`, `{Q: !Ref X, P: tcp}`, ``},
		{"false schema", `{"properties": {"A": false}}`, `{A: 1}`, `false 1:5 'A' is not allowed here`},
		{"false items", `{"items": false}`, `[1]`, `items 1:1 Expected at most 0 items but found 1 extra`},
		{"false item schema", `{"items": {"not": {}}}`, `[1]`, `not 1:5 1 should not be valid under {}`},
		{"ref", `{"definitions": {"D": {"type": "integer"}}, "properties": {"A": {"$ref": "#/definitions/D"}}}`, `{A: x}`, `type 1:8 'x' is not of type 'integer'`},
		{"recursive ref", `{"properties": {"A": {"$ref": "#"}, "B": {"type": "integer"}}}`, `{A: {A: {B: x}}}`, `type 1:16 'x' is not of type 'integer'`},
		// functions
		{"function is unjudged", `{"type": "integer", "enum": [1]}`, `!Ref P`, ``},
		{"function output type", `{"type": "array"}`, `!Join [",", [a]]`, `fn_join 1:1 {'Fn::Join': [',', ['a']]} is not of type 'array'`},
		{"function output coerced", `{"type": "integer"}`, `!Sub "1"`, ``},
		{"if branches", `{"type": "string"}`, `!If [IsProd, [a], b]`, `type 1:17 ['a'] is not of type 'string'`},
		{"if novalue", `{"type": "string"}`, `!If [IsProd, !Ref AWS::NoValue, b]`, ``},
		{"dynamic reference", `{"pattern": "^a$"}`, `"{{resolve:ssm:x}}"`, ``},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := run(t, c.schema, "V: "+c.value+"\n")
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestScenarios(t *testing.T) {
	cases := []struct {
		name, schema, value, want string
	}{
		{"required under a condition", `{"required": ["A"]}`, "\n  A: !If [IsProd, 1, !Ref AWS::NoValue]",
			`required 6:1 'A' is a required property [IsProd=false]`},
		{"required in every scenario", `{"required": ["A"]}`, "\n  B: !If [IsProd, 1, 2]", `required 6:1 'A' is a required property`},
		{"excluded conditions", `{"requiredXor": ["A", "B"]}`,
			"\n  A: !If [IsProd, 1, !Ref AWS::NoValue]\n  B: !If [IsDev, 1, !Ref AWS::NoValue]",
			`requiredXor 6:1 Exactly one of 'A' or 'B' is required; none is set [IsDev=false] [IsProd=false]`},
		{"if then per scenario", `{"if": {"properties": {"P": {"const": "icmp"}}, "required": ["P"]}, "then": {"required": ["F"]}}`,
			"\n  P: !If [IsProd, icmp, tcp]", `required 6:1 'F' is a required property [IsProd=true]`},
		{"minItems", `{"minItems": 2}`, "\n  - a\n  - !If [IsProd, b, !Ref AWS::NoValue]", `minItems 6:1 expected minimum item count: 2, found: 1 [IsProd=false]`},
		{"value fn", `{"properties": {"A": {"type": "integer"}}}`, "\n  A: !If [IsProd, x, 1]", `type 7:19 'x' is not of type 'integer'`},
		{"group keywords of a branch at the key", `{"properties": {"A": {"uniqueItems": true, "type": "array"}}}`, "\n  A: !If\n    - IsProd\n    - [x, x]\n    - [y]",
			`uniqueItems 7:3 array items are not unique: 'x' appears more than once`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := run(t, c.schema, conds+"V: "+c.value+"\n")
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestRules(t *testing.T) {
	var doc any
	json.Unmarshal([]byte(`{"properties": {"Items": {"items": {"properties": {"P": {"type": "string"}}}}}}`), &doc)
	var ext any
	json.Unmarshal([]byte(`{"if": {"properties": {"P": {"const": "icmp"}}, "required": ["P"]}, "then": {"required": ["F", "T"]}}`), &ext)
	hooks := &Hooks{}
	hooks.Add("Root/Items/*", &Rule{ID: "E9", Schema: NewDocument("ext", ext, nil).Root(),
		Message: func(n *template.Node, e *Error) string { return "ports needed" }})
	src := "V:\n  Items:\n    - P: icmp\n    - P: tcp\n    - P: !If [C, icmp, tcp]\nConditions:\n  C: !Equals [!Ref AWS::Region, x]\n"
	tpl := template.Parse("t.yaml", src)
	pair := tpl.Root.GetPair("V")
	v := &Validator{T: tpl, Rules: &RuleSet{Default: "E0"}}
	errs := v.Validate(pair.Value, NewDocument("t", doc, nil).Root(), Place{At: pair.Key.Range, Functions: AllFunctions, Hooks: hooks.At("Root")})
	var got []string
	for _, e := range errs {
		got = append(got, fmt.Sprintf("%s %d %s %v", e.Rule, e.Range.Start.Line+1, e.Message, e.When))
	}
	want := []string{"E9 3 ports needed []", "E9 5 ports needed [{C true}]"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_ = conditions.Fact{}
}
