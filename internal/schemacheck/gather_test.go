package schemacheck

import (
	"reflect"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// TestGathered: cfnGather collects the resource's own values and those of the
// resource a reference names (with defaults), and $data takes the gathered
// literals; a reference to no resource of the filter's type gathers nothing,
// and a $data whose value is not a literal leaves its keyword out.
func TestGathered(t *testing.T) {
	tp := template.Parse("t.yaml", `Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: "45"
  Fn:
    Type: AWS::Lambda::Function
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt [Queue, Arn]
      BatchSize: !Ref Size
`)
	props := tp.Resource("Mapping").Get("Properties")
	gather := map[string]any{
		"function": map[string]any{"reference": "/FunctionName", "filter": map[string]any{"type": "AWS::Lambda::Function"},
			"properties": map[string]any{"Timeout": map[string]any{"path": "/Timeout", "default": 3.0}}},
		"queue": map[string]any{"reference": "/EventSourceArn", "filter": map[string]any{"type": "AWS::SQS::Queue"},
			"properties": map[string]any{"VisibilityTimeout": "/VisibilityTimeout"}},
		"other": map[string]any{"reference": "/FunctionName", "filter": map[string]any{"type": "AWS::SNS::Topic"},
			"properties": map[string]any{}},
		"local": map[string]any{"properties": map[string]any{"BatchSize": "/BatchSize"}},
	}
	inst := gathered(tp, props, props.Range, gather)
	var keys []string
	for _, p := range inst.Pairs {
		keys = append(keys, p.Key.Value)
	}
	if want := []string{"function", "local", "queue"}; !reflect.DeepEqual(keys, want) {
		t.Fatalf("gathered %v, want %v", keys, want)
	}
	sch := map[string]any{
		"a": map[string]any{"minimum": map[string]any{"$data": "/function/Timeout"}},
		"b": map[string]any{"minimum": map[string]any{"$data": "/queue/VisibilityTimeout"}},
		"c": map[string]any{"const": map[string]any{"$data": "/local/BatchSize"}, "type": "integer"},
		"d": map[string]any{"const": map[string]any{"$data": "/missing/Key"}},
	}
	got := withData(sch, inst)
	want := map[string]any{
		"a": map[string]any{"minimum": 3.0},
		"b": map[string]any{"minimum": 45.0},
		"c": map[string]any{"type": "integer"},
		"d": map[string]any{},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("withData = %v, want %v", got, want)
	}
}
