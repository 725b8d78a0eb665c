package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// TestRun builds a miniature cfn-lint data tree: the same type in two region
// variants (us-east-1's must win), a second type only elsewhere, and a SAM schema.
func TestRun(t *testing.T) {
	dir := testutil.Tree(t, map[string]string{
		"resources/aaaa.json":                 `{"typeName":"Example::Shop::Widget","description":"Other region.","properties":{"Old":{"type":"string","description":"Gone."}}}`,
		"resources/bbbb.json":                 `{"typeName":"Example::Shop::Widget","description":"East.","properties":{"New":{"type":"string","description":"Here."}},"required":["New"]}`,
		"resources/cccc.json":                 `{"typeName":"Example::Shop::Gadget","lifecycle":{"status":"sunset","date":"2030-01-02"},"properties":{"Id":{"type":"string"}},"readOnlyProperties":["/properties/Id"]}`,
		"providers/us_east_1.py":              "types: dict[str, str] = {\n    \"Example::Shop::Widget\": \"bbbb\",\n}\n",
		"providers/eu_west_1.py":              "types: dict[str, str] = {\n    \"Example::Shop::Widget\": \"aaaa\",\n    \"Example::Shop::Gadget\": \"cccc\",\n}\n",
		"providers/__init__.py":               "",
		"extensions/example_widget/rule.json": `{"description":"Prose.","required":["New"]}`,
	})
	res := filepath.Join(dir, "resources")
	sam := filepath.Join(dir, "sam.json")
	const m = "samtranslator__internal__schema_source__thing__"
	testutil.WriteFile(t, sam, `{"globals": {"AWS::Serverless::Thing": ["Code"]}, "schema": {"definitions": {
		"`+m+`Resource": {"properties": {"Type": {"enum": ["AWS::Serverless::Thing"]}, "Condition": {},
			"Properties": {"$ref": "#/definitions/`+m+`Properties"}, "IgnoreGlobals": {"type": "string"}}},
		"`+m+`Properties": {"additionalProperties": false, "required": ["Code"], "properties": {
			"Code": {"$ref": "#/definitions/Code"},
			"New": {"__samPassThrough": {"schemaPath": ["definitions", "Example::Shop::Widget", "properties", "Properties", "properties", "New"]},
				"allOf": [{"$ref": "#/definitions/PassThroughProp"}]},
			"Renamed": {"__samPassThrough": {"schemaPath": ["definitions", "Example::Shop::Widget", "properties", "Properties", "properties", "New"]},
				"allOf": [{"$ref": "#/definitions/PassThroughProp"}]},
			"Events": {"type": "object", "additionalProperties": {"anyOf": [{"$ref": "#/definitions/PingEvent"}]}}}},
		"Code": {"properties": {"Bucket": {"type": "string"}}, "required": ["Bucket"]},
		"PingEvent": {"properties": {"Type": {"enum": ["Ping"]}, "Properties": {"allOf": [{"$ref": "#/definitions/PingEventProperties"}]}}},
		"PingEventProperties": {"properties": {"Host": {"type": "string"}}, "required": ["Host"]},
		"PassThroughProp": {}}}}`)

	runtimes := filepath.Join(dir, "runtimes.json")
	testutil.WriteFile(t, runtimes, `{"zeta1":{"deprecated":"2020-01-01","create-block":"2020-02-01","update-block":"2020-03-01","successor":null},
		"alpha2":{"deprecated":"2021-01-01","create-block":"2021-02-01","update-block":"2021-03-01","successor":"alpha3"}}`)

	// A whole registry schema, with its handlers, as rain's module keeps them.
	handlers := filepath.Join(dir, "whole")
	testutil.WriteFile(t, filepath.Join(handlers, "shop", "widget.json"), `{"typeName":"Example::Shop::Widget","handlers":{
		"create":{"permissions":["shop:TagWidget","shop:CreateWidget","shop:TagWidget"]},"read":{"permissions":["shop:GetWidget"]},
		"delete":{"permissions":["shop:DeleteWidget"]}}}`)

	out1, out2 := filepath.Join(dir, "a.gz"), filepath.Join(dir, "b.gz")
	for _, out := range []string{out1, out2} {
		if err := run(res, filepath.Join(dir, "providers"), sam, "", runtimes, "-", "", handlers, out); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := os.ReadFile(out1)
	b, _ := os.ReadFile(out2)
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatal("output is empty or not deterministic")
	}
	if bytes.Contains(a, []byte("East.")) {
		t.Error("output holds description text")
	}

	s, err := schema.Load(out1)
	if err != nil {
		t.Fatal(err)
	}
	w := s.ResourceType("Example::Shop::Widget")
	if w == nil || w.Properties["New"] == nil || w.Properties["Old"] != nil || !w.Properties["New"].Required || w.Description != "" {
		t.Errorf("widget = %+v, want the us-east-1 variant without descriptions", w)
	}
	if h, want := w.Handlers, (schema.Handlers{Create: []string{"shop:CreateWidget", "shop:TagWidget"}, Delete: []string{"shop:DeleteWidget"}}); h == nil ||
		!slices.Equal(h.Create, want.Create) || h.Update != nil || !slices.Equal(h.Delete, want.Delete) {
		t.Errorf("widget handlers = %+v, want %+v (read left out)", h, want)
	}
	if g := s.ResourceType("Example::Shop::Gadget"); g == nil || g.Attributes["Id"] == nil ||
		g.Lifecycle == nil || *g.Lifecycle != (schema.Lifecycle{Status: "sunset", Date: "2030-01-02"}) || g.Handlers != nil {
		t.Errorf("gadget = %+v", g)
	}
	if reg := s.Registry("Example::Shop::Widget"); reg == nil {
		t.Error("no registry schema")
	} else if doc, v := reg.Doc("eu-west-1"); v != 1 || doc["properties"].(map[string]any)["Old"] == nil || doc["required"] != nil {
		t.Errorf("eu-west-1 widget = variant %d, %v", v, doc)
	}
	if in, known := s.InRegion("Example::Shop::Gadget", "us-east-1"); in || !known {
		t.Errorf("gadget in us-east-1 = %v, %v; want false, true", in, known)
	}
	if in, _ := s.InRegion("Example::Shop::Gadget", "eu-west-1"); !in {
		t.Error("gadget is not in eu-west-1")
	}
	if r, ok := s.RuleSchema("extensions/example_widget/rule.json").(map[string]any); !ok || r["description"] != nil || r["required"] == nil {
		t.Errorf("rule schema = %v", s.RuleSchema("extensions/example_widget/rule.json"))
	}
	if w.Lifecycle != nil {
		t.Errorf("widget lifecycle = %+v, want none", w.Lifecycle)
	}
	wantRuntimes := []schema.LambdaRuntime{
		{Name: "alpha2", Deprecated: "2021-01-01", CreateBlock: "2021-02-01", UpdateBlock: "2021-03-01", Successor: "alpha3"},
		{Name: "zeta1", Deprecated: "2020-01-01", CreateBlock: "2020-02-01", UpdateBlock: "2020-03-01"},
	}
	if got := s.LambdaRuntimes(); !slices.Equal(got, wantRuntimes) {
		t.Errorf("runtimes = %+v, want %+v", got, wantRuntimes)
	}
	th := s.WithSAM().ResourceType("AWS::Serverless::Thing")
	if th == nil || !th.Properties["Code"].Required || th.Definitions["Code"] == nil || !th.Definitions["Code"].Properties["Bucket"].Required {
		t.Fatalf("SAM thing = %+v", th)
	}
	// Passed through under its own name: the CloudFormation type's; renamed: the SAM schema's.
	if th.Properties["New"].Type.Kind != schema.KindString || th.Properties["Renamed"].Type.Kind != schema.KindAny {
		t.Errorf("pass-through types New %v, Renamed %v", th.Properties["New"].Type, th.Properties["Renamed"].Type)
	}
	want := schema.SAMFacts{Globals: []string{"Code"}, Events: map[string]string{"Ping": "PingEventProperties"}, EntryKeys: []string{"IgnoreGlobals"}}
	if f := th.SAM; f == nil || !slices.Equal(f.Globals, want.Globals) || !maps.Equal(f.Events, want.Events) || !slices.Equal(f.EntryKeys, want.EntryKeys) {
		t.Errorf("SAM facts %+v, want %+v", th.SAM, want)
	}
	if ev := th.Definitions["PingEventProperties"]; ev == nil || !ev.Properties["Host"].Required {
		t.Errorf("event properties %+v", ev)
	}

	if err := run(filepath.Join(dir, "nothing"), filepath.Join(dir, "providers"), sam, "", "-", "-", "", "", filepath.Join(dir, "c.gz")); err == nil {
		t.Error("empty resources dir: want an error")
	}
	if err := run(res, filepath.Join(dir, "providers"), sam, "", filepath.Join(dir, "missing.json"), "-", "", "", filepath.Join(dir, "d.gz")); err == nil {
		t.Error("missing runtime table: want an error")
	}
	testutil.WriteFile(t, runtimes, `{"bad":{"deprecated":"soon"}}`)
	if err := run(res, filepath.Join(dir, "providers"), sam, "", runtimes, "-", "", "", filepath.Join(dir, "e.gz")); err == nil {
		t.Error("malformed runtime date: want an error")
	}
	if err := run(res, filepath.Join(dir, "providers"), sam, "", "-", "-", "", "", out1); err != nil {
		t.Fatal(err)
	}
	if s, err := schema.Load(out1); err != nil || s.LambdaRuntimes() != nil || s.LambdaRuntime("alpha2") != nil {
		t.Errorf("-runtimes=-: runtimes = %v (err %v), want none", s.LambdaRuntimes(), err)
	}
}
