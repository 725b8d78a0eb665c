package schemacheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

func check(t *testing.T, src string) []diag.Diagnostic {
	t.Helper()
	tpl := template.Parse("t.yaml", src)
	return Check(tpl, schema.Default(), nil)
}

func TestCoercions(t *testing.T) {
	// Each case is the value of an SQS queue property; want is whether E3012 is reported.
	cases := []struct {
		prop, value string
		want        bool
	}{
		{"DelaySeconds", `"20"`, false},
		{"DelaySeconds", `20`, false},
		{"DelaySeconds", `" 20 "`, false},
		{"DelaySeconds", `20.0`, false},
		{"DelaySeconds", `"20.5"`, true},
		{"DelaySeconds", `twenty`, true},
		{"DelaySeconds", `true`, true},
		{"DelaySeconds", `[20]`, true},
		{"DelaySeconds", `{a: 1}`, true},
		{"DelaySeconds", `!Ref AWS::NoValue`, false},
		{"DelaySeconds", `!GetAtt Other.Arn`, false},
		{"DelaySeconds", `!Split [",", "a,b"]`, false},
		{"DelaySeconds", ``, false},
		{"FifoQueue", `"true"`, false},
		{"FifoQueue", `"False"`, false},
		{"FifoQueue", `TRUE`, false},
		{"FifoQueue", `yes`, false},
		{"FifoQueue", `"yes"`, true},
		{"FifoQueue", `1`, true},
		{"FifoQueue", `"on"`, true},
		{"QueueName", `123`, false},
		{"QueueName", `true`, false},
		{"QueueName", `1.5`, false},
		{"QueueName", `[a]`, true},
		{"QueueName", `{Fn::If: [C, a, b]}`, false},
		{"QueueName", `!If [C, [a], b]`, true},
		{"QueueName", `!If [C, !Ref AWS::NoValue, b]`, false},
		{"QueueName", `!Custom tag`, true}, // CloudFormation reads {Fn::Custom: tag}
	}
	for _, c := range cases {
		src := "Conditions:\n  C: !Equals [a, b]\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      " + c.prop + ": " + c.value + "\n"
		ds := check(t, src)
		got := false
		for _, d := range ds {
			if d.Code == "E3012" {
				got = true
			}
		}
		if got != c.want {
			t.Errorf("%s: %s: E3012 reported = %v, want %v (%v)", c.prop, c.value, got, c.want, ds)
		}
	}
}

func TestDiagnosticFields(t *testing.T) {
	ds := check(t, "Resources:\n  MyBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketNam: x\n")
	if len(ds) != 1 {
		t.Fatalf("got %v", ds)
	}
	d := ds[0]
	if d.Code != "E3002" || d.Resource != "MyBucket" || d.Source != diag.SourceValidate || d.Severity != diag.Error {
		t.Errorf("unexpected diagnostic %+v", d)
	}
	want := template.Range{Start: template.Pos{Line: 4, Char: 6}, End: template.Pos{Line: 4, Char: 15}}
	if d.Range != want {
		t.Errorf("range = %+v, want %+v", d.Range, want)
	}
	if d.Fix == nil || d.Fix.NewText != "BucketName" || d.Fix.Range != want {
		t.Errorf("fix = %+v", d.Fix)
	}
}

func TestNoSpecAndBadInput(t *testing.T) {
	inputs := []string{
		"", "[]", "just text", "Resources: 5", "Resources:\n  A: [1, 2]", "Resources:\n  A:\n    Type:",
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: !If [C]\n",
		"Parameters: {P: {Type: Number, Default: x, MinValue: y}}\nResources: {}",
		"{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"Fn::If\": 1}}}",
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub\n",
		"Resources:\n  A: &x\n    Type: AWS::SNS::Topic\n  B: *x\n",
		// Refs and conditions in odd shapes (W1030).
		"Parameters: {P: {Type: String, Default: X_Y}}\nConditions: {C: !Sub, D: !Condition D, E: !And [!Condition E, !Equals [!Ref P]]}\n" +
			"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Condition: D\n    Properties:\n      BucketName: !If [E, !Ref P, !If [C, !Ref, !Ref {a: b}]]\n",
		"Parameters: {P: {Type: [String], Default: X_Y}, Q: {Default: X_Y}, R: [1], S: {Type: List<String>, Default: {a: b}}}\n" +
			"Resources: {A: {Type: AWS::S3::Bucket, Properties: {BucketName: {Ref: P}, Tags: [{Key: {Ref: Q}, Value: {Ref: R}}]}}, B: {Type: AWS::Lambda::Function, Properties: {Architectures: {Ref: S}}}}\n",
	}
	for _, in := range inputs {
		tpl := template.Parse("t.yaml", in)
		Check(tpl, nil, nil)
		Check(tpl, schema.Default(), nil)
	}
	// Without a spec the structure is still checked, but no type is unknown.
	ds := Check(template.Parse("t.yaml", "Resources:\n  A:\n    Type: AWS::Nope::Nope\n    Propertiez: {}\n"), nil, nil)
	if got := len(ds); got != 1 || ds[0].Code != "E3001" {
		t.Errorf("nil spec: got %v", ds)
	}
}

func TestRules(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		want := map[byte]diag.Severity{'E': diag.Error, 'W': diag.Warning, 'I': diag.Info}[r.ID[0]]
		if seen[r.ID] || r.Summary == "" || r.Source != diag.SourceValidate || r.Severity != want {
			t.Errorf("bad rule %+v", r)
		}
		seen[r.ID] = true
	}
	// Every code in the golden files is a listed rule.
	for _, code := range []string{"E1001", "E2002", "E3002", "E3003", "E3006", "E3012", "E3030", "E3031", "E3033", "E3034", "E7001", "W1030"} {
		if !seen[code] {
			t.Errorf("rule %s not listed", code)
		}
	}
}

// TestRegions checks the findings that depend on the regions checked: a type
// a region lacks (E3006) and a value a region's list lacks (E3672, DAX node
// types), each reported for the region that lacks it only.
func TestRegions(t *testing.T) {
	src := "Resources:\n  App:\n    Type: AWS::Amplify::App\n    Properties:\n      Name: app\n" +
		"  Cache:\n    Type: AWS::DAX::Cluster\n    Properties:\n      NodeType: dax.r3.large\n      ReplicationFactor: 1\n" +
		"      IAMRoleARN: arn:aws:iam::123456789012:role/dax\n"
	for _, c := range []struct {
		regions []string
		want    []string
	}{
		{nil, nil},
		{[]string{"us-east-1", "us-west-2"}, nil},
		{[]string{"us-east-1", "us-east-2", "cn-north-1"}, []string{
			"3:11 E3006 Resource type 'AWS::Amplify::App' does not exist in 'cn-north-1'",
			"7:11 E3006 Resource type 'AWS::DAX::Cluster' does not exist in 'cn-north-1'",
			"9:17 E3672 'dax.r3.large' is not one of [...] in 'us-east-2'",
		}},
	} {
		var got []string
		for _, d := range Check(template.Parse("t.yaml", src), schema.Default(), c.regions) {
			msg := d.Message
			if i, j := strings.Index(msg, "["), strings.LastIndex(msg, " in "); i >= 0 && j > i {
				msg = msg[:i] + "[...]" + msg[j:] // the region's list, long
			}
			got = append(got, fmt.Sprintf("%d:%d %s %s", d.Range.Start.Line+1, d.Range.Start.Char+1, d.Code, msg))
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("regions %v: got\n%s\nwant\n%s", c.regions, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}
