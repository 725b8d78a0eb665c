package refs

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/langext"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

func TestReferencesRanges(t *testing.T) {
	yamlSrc := `Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  M: {a: {b: c}}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
    DependsOn: [Queue]
    Properties:
      BucketName: !Sub "x-${Env}-${Queue.Arn}-${!Lit}-${Env}"
      A: !GetAtt Queue.Arn
      B: !GetAtt [Queue, QueueName]
      C: {"Ref": "AWS::Region"}
      D: !If [IsProd, !FindInMap [M, a, b], "q"]
      E: !Sub
        - "${Local}-${Env}"
        - Local: !Ref Queue
      F: !Sub |
        line ${Queue}
  Queue:
    Type: AWS::SQS::Queue
    DependsOn: Other
`
	jsonSrc := `{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "B"}, "DisplayName": {"Fn::GetAtt": ["B", "Arn"]}, "X": {"Fn::Sub": "${B.Arn}"}}}, "B": {"Type": "AWS::SNS::Topic", "DependsOn": ["A"]}}}`
	tests := []struct {
		name, src string
		want      []string // kind target attr "text at range" line
	}{
		{"yaml", yamlSrc, []string{
			"Ref Env  Env 3",
			"Condition IsProd  IsProd 9",
			"DependsOn Queue  Queue 10",
			"Sub Env  Env 12",
			"Sub Queue Arn Queue 12",
			"Sub Env  Env 12",
			"GetAtt Queue Arn Queue 13",
			"GetAtt Queue QueueName Queue 14",
			"Ref AWS::Region  AWS::Region 15",
			"Condition IsProd  IsProd 16",
			"FindInMap M  M 16",
			"Ref Queue  Queue 19",
			"Sub Env  Env 18",
			"Sub Queue  Queue 21",
			"DependsOn Other  Other 24",
		}},
		{"json", jsonSrc, []string{
			"Ref B  B 0",
			"GetAtt B Arn B 0",
			"Sub B Arn B 0",
			"DependsOn A  A 0",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl := template.Parse("file:///x."+tc.name, tc.src)
			if tpl.Err != nil {
				t.Fatal(tpl.Err)
			}
			var got []string
			for _, r := range Of(tpl).Refs {
				got = append(got, strings.Join([]string{r.Kind.String(), r.Name, r.Attr, testutil.RangeText(tpl, r.Range), strconv.Itoa(r.Range.Start.Line)}, " "))
			}
			testutil.EqualLines(t, "got", got, tc.want)
		})
	}
}

func TestResolve(t *testing.T) {
	src := `Parameters:
  Env: {Type: String}
Conditions:
  C: !Equals [!Ref Env, x]
Resources:
  Q:
    Type: AWS::SQS::Queue
    Condition: C
    Properties:
      QueueName: !Sub "${Env}-${AWS::Region}"
  T:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !GetAtt Q.QueueName
      DisplayName: !Ref Missing
`
	ix := Of(template.Parse("file:///x.yaml", src))
	got := map[string]int{}
	for i := range ix.Refs {
		r := &ix.Refs[i]
		d := ix.Resolve(r)
		switch {
		case r.Name == "AWS::Region" || r.Name == "Missing":
			if d != nil || r.Target != "" {
				t.Errorf("%s resolved to %v (target %q)", r.Name, d, r.Target)
			}
		case d == nil:
			t.Errorf("%s %s not resolved", r.Kind, r.Name)
		default:
			got[d.Section+"."+d.Name]++
		}
	}
	want := map[string]int{"Parameters.Env": 2, "Resources.Q": 1, "Conditions.C": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("resolved %v, want %v", got, want)
	}
}

func TestOfOncePerTemplate(t *testing.T) {
	tpl := template.Parse("file:///x.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n")
	if first, second := Of(tpl), Of(tpl); first != second {
		t.Error("two indexes for one template")
	}
	if again := template.Parse(tpl.URI, tpl.Text); Of(again) == Of(tpl) {
		t.Error("a new version shares the old version's index")
	}
	if ix := Of(nil); len(ix.Refs) != 0 || ix.Decl(Resources, "A") != nil {
		t.Error("the index of no template is not empty")
	}
}

// TestForEach models Fn::ForEach as it stands: the body's keys are pattern
// declarations bound to their loop, references to the loop variable are bound
// by it, and neither is found by name.
func TestForEach(t *testing.T) {
	src := `Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList}
  Name: {Type: String}
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Names
    - Queue${Name}:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Ref Name
          Tags:
            - Key: k
              Value: !Sub "${Name}-${AWS::Region}"
  Plain:
    Type: AWS::SNS::Topic
`
	ix := Of(template.Parse("file:///loop.yaml", src))
	if len(ix.Loops) != 1 {
		t.Fatalf("%d loops, want 1", len(ix.Loops))
	}
	l := ix.Loops[0]
	if l.Name != "Queues" || l.Variable != "Name" || l.Section != Resources || l.Entry != "" || l.URI != "file:///loop.yaml" {
		t.Errorf("loop %+v", l)
	}
	var pattern *Decl
	for i := range ix.Decls {
		if d := &ix.Decls[i]; d.Pattern {
			pattern = d
		}
	}
	if pattern == nil || pattern.Name != "Queue${Name}" || pattern.Loop != l || pattern.Section != Resources {
		t.Fatalf("pattern declaration %+v", pattern)
	}
	if ix.Decl(Resources, "Queue${Name}") != nil || ix.Decl(Resources, "Fn::ForEach::Queues") != nil {
		t.Error("a loop or its pattern is found by name")
	}
	// Names has no Default: the loop's names are not known, and not declared.
	if got := ix.Names(Resources); len(got) != 1 || got[0] != "Plain" {
		t.Errorf("declared resources %v, want [Plain]", got)
	}
	var got []string
	for _, r := range ix.Refs {
		bound := "free"
		if r.BoundBy == l {
			bound = "bound"
		}
		inLoop := r.Loop == l
		got = append(got, fmt.Sprintf("%s %s %s %q in-loop=%v", r.Kind, r.Name, bound, r.Target, inLoop))
	}
	want := []string{
		`Ref Names free "Parameters" in-loop=false`, // the collection is outside the loop
		`Placeholder Name bound "" in-loop=true`,    // the key's ${Name}
		`Ref Name bound "" in-loop=true`,            // not the parameter of the same name
		`Sub Name bound "" in-loop=true`,
		`Sub AWS::Region free "" in-loop=true`,
	}
	testutil.EqualLines(t, "got", got, want)
}

func TestExportsImportsInterface(t *testing.T) {
	src := `Metadata:
  AWS::CloudFormation::Interface:
    ParameterGroups:
      - Parameters: [Env, Missing]
    ParameterLabels:
      Env: {default: Environment}
Parameters:
  Env: {Type: String}
Resources:
  T:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !ImportValue shared-topic
      DisplayName: !ImportValue
        Fn::Sub: "${Env}-name"
Outputs:
  Out:
    Value: !Ref T
    Export:
      Name: !Sub "${Env}-name"
`
	tpl := template.Parse("file:///e.yaml", src)
	ix := Of(tpl)
	d := ix.Decl(Exports, "!Sub ${Env}-name")
	if d == nil || d.Entry.Name != "Out" || testutil.RangeText(tpl, d.Range) != `"${Env}-name"` {
		t.Fatalf("export declaration %+v", d)
	}
	var got []string
	for i := range ix.Refs {
		r := &ix.Refs[i]
		resolved := ix.Resolve(r) != nil
		got = append(got, fmt.Sprintf("%s %q %s %s resolved=%v exact=%v", r.Kind, r.Name, r.Target, r.Section, resolved, r.Exact))
	}
	want := []string{
		`Interface "Env" Parameters Metadata resolved=true exact=true`,
		`Interface "Missing" Parameters Metadata resolved=false exact=true`,
		`Interface "Env" Parameters Metadata resolved=true exact=true`,
		`ImportValue "shared-topic" Exports Resources resolved=false exact=true`,
		`ImportValue "!Sub ${Env}-name" Exports Resources resolved=true exact=true`,
		`Sub "Env" Parameters Resources resolved=true exact=true`,
		`Ref "T" Resources Outputs resolved=true exact=true`,
		`Sub "Env" Parameters Outputs resolved=true exact=true`,
	}
	testutil.EqualLines(t, "got", got, want)
}

// TestInexactRange covers a name the source spells with an escape: the
// reference is there, its range is the node's, and Exact says so.
func TestInexactRange(t *testing.T) {
	tpl := template.Parse("file:///x.json", `{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "\u0042"}, "DisplayName": {"Fn::Sub": "\u0024{B}"}}}, "B": {"Type": "AWS::SNS::Topic"}}}`)
	for _, r := range Of(tpl).Refs {
		if r.Name != "B" || r.Exact || r.Target != Resources {
			t.Errorf("%s %q exact=%v target=%q", r.Kind, r.Name, r.Exact, r.Target)
		}
	}
	if n := len(Of(tpl).Refs); n != 2 {
		t.Errorf("%d references, want 2", n)
	}
}

// TestForEachExpandedNames: the entries a loop produces for the items of its
// collection are declarations at the body's key, with the loop set; the
// placeholders of keys are references bound by the loop; and the index of the
// expanded template still holds the collection's references.
func TestForEachExpandedNames(t *testing.T) {
	src := `Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList, Default: "A,B"}
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Names
    - "Queue&{Name}":
        Type: AWS::SQS::Queue
        DependsOn: "Topic${Name}"
      "Topic${Name}":
        Type: AWS::SNS::Topic
Outputs:
  Arn:
    Value: !GetAtt QueueA.Arn
`
	tpl := template.Parse("file:///loop.yaml", src)
	ix := Of(tpl)
	if got := strings.Join(ix.Names(Resources), ","); got != "QueueA,TopicA,QueueB,TopicB" {
		t.Errorf("declared resources %s", got)
	}
	d := ix.Decl(Resources, "QueueB")
	if d == nil || d.Loop == nil || d.Loop.Name != "Queues" || testutil.RangeText(tpl, d.Range) != "Queue&{Name}" || d.Entry.Type() != "AWS::SQS::Queue" {
		t.Fatalf("QueueB: %+v", d)
	}
	var placeholders []string
	for _, r := range ix.Refs {
		switch {
		case r.Kind == KindPlaceholder:
			placeholders = append(placeholders, fmt.Sprintf("%d:%s", r.Range.Start.Line, testutil.RangeText(tpl, r.Range)))
			if r.BoundBy != d.Loop {
				t.Errorf("placeholder at %v not bound by the loop", r.Range)
			}
		case r.Kind == KindGetAtt:
			if got := ix.Resolve(&r); got == nil || got != ix.Decl(Resources, "QueueA") {
				t.Errorf("GetAtt QueueA resolves to %+v", got)
			}
		}
	}
	if got := strings.Join(placeholders, " "); got != "7:Name 9:Name 10:Name" {
		t.Errorf("placeholders %s", got)
	}
	x := Of(langext.Of(tpl).Template)
	used := false
	for _, r := range x.Refs {
		used = used || r.Kind == KindRef && r.Name == "Names" && r.Target == Parameters
	}
	if !used {
		t.Error("the expanded template's index lost the collection's Ref")
	}
}
