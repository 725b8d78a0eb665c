package schema

import (
	"slices"
	"testing"
)

func TestHandlers(t *testing.T) {
	fn := Default().ResourceType("AWS::Lambda::Function")
	if fn == nil || fn.Handlers == nil {
		t.Fatal("AWS::Lambda::Function has no handlers' permissions")
	}
	for _, want := range []string{"lambda:CreateFunction", "iam:PassRole"} {
		if !slices.Contains(fn.Handlers.Create, want) {
			t.Errorf("create handler lacks %s: %v", want, fn.Handlers.Create)
		}
	}
	if !slices.Contains(fn.Handlers.Delete, "lambda:DeleteFunction") {
		t.Errorf("delete handler lacks lambda:DeleteFunction: %v", fn.Handlers.Delete)
	}
	all := fn.Handlers.All()
	if !slices.IsSorted(all) || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Errorf("All() is not sorted and without repeats: %v", all)
	}
	if f := Default().WithSAM().ResourceType("AWS::Serverless::Function"); f == nil || f.SAM.Made != "AWS::Lambda::Function" {
		t.Errorf("AWS::Serverless::Function makes %+v, want AWS::Lambda::Function", f)
	}
	if c := Default().WithSAM().ResourceType("AWS::Serverless::Connector"); c == nil || c.SAM.Made != "" {
		t.Errorf("a connector makes no resource of its own name: %+v", c)
	}
	doc := map[string]any{"handlers": map[string]any{
		"create": map[string]any{"permissions": []any{"b:Y", "a:X", "b:Y"}},
		"list":   map[string]any{"permissions": []any{"a:List"}},
	}}
	if h := RegistryHandlers(doc); h == nil || !slices.Equal(h.Create, []string{"a:X", "b:Y"}) || h.Update != nil {
		t.Errorf("RegistryHandlers = %+v", h)
	}
	if h := RegistryHandlers(map[string]any{"typeName": "A::B::C"}); h != nil {
		t.Errorf("no handlers: %+v", h)
	}
}
