package stack

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

const resolveTemplate = `Parameters:
  Env:
    Type: String
    Default: dev
  Subnets:
    Type: CommaDelimitedList
  Secret:
    Type: String
    NoEcho: true
Mappings:
  Sizes:
    dev: {Memory: 128}
    prod: {Memory: 1024}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Queue:
    Type: AWS::SQS::Queue
Outputs:
  O:
    Value:
      - !Ref Env
      - !Sub "${AWS::StackName}-${Env}-${AWS::Region}"
      - !Sub ["${Name}.${AWS::URLSuffix}", {Name: !Ref Env}]
      - !FindInMap [Sizes, !Ref Env, Memory]
      - !If [IsProd, big, small]
      - !Join ["/", !Ref Subnets]
      - !Select [1, !Ref Subnets]
      - !Split [",", "a,b"]
      - !GetAtt Queue.Arn
      - !Sub "${Queue.Arn}/x-${Env}"
      - !Ref Queue
      - !Ref Secret
      - !Sub "pw=${Secret}"
      - !Base64 hi
      - !FindInMap [Sizes, nowhere, Memory]
      - !FindInMap [Sizes, nowhere, Memory, {DefaultValue: 7}]
      - !If [IsProd, !Ref AWS::NoValue, kept]
      - !Sub "${!Literal}-${Env}"
      - !GetAZs ""
      - true
`

func TestResolve(t *testing.T) {
	tm := template.Parse("r.yaml", resolveTemplate)
	if tm.Err != nil {
		t.Fatal(tm.Err)
	}
	p := NewParameters(tm, map[string]string{"Subnets": "s-1, s-2", "Secret": "hunter2"}, nil,
		PseudoOf("orders", "arn:aws:cloudformation:cn-north-1:123456789012:stack/orders/x", ""))
	r := NewResolver(tm, p)
	r.Physical = map[string]string{"Queue": "https://sqs/queue-1"}
	want := []struct {
		display string
		known   bool
	}{
		{"dev", true},
		{"orders-dev-cn-north-1", true},
		{"dev.amazonaws.com.cn", true},
		{"128", true},
		{"small", true},
		{"s-1/s-2", true},
		{"s-2", true},
		{"[a, b]", true},
		{"${Queue.Arn}", false},
		{"${Queue.Arn}/x-dev", false},
		{"https://sqs/queue-1", true},
		{Masked, true},
		{"pw=" + Masked, true},
		{"aGk=", true},
		{"FindInMap(Sizes, nowhere, Memory)", false},
		{"7", true},
		{"kept", true},
		{"${Literal}-dev", true},
		{`GetAZs("")`, false},
		{"true", true},
	}
	items := tm.Outputs[0].Get("Value").Items
	if len(items) != len(want) {
		t.Fatalf("%d items, %d expectations", len(items), len(want))
	}
	for i, it := range items {
		v := r.Value(it)
		if v.Display() != want[i].display || v.Known() != want[i].known {
			t.Errorf("item %d (line %d): %q known=%v, want %q known=%v", i, it.Range.Start.Line+1, v.Display(), v.Known(), want[i].display, want[i].known)
		}
		if containsSecret(v) {
			t.Errorf("item %d: the NoEcho value leaks into %q / %q", i, v.Display(), v.key())
		}
	}
}

func containsSecret(v Value) bool {
	return strings.Contains(v.Display(), "hunter2") || strings.Contains(v.key(), "hunter2")
}
