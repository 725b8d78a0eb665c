package schemacheck

import (
	"reflect"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

func TestParseGather(t *testing.T) {
	if parseGather(map[string]any{"if": true}) != nil {
		t.Error("a schema without cfnGather")
	}
	g := parseGather(map[string]any{"cfnGather": map[string]any{
		"gather": map[string]any{
			"subnet": map[string]any{"reference": "/B/*", "properties": map[string]any{"VpcId": "/VpcId"}},
			"local":  map[string]any{"properties": map[string]any{"X": map[string]any{"path": "/X", "default": false}}},
			"group":  map[string]any{"reference": "/A", "filter": map[string]any{"type": "AWS::EC2::SecurityGroup"}},
		},
		"schema": map[string]any{"cfnContext": map[string]any{"functions": []any{}}},
	}})
	if g == nil || len(g.local) != 1 || len(g.remote) != 2 || !g.literal {
		t.Fatalf("%+v", g)
	}
	if g.remote[0].name != "group" || g.remote[0].filter != "AWS::EC2::SecurityGroup" || !reflect.DeepEqual(g.remote[1].ref, []string{"B", "*"}) {
		t.Errorf("remote entries %+v", g.remote)
	}
	if p := g.local[0].props[0]; p.key != "X" || !p.hasDef || p.def != false {
		t.Errorf("local property %+v", p)
	}
}

func TestResolveData(t *testing.T) {
	tpl := template.Parse("file:///t.yaml", "this:\n  Min: 3\n  Name: abc\n  Ref: !Ref P\n")
	root := tpl.Root
	s := map[string]any{"properties": map[string]any{
		"a": map[string]any{"minimum": map[string]any{"$data": "/this/Min"}},
		"b": map[string]any{"const": map[string]any{"$data": "/this/Name"}},
		"c": map[string]any{"const": map[string]any{"$data": "/this/Ref"}},    // a function: left out
		"d": map[string]any{"maximum": map[string]any{"$data": "/this/Name"}}, // not a number: left out
		"e": map[string]any{"const": map[string]any{"$data": "/this/Absent"}}, // nowhere: left out
	}}
	got, ok := resolveData(s, root)
	want := map[string]any{"properties": map[string]any{
		"a": map[string]any{"minimum": 3.0}, "b": map[string]any{"const": "abc"},
		"c": map[string]any{}, "d": map[string]any{}, "e": map[string]any{},
	}}
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
}
