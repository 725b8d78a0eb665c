package refcheck

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// applyFix returns text with a diagnostic's fix applied.
func applyFix(t *testing.T, tpl *template.Template, d diag.Diagnostic) string {
	t.Helper()
	a, b := tpl.Lines.Offset(d.Fix.Range.Start), tpl.Lines.Offset(d.Fix.Range.End)
	if a < 0 || b > len(tpl.Text) || a > b {
		t.Fatalf("fix range %v out of the text", d.Fix.Range)
	}
	// quickfix keeps the quotes of a range that is one quoted string: a removal
	// must never look like one.
	if src := tpl.Text[a:b]; len(src) >= 2 && (src[0] == '"' || src[0] == '\'') && src[len(src)-1] == src[0] {
		t.Fatalf("fix range %q looks like a quoted string", src)
	}
	return tpl.Text[:a] + d.Fix.NewText + tpl.Text[b:]
}

// dependsOn lists the DependsOn items of a resource, in order.
func dependsOn(tpl *template.Template, res string) []string {
	e := tpl.Resource(res)
	if e == nil {
		return nil
	}
	v := e.Get("DependsOn")
	if s, ok := v.Str(); ok {
		return []string{s}
	}
	var out []string
	for _, it := range seqItems(v) {
		s, _ := it.Str()
		out = append(out, s)
	}
	return out
}

func withCode(ds []diag.Diagnostic, code string) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

func TestObsoleteDependsOnFix(t *testing.T) {
	spec := schema.Default()
	tests := []struct {
		name, uri, text string
		want            []string // the text after each W3005 fix in turn, applied alone
	}{
		{
			name: "yaml scalar", uri: "a.yaml",
			text: "Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Bucket:\n    Type: AWS::S3::Bucket\n    DependsOn: Role  # ordering\n    Properties:\n      BucketName: !Ref Role\n",
			want: []string{"Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Role\n"},
		},
		{
			name: "yaml scalar on the last line", uri: "a.yaml",
			text: "Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Bucket:\n    Type: AWS::S3::Bucket\n    Metadata:\n      Uses: !GetAtt Role.Arn\n    DependsOn: Role",
			want: []string{"Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Bucket:\n    Type: AWS::S3::Bucket\n    Metadata:\n      Uses: !GetAtt Role.Arn"},
		},
		{
			name: "yaml block list", uri: "a.yaml",
			text: "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n  C:\n    Type: AWS::S3::Bucket\n    DependsOn:\n      - A\n      - B\n    Properties:\n      BucketName: !Sub \"${A.TopicName}-${B.TopicName}\"\n",
			want: []string{
				"Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n  C:\n    Type: AWS::S3::Bucket\n    DependsOn:\n      - B\n    Properties:\n      BucketName: !Sub \"${A.TopicName}-${B.TopicName}\"\n",
				"Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n  C:\n    Type: AWS::S3::Bucket\n    DependsOn:\n      - A\n    Properties:\n      BucketName: !Sub \"${A.TopicName}-${B.TopicName}\"\n",
			},
		},
		{
			name: "yaml block list of one", uri: "a.yaml",
			text: "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  C:\n    Type: AWS::SNS::Subscription\n    DependsOn:\n      - A\n    Properties:\n      TopicArn: !Ref A\n      Protocol: email\n",
			want: []string{"Resources:\n  A:\n    Type: AWS::SNS::Topic\n  C:\n    Type: AWS::SNS::Subscription\n    Properties:\n      TopicArn: !Ref A\n      Protocol: email\n"},
		},
		{
			name: "yaml flow list", uri: "a.yaml",
			text: "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n  X:\n    Type: AWS::SNS::Topic\n  C:\n    Type: AWS::S3::Bucket\n    DependsOn: [A, X, B]\n    Properties:\n      BucketName: !Join [\"-\", [!GetAtt A.TopicName, !GetAtt B.TopicName]]\n",
			want: []string{
				"Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n  X:\n    Type: AWS::SNS::Topic\n  C:\n    Type: AWS::S3::Bucket\n    DependsOn: [X, B]\n    Properties:\n      BucketName: !Join [\"-\", [!GetAtt A.TopicName, !GetAtt B.TopicName]]\n",
				"Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n  X:\n    Type: AWS::SNS::Topic\n  C:\n    Type: AWS::S3::Bucket\n    DependsOn: [A, X]\n    Properties:\n      BucketName: !Join [\"-\", [!GetAtt A.TopicName, !GetAtt B.TopicName]]\n",
			},
		},
		{
			name: "yaml flow resource", uri: "a.yaml",
			text: "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  C: {Type: AWS::SNS::Subscription, DependsOn: A, Properties: {TopicArn: !Ref A, Protocol: email}}\n",
			want: []string{"Resources:\n  A:\n    Type: AWS::SNS::Topic\n  C: {Type: AWS::SNS::Subscription, Properties: {TopicArn: !Ref A, Protocol: email}}\n"},
		},
		{
			name: "json scalar", uri: "a.json",
			text: "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n    \"C\": {\n      \"Type\": \"AWS::SNS::Subscription\",\n      \"DependsOn\": \"A\",\n      \"Properties\": {\"TopicArn\": {\"Ref\": \"A\"}, \"Protocol\": \"email\"}\n    }\n  }\n}\n",
			want: []string{"{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n    \"C\": {\n      \"Type\": \"AWS::SNS::Subscription\",\n      \"Properties\": {\"TopicArn\": {\"Ref\": \"A\"}, \"Protocol\": \"email\"}\n    }\n  }\n}\n"},
		},
		{
			name: "json scalar last", uri: "a.json",
			text: "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n    \"C\": {\n      \"Type\": \"AWS::SNS::Subscription\",\n      \"Properties\": {\"TopicArn\": {\"Ref\": \"A\"}, \"Protocol\": \"email\"},\n      \"DependsOn\": \"A\"\n    }\n  }\n}\n",
			want: []string{"{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n    \"C\": {\n      \"Type\": \"AWS::SNS::Subscription\",\n      \"Properties\": {\"TopicArn\": {\"Ref\": \"A\"}, \"Protocol\": \"email\"}\n    }\n  }\n}\n"},
		},
		{
			name: "json list", uri: "a.json",
			text: "{\"Resources\": {\n  \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n  \"B\": {\"Type\": \"AWS::SNS::Topic\"},\n  \"C\": {\"Type\": \"AWS::S3::Bucket\", \"DependsOn\": [\n      \"A\",\n      \"B\"\n    ],\n    \"Properties\": {\"BucketName\": {\"Fn::Join\": [\"-\", [{\"Fn::GetAtt\": [\"A\", \"TopicName\"]}, {\"Ref\": \"B\"}]]}}}\n}}\n",
			want: []string{
				"{\"Resources\": {\n  \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n  \"B\": {\"Type\": \"AWS::SNS::Topic\"},\n  \"C\": {\"Type\": \"AWS::S3::Bucket\", \"DependsOn\": [\n      \"B\"\n    ],\n    \"Properties\": {\"BucketName\": {\"Fn::Join\": [\"-\", [{\"Fn::GetAtt\": [\"A\", \"TopicName\"]}, {\"Ref\": \"B\"}]]}}}\n}}\n",
				"{\"Resources\": {\n  \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n  \"B\": {\"Type\": \"AWS::SNS::Topic\"},\n  \"C\": {\"Type\": \"AWS::S3::Bucket\", \"DependsOn\": [\n      \"A\"\n    ],\n    \"Properties\": {\"BucketName\": {\"Fn::Join\": [\"-\", [{\"Fn::GetAtt\": [\"A\", \"TopicName\"]}, {\"Ref\": \"B\"}]]}}}\n}}\n",
			},
		},
		{
			name: "json inline list of one", uri: "a.json",
			text: "{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\"}, \"C\": {\"Type\": \"AWS::SNS::Subscription\", \"DependsOn\": [\"A\"], \"Properties\": {\"TopicArn\": {\"Ref\": \"A\"}, \"Protocol\": \"email\"}}}}",
			want: []string{"{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\"}, \"C\": {\"Type\": \"AWS::SNS::Subscription\", \"Properties\": {\"TopicArn\": {\"Ref\": \"A\"}, \"Protocol\": \"email\"}}}}"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl := template.Parse(tc.uri, tc.text)
			if tpl.Err != nil {
				t.Fatalf("test template: %v", tpl.Err)
			}
			ws := withCode(Check(tpl, spec), codeDependsOnObsolete)
			if len(ws) != len(tc.want) {
				t.Fatalf("got %d W3005 findings, want %d: %v", len(ws), len(tc.want), ws)
			}
			for i, d := range ws {
				if d.Fix == nil {
					t.Fatalf("finding %d (%s) has no fix", i, d.Message)
				}
				if got := applyFix(t, tpl, d); got != tc.want[i] {
					t.Errorf("after fix %d:\n%s\nwant:\n%s", i, got, tc.want[i])
				}
			}
		})
	}
}

// TestObsoleteDependsOnFixGolden applies every W3005 fix of the golden
// templates alone: the result parses, keeps every other DependsOn item in
// order, and has one W3005 finding fewer.
func TestObsoleteDependsOnFixGolden(t *testing.T) {
	spec := schema.Default()
	fixed := 0
	for _, name := range []string{"hygiene.yaml", "hygiene.json", "dependson.yaml", "dependson.json", "conditional.yaml"} {
		path := filepath.Join(goldenDir, name)
		tpl := parseFile(t, path)
		ws := withCode(Check(tpl, spec), codeDependsOnObsolete)
		for _, d := range ws {
			if d.Fix == nil {
				t.Errorf("%s:%d: no fix for %s", name, d.Range.Start.Line+1, d.Message)
				continue
			}
			fixed++
			after := template.Parse(tpl.URI, applyFix(t, tpl, d))
			if after.Err != nil || len(after.Duplicates) > 0 {
				t.Errorf("%s:%d: fix leaves a broken template: %v", name, d.Range.Start.Line+1, after.Err)
				continue
			}
			before := dependsOn(tpl, d.Resource)
			target := quoted(d.Message)
			i := slices.Index(before, target)
			want := slices.Delete(slices.Clone(before), i, i+1)
			if got := dependsOn(after, d.Resource); !slices.Equal(got, want) {
				t.Errorf("%s:%d: DependsOn of %s is %v after the fix, want %v", name, d.Range.Start.Line+1, d.Resource, got, want)
			}
			if n := len(withCode(Check(after, spec), codeDependsOnObsolete)); n != len(ws)-1 {
				t.Errorf("%s:%d: %d W3005 findings after the fix, want %d", name, d.Range.Start.Line+1, n, len(ws)-1)
			}
		}
	}
	if fixed < 8 {
		t.Errorf("only %d fixes exercised", fixed)
	}
}

// quoted returns the first "quoted" name of a message.
func quoted(msg string) string {
	_, rest, _ := strings.Cut(msg, "\"")
	name, _, _ := strings.Cut(rest, "\"")
	return name
}

// TestHygieneSilent covers templates where the hygiene warnings must not fire.
func TestHygieneSilent(t *testing.T) {
	spec := schema.Default()
	tests := []struct{ name, text string }{
		{"sam", `Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Serverless::Function
    DependsOn: Queue
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: x
      Description: !Sub "no variables"
      Events:
        Q:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
`},
		{"language extensions", `Transform: AWS::LanguageExtensions
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "no-variables"
`},
		{"unknown type and property", `Resources:
  Odd:
    Type: AWS::SNS::Topicc
    Properties:
      TopicName: !Sub "typo"
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Nope: !Sub "unknown"
      Tags:
        - Key: k
          Value: v
          Extra: !Sub "nested unknown"
`},
		{"sub that fails the property's enum or pattern", `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: !Sub "Whatever"
      BucketName: !Sub "Bad_Name"
`},
		{"interface without problems", `Metadata:
  AWS::CloudFormation::Interface:
    ParameterGroups:
      - Parameters: [Name]
    ParameterLabels:
      Name: {default: The name}
Parameters:
  Name:
    Type: String
Resources:
  Topic:
    Type: AWS::SNS::Topic
    DeletionPolicy: Delete
    Properties:
      TopicName: !Ref Name
`},
		{"for each", `Transform: AWS::LanguageExtensions
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
  Fn::ForEach::Topics:
    - Name
    - [A, B]
    - Topic${Name}:
        Type: AWS::SNS::Topic
        DependsOn: Role
        Properties:
          TopicName: !Ref Role
`},
	}
	hygiene := []string{codeDependsOnObsolete, codeSubNeeded, codePolicies, codeInterfaceParam}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl := template.Parse("a.yaml", tc.text)
			if tpl.Err != nil {
				t.Fatalf("test template: %v", tpl.Err)
			}
			for _, d := range Check(tpl, spec) {
				if slices.Contains(hygiene, d.Code) {
					t.Errorf("%d:%d: unexpected %s %s", d.Range.Start.Line+1, d.Range.Start.Char+1, d.Code, d.Message)
				}
			}
		})
	}
}

// TestHygieneResource checks that findings inside a resource name it, so that
// its ignore_checks metadata applies, and that all are warnings.
func TestHygieneResource(t *testing.T) {
	tpl := parseFile(t, filepath.Join(goldenDir, "hygiene.yaml"))
	hygiene := []string{codeDependsOnObsolete, codeSubNeeded, codePolicies, codeInterfaceParam}
	named := 0
	for _, d := range Check(tpl, schema.Default()) {
		if !slices.Contains(hygiene, d.Code) {
			continue
		}
		want := ""
		if path := tpl.PathAt(d.Range.Start); len(path) > 0 {
			if e := tpl.ResourceOf(path[len(path)-1]); e != nil {
				want = e.Name
			}
		}
		if d.Resource != want {
			t.Errorf("%d: %s names resource %q, want %q", d.Range.Start.Line+1, d.Code, d.Resource, want)
		}
		if want != "" {
			named++
		}
		if d.Severity != diag.Warning || d.Source != diag.SourceValidate {
			t.Errorf("%d: %s has severity %v, source %q", d.Range.Start.Line+1, d.Code, d.Severity, d.Source)
		}
	}
	if named < 10 {
		t.Errorf("only %d findings inside resources", named)
	}
}

// TestHygieneRules checks that the new codes are listed.
func TestHygieneRules(t *testing.T) {
	for _, code := range []string{"W1020", "W3005", "W3011", "W4001"} {
		if !slices.ContainsFunc(Rules(), func(r diag.Rule) bool { return r.ID == code && r.Severity == diag.Warning }) {
			t.Errorf("Rules() lacks warning %s", code)
		}
	}
}
