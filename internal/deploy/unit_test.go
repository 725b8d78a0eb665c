package deploy

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio/fileiotest"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

const testdata = "../../testdata/deploy"

func parseFile(t *testing.T, name string) *template.Template {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return template.Parse(name, string(b))
}

func TestStackName(t *testing.T) {
	long := strings.Repeat("a", 140)
	for _, tc := range []struct{ path, want string }{
		{"stacks/my_app.template.yaml", "my-app"},
		{"web-server.json", "web-server"},
		{"/x/y/Network Stack (prod).yml", "Network-Stack-prod"},
		{"2024-vpc.yaml", "stack-2024-vpc"},
		{"___.yaml", "stack"},
		{"ünïcode.yaml", "n-code"},
		{long + ".yaml", strings.Repeat("a", 128)},
		{"a--b__c.cfn.yaml", "a-b-c"},
	} {
		got := StackName(tc.path)
		if got != tc.want {
			t.Errorf("StackName(%q) = %q, want %q", tc.path, got, tc.want)
		}
		if !ValidStackName(got) {
			t.Errorf("StackName(%q) = %q is not a valid stack name", tc.path, got)
		}
	}
	for _, bad := range []string{"", "1abc", "a_b", "-a", strings.Repeat("a", 129)} {
		if ValidStackName(bad) {
			t.Errorf("ValidStackName(%q) = true", bad)
		}
	}
}

func TestParameters(t *testing.T) {
	got := Parameters(parseFile(t, "queue.yaml"))
	want := []Param{
		{Name: "QueueName", Type: "String", Description: "Base name of the queue."},
		{Name: "Stage", Type: "String", Default: "dev", HasDefault: true, AllowedValues: []string{"dev", "prod"}},
		{Name: "ApiKey", Type: "String", NoEcho: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parameters =\n%+v\nwant\n%+v", got, want)
	}
	// List defaults are joined; JSON booleans are read too.
	tm := template.Parse("x.json", `{"Parameters": {"L": {"Type": "CommaDelimitedList", "Default": ["a", "b"], "NoEcho": true}}}`)
	p := Parameters(tm)[0]
	if p.Default != "a,b" || !p.HasDefault || !p.NoEcho {
		t.Errorf("list parameter = %+v", p)
	}
}

func TestReadParamsFile(t *testing.T) {
	for _, tc := range []struct {
		file string
		want map[string]string
	}{
		{"queue.yaml.params.json", map[string]string{"QueueName": "orders", "ApiKey": "s3cr3t-value"}},
		{"map-params.json", map[string]string{"QueueName": "from-map", "Port": "8080", "Enabled": "true", "Subnets": "a,b"}},
		{"config-params.json", map[string]string{"QueueName": "from-config"}},
	} {
		got, err := ReadParamsFile(filepath.Join(testdata, tc.file))
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.file, got, tc.want)
		}
	}
	for _, bad := range []string{`[1]`, `[{"ParameterValue": "x"}]`, `"x"`, `{"A": {"b": 1}}`, `{`} {
		if _, err := ParseParams([]byte(bad)); err == nil {
			t.Errorf("ParseParams(%s) gave no error", bad)
		}
	}
	if _, err := ReadParamsFile(filepath.Join(testdata, "nope.json")); err == nil {
		t.Error("missing file gave no error")
	}
	dir := t.TempDir()
	for _, path := range []string{fileiotest.FIFO(t, dir, "a.params.json"), fileiotest.DevZero(t, dir, "b.params.json")} {
		fileiotest.Bounded(t, "ReadParamsFile("+path+")", func() {
			if _, err := ReadParamsFile(path); !errors.Is(err, fileio.ErrNotRegular) {
				t.Errorf("ReadParamsFile(%s) error = %v, want ErrNotRegular", path, err)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	params := Parameters(parseFile(t, "queue.yaml"))
	r := Resolve(params, map[string]string{"QueueName": "given", "Extra": "x"}, map[string]string{"QueueName": "file", "Stage": "prod"})
	if !reflect.DeepEqual(r.Values, map[string]string{"QueueName": "given", "Stage": "prod"}) {
		t.Errorf("Values = %v", r.Values)
	}
	if !reflect.DeepEqual(r.Missing, []string{"ApiKey"}) || r.Defaulted != nil || !reflect.DeepEqual(r.Unknown, []string{"Extra"}) {
		t.Errorf("Missing %v Defaulted %v Unknown %v", r.Missing, r.Defaulted, r.Unknown)
	}
	r = Resolve(params, nil, nil)
	if !reflect.DeepEqual(r.Missing, []string{"QueueName", "ApiKey"}) || !reflect.DeepEqual(r.Defaulted, []string{"Stage"}) {
		t.Errorf("Missing %v Defaulted %v", r.Missing, r.Defaulted)
	}
}

func TestCapabilities(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"none", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", []string{}},
		{"iam", "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: /\n", []string{CapabilityIAM}},
		{"named", "", []string{CapabilityNamedIAM}},
		{"sam", "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n", []string{CapabilityAutoExpand, CapabilityIAM}},
		{"macro", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Fn::Transform:\n        Name: MyMacro\n", []string{CapabilityAutoExpand}},
		{"user", "Resources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: bob\n", []string{CapabilityNamedIAM}},
		{"policy only", "Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n", []string{CapabilityIAM}},
	} {
		var tm *template.Template
		if tc.text == "" {
			tm = parseFile(t, "iam-named.yaml")
		} else {
			tm = template.Parse(tc.name+".yaml", tc.text)
		}
		if got := Capabilities(tm); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Capabilities = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := MergeCapabilities([]string{CapabilityIAM}, []string{"capability_auto_expand", CapabilityIAM, " "}); !reflect.DeepEqual(got, []string{CapabilityAutoExpand, CapabilityIAM}) {
		t.Errorf("MergeCapabilities = %v", got)
	}
}

func TestChangeSetSummary(t *testing.T) {
	cs := &ChangeSet{Changes: []Change{
		{Action: "Add", LogicalID: "Topic", Type: "AWS::SNS::Topic"},
		{Action: "Modify", LogicalID: "Queue", Type: "AWS::SQS::Queue", Replacement: "True"},
		{Action: "Modify", LogicalID: "Bucket", Type: "AWS::S3::Bucket", Replacement: "False"},
		{Action: "Remove", LogicalID: "Old", Type: "AWS::SNS::Topic"},
	}}
	if got, want := cs.Summary(), "1 to add, 2 to modify (1 replaced), 1 to remove"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	want := []string{"+ Topic (AWS::SNS::Topic)", "~ Queue (AWS::SQS::Queue) [replacement]", "~ Bucket (AWS::S3::Bucket)", "- Old (AWS::SNS::Topic)"}
	if got := cs.Lines(); !reflect.DeepEqual(got, want) {
		t.Errorf("Lines = %q", got)
	}
}

func TestResultMessageHidesNothingSecretAndSaysInProgress(t *testing.T) {
	r := &Result{Outcome: InProgress, StackName: "s", Status: "CREATE_IN_PROGRESS"}
	if m := r.Message(); !strings.Contains(m, "still in progress") || !strings.Contains(m, "CREATE_IN_PROGRESS") {
		t.Errorf("in-progress message = %q", m)
	}
	r = &Result{Outcome: Failed, StackName: "s", Status: "ROLLBACK_COMPLETE", Failures: []Failure{{LogicalID: "Q", Reason: "boom"}}}
	if m, want := r.Message(), "Stack s failed (ROLLBACK_COMPLETE): Q: boom"; m != want {
		t.Errorf("failed message = %q, want %q", m, want)
	}
}

// TestDiagnostics places failures as CloudFormation (events) and emulators
// (operation errors) report them.
func TestDiagnostics(t *testing.T) {
	text := `Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !GetAtt Queue.NoSuchAttribute
      DisplayName: !Ref Missing
  Function:
    Type: AWS::Serverless::Function
    Properties:
      Description: !Sub "${Ghost.Arn}"
`
	tm := template.Parse("t.yaml", text)
	for _, tc := range []struct {
		name     string
		f        Failure
		line     int
		text     string
		resource string
	}{
		{"event", Failure{LogicalID: "Queue", Status: "CREATE_FAILED", Reason: "bad"}, 2, "Queue", "Queue"},
		{"sam generated", Failure{LogicalID: "FunctionRole", Status: "CREATE_FAILED", Reason: "x"}, 9, "Function", "Function"},
		{"bad attribute", Failure{Reason: "Template error: resource Queue does not support attribute type NoSuchAttribute in Fn::GetAtt"}, 7, "!GetAtt Queue.NoSuchAttribute", "Topic"},
		{"undefined", Failure{Reason: "Template error: instance of Fn::GetAtt references undefined resource Ghost"}, 12, `!Sub "${Ghost.Arn}"`, "Function"},
		{"unresolved", Failure{Reason: "Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template"}, 8, "!Ref Missing", "Topic"},
		{"quoted", Failure{Reason: "Stack with id 'Missing' is not one of ['Queue'] does not exist"}, 8, "!Ref Missing", "Topic"},
		{"named resource", Failure{Reason: "Resource 'Topic' could not be created"}, 4, "Topic", "Topic"},
		{"nothing named", Failure{Reason: "Queue name must end in .fifo (no resource is named)"}, 1, "Resources", ""},
	} {
		ds := Diagnostics(tm, []Failure{tc.f})
		if len(ds) != 1 {
			t.Fatalf("%s: %d diagnostics", tc.name, len(ds))
		}
		d := ds[0]
		s, e := tm.Lines.Offset(d.Range.Start), tm.Lines.Offset(d.Range.End)
		if d.Range.Start.Line != tc.line || text[s:e] != tc.text || d.Resource != tc.resource {
			t.Errorf("%s: at line %d %q resource %q, want line %d %q resource %q", tc.name, d.Range.Start.Line, text[s:e], d.Resource, tc.line, tc.text, tc.resource)
		}
		if d.Source != diag.SourceCloud || d.Severity != diag.Error || !strings.Contains(d.Message, tc.f.Reason) {
			t.Errorf("%s: diagnostic %+v", tc.name, d)
		}
	}
}
