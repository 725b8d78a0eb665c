package schemacheck

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// TestResolvedConditions checks which Fn::If branches and resource conditions
// let W1030 judge the value of parameter Name (default "Bad_Name", which the
// bucket name pattern rejects).
func TestResolvedConditions(t *testing.T) {
	cases := []struct {
		cond, value string // resource Condition (may be empty) and BucketName value
		want        bool
	}{
		{"", "!Ref Name", true},
		{"", "!If [IsBad, !Ref Name, !Ref AWS::NoValue]", true},
		{"", "!If [IsBad, x-y-z, !Ref Name]", false},
		{"", "!If [IsOther, !Ref Name, x-y-z]", false},
		{"", "!If [IsOther, x-y-z, !Ref Name]", true},
		{"", "!If [NotOther, !Ref Name, x-y-z]", true},
		{"", "!If [EitherWay, !Ref Name, x-y-z]", true},
		{"", "!If [BothWays, !Ref Name, x-y-z]", false},
		{"", "!If [ViaCondition, !Ref Name, x-y-z]", true},
		{"", "!If [WithStage, !Ref Name, x-y-z]", false}, // depends on Stage too: not worked out
		{"", "!If [StageOnly, !Ref Name, x-y-z]", true},  // does not depend on Name
		{"", "!If [ViaSub, !Ref Name, x-y-z]", false},
		{"", "!If [Missing, !Ref Name, x-y-z]", true}, // a missing condition is refcheck's business
		{"", "!If [IsBad, !If [IsOther, !Ref Name, x-y-z], x-y-z]", false},
		{"IsBad", "!Ref Name", true},
		{"IsOther", "!Ref Name", false},
		{"IsOther", "!If [NotOther, x-y-z, !Ref Name]", false},
	}
	for _, c := range cases {
		src := `Parameters:
  Name: {Type: String, Default: Bad_Name}
  Stage: {Type: String, Default: dev}
Conditions:
  IsBad: !Equals [!Ref Name, Bad_Name]
  IsOther: !Equals [other, !Ref Name]
  NotOther: !Not [!Condition IsOther]
  EitherWay: !Or [!Condition IsOther, !Equals [!Ref Name, Bad_Name]]
  BothWays: !And [!Condition IsBad, !Condition IsOther]
  ViaCondition: !And [!Condition IsBad, !Condition NotOther]
  WithStage: !And [!Condition IsBad, !Equals [!Ref Stage, prod]]
  StageOnly: !Equals [!Ref Stage, prod]
  ViaSub: !Equals [!Sub "${Name}", Bad_Name]
Resources:
  B:
    Type: AWS::S3::Bucket
`
		if c.cond != "" {
			src += "    Condition: " + c.cond + "\n"
		}
		src += "    Properties:\n      BucketName: " + c.value + "\n"
		var got []diag.Diagnostic
		for _, d := range check(t, src) {
			if d.Code == "W1030" {
				got = append(got, d)
			}
		}
		if (len(got) > 0) != c.want {
			t.Errorf("Condition %q, BucketName %s: W1030 reported = %v, want %v", c.cond, c.value, got, c.want)
		}
	}
}

// TestResolvedParameters checks which parameters, values and properties W1030
// judges; want lists the reported values in order (a bad bucket name twice:
// its pattern and its format).
func TestResolvedParameters(t *testing.T) {
	cases := []struct {
		name, param, prop string
		want              []string
	}{
		{"allowed values replace the default", "{Type: String, Default: ok-1, AllowedValues: [ok-1, Bad_Two]}", "BucketName: !Ref P", []string{"'Bad_Two'", "'Bad_Two'"}},
		{"default only", "{Type: String, Default: Bad_One}", "BucketName: !Ref P", []string{"'Bad_One'", "'Bad_One'"}},
		{"no values", "{Type: String}", "BucketName: !Ref P", nil},
		{"valid values", "{Type: String, AllowedValues: [a-b, c-d]}", "BucketName: !Ref P", nil},
		{"long form", "{Type: String, Default: Bad_One}", `BucketName: {"Ref": "P"}`, []string{"'Bad_One'", "'Bad_One'"}},
		{"pseudo parameter", "{Type: String, Default: Bad_One}", "BucketName: !Ref AWS::StackName", nil},
		{"resource", "{Type: String, Default: Bad_One}", "BucketName: !Ref Other", []string{"E1041"}}, // a topic's ARN, not a bucket name: E1041, not W1030
		{"ssm parameter", "{Type: 'AWS::SSM::Parameter::Value<String>', Default: /Bad_Path}", "BucketName: !Ref P", nil},
		{"aws type", "{Type: 'AWS::EC2::VPC::Id', Default: Bad_One}", "BucketName: !Ref P", []string{"'Bad_One'", "'Bad_One'"}},
		{"list into a string", "{Type: CommaDelimitedList, Default: 'Bad_One,x'}", "BucketName: !Ref P", []string{"E1020"}},
		{"scalar into a list", "{Type: String, Default: sparc}", "Tags: !Ref P", []string{"E1020"}},
		{"unconstrained property", "{Type: String, Default: Bad_One}", "Tags: [{Key: !Ref P, Value: v}]", nil},
		{"number range", "{Type: Number, Default: 100, MinValue: -1, MaxValue: 9999}", "Queue: {DelaySeconds: !Ref P}", []string{"-1", "9999"}},
		{"number allowed values", "{Type: Number, AllowedValues: [0, 900, 901]}", "Queue: {DelaySeconds: !Ref P}", []string{"901"}},
		{"number type", "{Type: String, AllowedValues: [5, '10', soon]}", "Queue: {DelaySeconds: !Ref P}", []string{"'soon'"}},
		{"unconstrained type", "{Type: String, Default: maybe}", "Queue: {FifoQueue: !Ref P}", nil},
		{"enum in a list item", "{Type: String, AllowedValues: [GET, FETCH]}", "CorsConfiguration: {CorsRules: [{AllowedMethods: [!Ref P, PUT], AllowedOrigins: ['*']}]}", []string{"'FETCH'"}},
		{"list parameter into a list", "{Type: CommaDelimitedList, Default: 'GET, FETCH,PUT'}", "CorsConfiguration: {CorsRules: [{AllowedMethods: !Ref P, AllowedOrigins: ['*']}]}", []string{"'FETCH'"}},
		{"list allowed values", "{Type: 'List<String>', AllowedValues: ['GET,FETCH', 'POST,TAKE']}", "CorsConfiguration: {CorsRules: [{AllowedMethods: !Ref P, AllowedOrigins: ['*']}]}", []string{"'FETCH'", "'TAKE'"}},
		{"same Ref twice", "{Type: String, AllowedValues: [GET, FETCH]}", "CorsConfiguration: {CorsRules: [{AllowedMethods: [!Ref P, !Ref P], AllowedOrigins: ['*']}]}", []string{"'FETCH'"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			typ, prop := "AWS::S3::Bucket", c.prop
			if after, ok := strings.CutPrefix(prop, "Queue: "); ok {
				typ, prop = "AWS::SQS::Queue", strings.Trim(after, "{}")
			}
			src := "Parameters:\n  P: " + c.param + "\nResources:\n  Other:\n    Type: AWS::SNS::Topic\n  B:\n    Type: " + typ + "\n    Properties:\n      " + prop + "\n"
			var got []string
			for _, d := range check(t, src) {
				switch {
				case d.Code == "E1020", d.Code == "E1041":
					got = append(got, d.Code) // a value of the wrong kind or format: not judged further
				case d.Code != "W1030":
					t.Errorf("unexpected %s %s", d.Code, d.Message)
				case d.Severity != diag.Warning || d.Source != diag.SourceValidate || d.Resource != "B" || d.Range.Start.Line != wantLine(d.Message):
					t.Errorf("bad diagnostic %+v", d)
				default:
					// "Parameter P's <what> <value> <problem> (...)": keep the value.
					f := strings.Fields(strings.TrimPrefix(d.Message, "Parameter P's "))
					for i := range f {
						if strings.HasPrefix(f[i], "'") || f[i] != "" && (f[i][0] == '-' || f[i][0] >= '0' && f[i][0] <= '9') {
							got = append(got, f[i])
							break
						}
					}
				}
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("reported %v, want %v", got, c.want)
			}
		})
	}
}

// wantLine is where cfn-lint places a W1030 finding in the sources of
// TestResolvedParameters: a value of the wrong type or format at the property
// (line 8), others at the parameter's value (line 1).
func wantLine(msg string) int {
	if strings.Contains(msg, "is not of type") || strings.Contains(msg, "is not a '") {
		return 8
	}
	return 1
}

// TestResolvedRange checks that an allowed-values, pattern or range finding is
// located at the offending value, as cfn-lint places it.
func TestResolvedRange(t *testing.T) {
	src := "Parameters:\n  P:\n    Type: String\n    AllowedValues: [okay, Not_OK]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref P\n"
	var ds []diag.Diagnostic
	for _, d := range check(t, src) {
		if !strings.Contains(d.Message, "is not a '") { // the bucket name format: at the property
			ds = append(ds, d)
		}
	}
	want := template.Range{Start: template.Pos{Line: 3, Char: 26}, End: template.Pos{Line: 3, Char: 32}}
	if len(ds) != 1 || ds[0].Range != want {
		t.Fatalf("got %v, want one finding at %+v", ds, want)
	}
	const msg = "Parameter P's allowed value 'Not_OK' does not match '^([a-z0-9][a-z0-9.-]*[a-z0-9])?$' (B property BucketName, when Ref P is resolved)"
	if ds[0].Message != msg {
		t.Errorf("message = %q, want %q", ds[0].Message, msg)
	}
}
