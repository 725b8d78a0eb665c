package refs

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// rangeText returns the source text a range covers.
func rangeText(t *template.Template, r template.Range) string {
	return t.Text[t.Lines.Offset(r.Start):t.Lines.Offset(r.End)]
}

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
				got = append(got, strings.Join([]string{r.Kind.String(), r.Name, r.Attr, rangeText(tpl, r.Range), strconv.Itoa(r.Range.Start.Line)}, " "))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
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
