package stack

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

const hintsTemplate = `Parameters:
  Env:
    Type: String
    Default: dev
  Secret:
    Type: String
    NoEcho: true
Mappings:
  Sizes:
    dev: {Memory: 128}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Env}-orders"
      DelaySeconds: !FindInMap [Sizes, !Ref Env, Memory]
      MaximumMessageSize: !If [IsProd, 2048, 1024]
      Tags:
        - Key: pw
          Value: !Ref Secret
        - Key: arn
          Value: !Sub "${Queue.Arn}/${Env}"
        - Key: unknown
          Value: !GetAtt Queue.Arn
  ProdQueue:
    Type: AWS::SQS::Queue
    Condition: IsProd
Outputs:
  Url:
    Value: !Ref Queue
`

func TestHints(t *testing.T) {
	tm := template.Parse("h.yaml", hintsTemplate)
	r := NewResolver(tm, NewParameters(tm, map[string]string{"Secret": "hunter2"}, nil, Pseudo{Region: "eu-west-1"}))
	r.Physical = map[string]string{"Queue": "https://sqs/q"}
	var got []string
	for _, h := range Hints(r, tm.Range()) {
		got = append(got, tm.Lines.Line(h.Pos.Line)[:h.Pos.Char]+" "+h.Label+" | "+h.Tooltip)
	}
	want := []string{
		`  IsProd: !Equals [!Ref Env = dev | dev (Env: the template's default)`,
		`  IsProd: !Equals [!Ref Env, prod] = false | condition IsProd is false`,
		`      QueueName: !Sub "${Env}-orders" = dev-orders | dev-orders`,
		`      DelaySeconds: !FindInMap [Sizes, !Ref Env, Memory] = 128 | 128`,
		`      MaximumMessageSize: !If [IsProd, 2048, 1024] = 1024 | 1024 (condition IsProd is false)`,
		`          Value: !Ref Secret = **** | **** (Secret: from the parameter file)`,
		`          Value: !Sub "${Queue.Arn}/${Env}" = ${Queue.Arn}/dev | ${Queue.Arn}/dev`,
		`    Value: !Ref Queue = https://sqs/q | https://sqs/q`,
	}
	testutil.EqualLines(t, "hints", got, want)
	// Only the hints within the range asked for.
	if hs := Hints(r, template.Range{Start: template.Pos{Line: 16}, End: template.Pos{Line: 16, Char: 80}}); len(hs) != 1 || hs[0].Label != "= dev-orders" {
		t.Errorf("hints on line 17: %+v", hs)
	}
}

func TestHoverNote(t *testing.T) {
	tm := template.Parse("h.yaml", hintsTemplate)
	r := NewResolver(tm, NewParameters(tm, map[string]string{"Secret": "hunter2"}, nil, Pseudo{}))
	at := func(line int, sub string) template.Pos {
		return template.Pos{Line: line, Char: strings.Index(tm.Lines.Line(line), sub)}
	}
	for _, tc := range []struct {
		pos  template.Pos
		want string
	}{
		{at(16, "Env"), "In deployment **dev**: `dev-orders`"},
		{at(17, "Sizes"), "In deployment **dev**: `128`"},
		{at(21, "Secret"), "In deployment **dev**: `****`"},
		{at(25, "Queue"), "In deployment **dev**: known once deployed: `${Queue.Arn}`"},
		{at(26, "ProdQueue"), "Not in deployment **dev**: condition `IsProd` is false"},
		{at(11, "Env"), "In deployment **dev**: `dev`"},
		{at(11, "Equals"), "In deployment **dev**: condition `IsProd` is false"},
		{at(14, "Type"), ""},
	} {
		if got, _ := HoverNote(r, "dev", tc.pos); got != tc.want {
			t.Errorf("line %d: %q, want %q", tc.pos.Line+1, got, tc.want)
		}
	}
}
