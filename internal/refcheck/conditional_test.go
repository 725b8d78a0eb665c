package refcheck

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/benchgen"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// conditionalHead declares a parameter, conditions and a conditional resource
// for the W1001 cases below.
const conditionalHead = `Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  Odd: !Equals [!Select [0, [!Ref Env]], prod]
  Loop1: !Not [!Condition Loop2]
  Loop2: !Not [!Condition Loop1]
Resources:
  Key: {Type: AWS::KMS::Key, Condition: IsProd, Properties: {KeyPolicy: {}}}
`

// w1001Lines returns the 1-based lines of the W1001 findings on src.
func w1001Lines(t *testing.T, src string) []int {
	t.Helper()
	tpl := template.Parse("file:///test.yaml", src)
	if tpl.Err != nil {
		t.Fatal(tpl.Err)
	}
	var lines []int
	for _, d := range Check(tpl, nil) {
		if d.Code == codeCondRef {
			lines = append(lines, d.Range.Start.Line+1)
		}
	}
	return lines
}

func TestConditionalRefs(t *testing.T) {
	// The first line of body is line 11.
	for _, c := range []struct {
		name, head, body string
		want             []int
	}{
		{"unconditional site", "", "  T: {Type: AWS::SNS::Topic, Properties: {TopicName: !Ref Key}}\n", []int{11}},
		{"same condition", "", "  T: {Type: AWS::SNS::Topic, Condition: IsProd, Properties: {TopicName: !Ref Key}}\n", nil},
		{"other value", "", "  T: {Type: AWS::SNS::Topic, Condition: IsDev, Properties: {TopicName: !Ref Key}}\n", []int{11}},
		{"if false branch of IsDev", "", "  T: {Type: AWS::SNS::Topic, Properties: {TopicName: !If [IsDev, x, !Ref Key]}}\n", nil},
		{"if true branch of IsDev", "", "  T: {Type: AWS::SNS::Topic, Properties: {TopicName: !If [IsDev, !Ref Key, x]}}\n", []int{11}},
		{"unknown target condition", "", "  K2: {Type: AWS::KMS::Key, Condition: Odd, Properties: {KeyPolicy: {}}}\n  T: {Type: AWS::SNS::Topic, Properties: {TopicName: !Ref K2}}\n", nil},
		{"unknown site condition", "", "  T: {Type: AWS::SNS::Topic, Condition: Odd, Properties: {TopicName: !Ref Key}}\n", nil},
		{"cyclic site condition", "", "  T: {Type: AWS::SNS::Topic, Condition: Loop1, Properties: {TopicName: !Ref Key}}\n", nil},
		{"undefined site condition", "", "  T: {Type: AWS::SNS::Topic, Condition: Nope, Properties: {TopicName: !Ref Key}}\n", nil},
		{"condition not a name", "", "  T: {Type: AWS::SNS::Topic, Condition: [IsProd], Properties: {TopicName: !Ref Key}}\n", nil},
		{"depends on skipped", "", "  T: {Type: AWS::SNS::Topic, DependsOn: Key, Properties: {TopicName: x}}\n", nil},
		{"self reference", "", "  K3: {Type: AWS::KMS::Key, Condition: IsDev, Properties: {Description: !Ref K3}}\n", nil},
		{"metadata", "", "  T: {Type: AWS::SNS::Topic, Metadata: {k: !Ref Key}, Properties: {TopicName: x}}\n", []int{11}},
		{"non-standard attribute", "", "  T: {Type: AWS::SNS::Topic, Extra: !Ref Key, Properties: {TopicName: x}}\n", nil},
		{"macro transform", "Transform: MyMacro\n", "  T: {Type: AWS::SNS::Topic, Properties: {TopicName: !Ref Key}}\n", nil},
		{"sub variables", "", "  T: {Type: AWS::SNS::Topic, Properties: {TopicName: !Sub '${Key}-${!Key}-${Env}'}}\n", []int{11}},
		{"parameter of the same name wins", "", "  T: {Type: AWS::SNS::Topic, Properties: {TopicName: !Ref Env}}\n  Env: {Type: AWS::KMS::Key, Condition: IsProd}\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := c.head + conditionalHead + c.body
			if c.head != "" && !strings.HasSuffix(c.head, "\n") {
				t.Fatal("head must end a line")
			}
			got := w1001Lines(t, src)
			want := make([]int, len(c.want))
			for i, l := range c.want {
				want[i] = l + strings.Count(c.head, "\n")
			}
			if len(got) != len(want) {
				t.Fatalf("W1001 on lines %v, want %v", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("W1001 on lines %v, want %v", got, want)
				}
			}
		})
	}
}

func TestConditionalRuleListed(t *testing.T) {
	for _, r := range Rules() {
		if r.ID == "W1001" {
			return
		}
	}
	t.Error("Rules() does not list W1001")
}

// TestConditionalBenchgen checks that the generated benchmark template, which
// uses its conditional tables only under Fn::If of their condition, draws no
// W1001.
func TestConditionalBenchgen(t *testing.T) {
	src := benchgen.YAML(60)
	if !strings.Contains(src, "Condition: IsProd") || !strings.Contains(src, "!If [IsProd, !Ref Table") {
		t.Fatal("the generated template no longer has conditional references")
	}
	if lines := w1001Lines(t, src); len(lines) != 0 {
		t.Errorf("W1001 on lines %v", lines)
	}
}

// BenchmarkCheckBenchgen checks the generated benchmark template, whose
// resources include conditional ones.
func BenchmarkCheckBenchgen(b *testing.B) {
	tpl := template.Parse("bench.yaml", benchgen.YAML(1500))
	if tpl.Err != nil {
		b.Fatal(tpl.Err)
	}
	spec := schema.Default()
	Check(tpl, spec)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Check(tpl, spec)
	}
}

// The quick fix wraps the reference in Fn::If on the target's condition; applied,
// it leaves a template that parses and draws no W1001 there.
func TestConditionalRefFix(t *testing.T) {
	for _, c := range []struct {
		name, src, want string // want: the fixed line; "" when no fix is offered
	}{
		{"yaml value", conditionalHead + "  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt Key.Arn\n",
			"      TopicName: !If [IsProd, !GetAtt Key.Arn, !Ref AWS::NoValue]"},
		{"yaml list item", conditionalHead + "  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags:\n        - {Key: k, Value: !Ref Key}\n        - !Ref Key\n",
			"        - {Key: k, Value: !If [IsProd, !Ref Key, !Ref AWS::NoValue]}"},
		{"inside another function", conditionalHead + "  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Join ['', [!Ref Key]]\n", ""},
		{"json", `{"Parameters": {"Env": {"Type": "String", "AllowedValues": ["dev", "prod"]}},
 "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
 "Resources": {"Key": {"Type": "AWS::KMS::Key", "Condition": "IsProd", "Properties": {"KeyPolicy": {}}},
  "T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "Key"}}}}}`,
			`  "T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::If": ["IsProd", {"Ref": "Key"}, {"Ref": "AWS::NoValue"}]}}}}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			uri := "file:///fix.yaml"
			if strings.HasPrefix(c.src, "{") {
				uri = "file:///fix.json"
			}
			tpl := template.Parse(uri, c.src)
			var fix *diag.Fix
			for _, d := range Check(tpl, nil) {
				if d.Code == codeCondRef && d.Fix != nil && fix == nil {
					fix = d.Fix
				}
			}
			if c.want == "" {
				if fix != nil {
					t.Fatalf("fix offered: %+v", fix)
				}
				return
			}
			if fix == nil {
				t.Fatal("no fix offered")
			}
			l := tpl.Lines
			fixed := c.src[:l.Offset(fix.Range.Start)] + fix.NewText + c.src[l.Offset(fix.Range.End):]
			if !strings.Contains(fixed, c.want+"\n") && !strings.HasSuffix(fixed, c.want) {
				t.Fatalf("fixed template:\n%s\nwant the line\n%s", fixed, c.want)
			}
			after := template.Parse(uri, fixed)
			if after.Err != nil {
				t.Fatalf("the fix breaks the template: %v\n%s", after.Err, fixed)
			}
			for _, d := range Check(after, nil) {
				if d.Code == codeCondRef && d.Range.Start.Line == fix.Range.Start.Line {
					t.Errorf("still %s after the fix: %s", d.Code, d.Message)
				}
			}
		})
	}
}
