package template

import (
	"fmt"
	"strings"
	"testing"
)

// rangeText returns the source text a range covers.
func rangeText(t *Template, r Range) string {
	return t.Text[t.Lines.Offset(r.Start):t.Lines.Offset(r.End)]
}

func TestParseYAMLShortAndLongForms(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${Env}-bucket"
      Tags:
        - Key: a
          Value: !GetAtt [Other, Arn]
      Other: !GetAtt Other.Arn
      Long:
        Fn::Join: [",", [a, b]]
      Empty:
      NextLine: !Sub
        '${Env}-x'
      Script: |
        line one ${Env}
        line two
  Other:
    Type: AWS::SNS::Topic
`
	tp := Parse("file:///t.yaml", src)
	if tp.Err != nil {
		t.Fatal(tp.Err)
	}
	if !tp.IsTemplate() || tp.Format != YAML {
		t.Fatalf("IsTemplate=%v format=%v", tp.IsTemplate(), tp.Format)
	}
	b := tp.Resource("Bucket")
	props := b.Get("Properties")
	cases := []struct {
		node       *Node
		kind       Kind
		fn, source string
	}{
		{props.Get("BucketName"), Intrinsic, "Fn::Sub", `!Sub "${Env}-bucket"`},
		{props.Get("BucketName").Arg, Scalar, "", `"${Env}-bucket"`},
		{props.Get("Tags").Items[0].Get("Value"), Intrinsic, "Fn::GetAtt", `!GetAtt [Other, Arn]`},
		{props.Get("Other"), Intrinsic, "Fn::GetAtt", `!GetAtt Other.Arn`},
		{props.Get("Long"), Intrinsic, "Fn::Join", "Fn::Join: [\",\", [a, b]]"},
		{props.Get("Long").Arg, Sequence, "", `[",", [a, b]]`},
		{props.Get("Empty"), Null, "", ``},
		{props.Get("Script"), Scalar, "", "|\n        line one ${Env}\n        line two"},
		{tp.Parameter("Env").Value, Mapping, "", `{Type: String, Default: dev}`},
		{props.Get("NextLine").Arg, Scalar, "", `'${Env}-x'`},
		{b.Key, Scalar, "", "Bucket"},
	}
	for i, c := range cases {
		if c.node == nil {
			t.Fatalf("case %d: node missing", i)
		}
		if c.node.Kind != c.kind || c.node.Fn != c.fn {
			t.Errorf("case %d: kind=%v fn=%q, want %v %q", i, c.node.Kind, c.node.Fn, c.kind, c.fn)
		}
		if got := rangeText(tp, c.node.Range); got != c.source {
			t.Errorf("case %d: range covers %q, want %q", i, got, c.source)
		}
	}
	r, ok := tp.Find(props.Get("Script"), "${Env}", 0)
	if !ok || r.Start != (Pos{18, 17}) {
		t.Errorf("Find ${Env} in block = %v %v", r, ok)
	}
	if e := tp.ResourceOf(props.Get("Tags").Items[0]); e == nil || e.Name != "Bucket" {
		t.Errorf("ResourceOf = %v", e)
	}
}

func TestParseJSON(t *testing.T) {
	src := "{\n\t\"Resources\": {\n\t\t\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"DelaySeconds\": {\"Ref\": \"D\"}, \"Name\": \"é😀x\", \"N\": 5}}\n\t}\n}\n"
	tp := Parse("file:///t.json", src)
	if tp.Err != nil || tp.Format != JSON {
		t.Fatal(tp.Err, tp.Format)
	}
	props := tp.Resource("Q").Get("Properties")
	d := props.Get("DelaySeconds")
	if d.Kind != Intrinsic || d.Fn != "Ref" || d.Arg.Value != "D" {
		t.Fatalf("Ref not normalised: %+v", d)
	}
	if got := rangeText(tp, d.Range); got != `{"Ref": "D"}` {
		t.Errorf("Ref range %q", got)
	}
	name := props.Get("Name")
	// "é😀x" starts at UTF-16 column 92 and is 6 units long with its quotes (é=1, 😀=2).
	if name.Range.Start.Line != 2 || name.Range.End.Char-name.Range.Start.Char != 6 {
		t.Errorf("non-ASCII range %+v", name.Range)
	}
	if n := props.Get("N"); n.Type != Int || rangeText(tp, n.Range) != "5" {
		t.Errorf("number %+v", n)
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
	}{
		{"bad indent", "Resources:\n  A:\n    Type: X\n   Properties: 1\n", 3},
		{"unclosed flow", "Resources:\n  A:\n    Type: X\n    Properties: [a,\nOutputs: {}\n", 3},
		{"mapping in plain", "Resources:\n  A:\n    Type: X\n    Properties:\n      Bucket\n      Foo: 1\n", 4},
		{"item in map", "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  A:\n    Type: String\n    - x\n", 4},
		{"json comma", "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::S3::Bucket\"},\n  }\n}\n", 3},
		{"json missing comma", "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"X\"}\n    \"B\": {}\n  }\n}\n", 3},
	}
	for _, c := range cases {
		tp := Parse("file:///x", c.src)
		if tp.Err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if tp.Err.Range.Start.Line != c.line {
			t.Errorf("%s: error at line %d (%s), want %d", c.name, tp.Err.Range.Start.Line, tp.Err.Message, c.line)
		}
		if !tp.IsTemplate() {
			t.Errorf("%s: broken template not recognised", c.name)
		}
	}
}

func TestRecoveryKeepsStructure(t *testing.T) {
	src := "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      Buck\n      Tags: []\n  B:\n    Type: AWS::SNS::Topic\n"
	tp := Parse("file:///x.yaml", src)
	if tp.Err == nil {
		t.Fatal("expected a syntax error")
	}
	if tp.Resource("B") == nil || tp.Resource("A") == nil {
		t.Fatalf("recovery lost resources: %v", tp.Resources)
	}
}

func TestDuplicatesAndDetection(t *testing.T) {
	tp := Parse("x.yaml", "Resources:\n  A:\n    Type: X\n  A:\n    Type: Y\n")
	if len(tp.Duplicates) != 1 || tp.Duplicates[0].Range.Start.Line != 3 {
		t.Errorf("duplicates = %+v", tp.Duplicates)
	}
	for src, want := range map[string]bool{
		"services:\n  web:\n    image: nginx\n":                            false,
		`{"name": "pkg", "version": "1.0.0"}`:                              false,
		"AWSTemplateFormatVersion: 2010-09-09\n":                           true,
		"Transform: AWS::Serverless-2016-10-31\nResources: {}\n":           true,
		"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n":                    true,
		"Resources:\n  Q:\n    Image: x\n":                                 false,
		"\x00\x01binary":                                                   false,
		strings.Repeat("#", MaxSize+1):                                     false,
		"AWSTemplateFormatVersion: x\nResources:\n  A: [\n":                true,
		fmt.Sprintf("Resources:\n  Q:\n    Type: %s\n", "AWS::S3::Bucket"): true,
	} {
		if got := Parse("x", src).IsTemplate(); got != want {
			t.Errorf("IsTemplate(%.40q) = %v, want %v", src, got, want)
		}
	}
}

func TestPositionsUTF16(t *testing.T) {
	l := NewLines("a: é😀b\nxyz\n")
	if p := l.FromYAML(1, 6); p != (Pos{0, 6}) { // column of 'b' (1-based 6) is UTF-16 6 (😀 is 2 units)
		t.Errorf("FromYAML = %v", p)
	}
	if off := l.Offset(Pos{0, 6}); "a: é😀b\nxyz\n"[off] != 'b' {
		t.Errorf("Offset -> %d", off)
	}
	if p := l.PosOf(strings.Index("a: é😀b\nxyz\n", "b")); p != (Pos{0, 6}) {
		t.Errorf("PosOf = %v", p)
	}
	if p := l.Offset(Pos{0, 99}); p != len("a: é😀b") {
		t.Errorf("clamp = %d", p)
	}
}

func TestLineBreaks(t *testing.T) {
	l := NewLines("a\r\nb\rc\nd")
	for i, want := range []string{"a", "b", "c", "d"} {
		if got := l.Line(i); got != want {
			t.Errorf("line %d = %q, want %q", i, got, want)
		}
	}
	if l.Count() != 4 || l.PosOf(len("a\r\nb\r")) != (Pos{2, 0}) {
		t.Errorf("count %d, PosOf %v", l.Count(), l.PosOf(5))
	}
	Parse("x.yaml", "\r!GetAtt 0") // used to panic
	tp := Parse("x.yaml", "Resources:\r  A:\r    Type: AWS::SNS::Topic\r")
	if tp.Err != nil || tp.Resource("A").Key.Range.Start != (Pos{1, 2}) {
		t.Errorf("lone CR template: %v %+v", tp.Err, tp.Resource("A"))
	}
}

// TestMissingColonHint: a key written without its colon gets the error on its
// own line, saying so, whatever yaml.v3 reports at the next key.
func TestMissingColonHint(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line      int
		msg       string
	}{
		{"bare key among siblings", "Resources:\n  A:\n    Type: X\n    Properties:\n      Bucket\n      Foo: 1\n", 4,
			`"Bucket" is followed by more keys but has no ':'`},
		{"bare key before the next resource", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  B\n  C:\n    Type: AWS::SNS::Topic\n", 3,
			`"B" is followed by more keys but has no ':'`},
		{"bare key followed by indented keys", "Resources:\n  Q\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: x\n", 1,
			`"Q" is followed by indented keys but has no ':' (write 'Q:')`},
		{"key and value without the colon", "Resources:\n  Q:\n    Type AWS::SQS::Queue\n    Properties:\n      QueueName: x\n", 2,
			`"Type AWS::SQS::Queue" has no ':' after "Type" (write 'Type: AWS::SQS::Queue')`},
		{"key and value before a sibling", "Resources:\n  Q:\n    Properties:\n      QueueName: x\n    Type AWS::SQS::Queue\n    Metadata: {}\n", 4,
			`"Type AWS::SQS::Queue" has no ':' after "Type"`},
		{"not a missing colon", "Resources:\n  A:\n    Type: X\n   Properties: 1\n", 3, ""},
	} {
		tp := Parse("file:///x.yaml", c.src)
		if tp.Err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if tp.Err.Range.Start.Line != c.line || (c.msg == "" && strings.Contains(tp.Err.Message, "no ':'")) || !strings.Contains(tp.Err.Message, c.msg) {
			t.Errorf("%s: line %d %q, want line %d %q", c.name, tp.Err.Range.Start.Line, tp.Err.Message, c.line, c.msg)
		}
	}
}
