package schema

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func loadFixture(t *testing.T, name string) *ResourceType {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "registry", name))
	if err != nil {
		t.Fatal(err)
	}
	rt, err := ParseRegistrySchema(data)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// TestRegistryGolden pins the whole conversion of the fixture schemas.
func TestRegistryGolden(t *testing.T) {
	for _, name := range []string{"widget.json", "gadget.json"} {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(loadFixture(t, name), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(append(got, '\n'), want) {
				t.Errorf("conversion of %s differs from %s (run with -update and review the diff)", name, golden)
			}
		})
	}
}

func TestRegistryMapping(t *testing.T) {
	w := loadFixture(t, "widget.json")
	prop := func(o *Object, n string) *Property {
		t.Helper()
		p := o.Properties[n]
		if p == nil {
			t.Fatalf("%s: no property %s (have %v)", o.Name, n, o.SortedPropertyNames())
		}
		return p
	}
	if w.Open {
		t.Error("additionalProperties false: want closed")
	}
	if got := w.RequiredNames(); !slices.Equal(got, []string{"Name"}) {
		t.Errorf("required = %v, want [Name] (Arn is read-only)", got)
	}
	name := prop(&w.Object, "Name")
	if name.Type.Kind != KindString || name.Update != UpdateImmutable || *name.Type.MaxLength != 20 || name.Description != "The widget's name." {
		t.Errorf("Name = %+v", name)
	}
	if u := prop(&w.Object, "Zone").Update; u != UpdateConditional {
		t.Errorf("Zone update = %q, want Conditional", u)
	}
	if u := prop(&w.Object, "Source").Update; u != UpdateConditional {
		t.Errorf("Source update = %q, want Conditional (nested create-only)", u)
	}
	if u := prop(&w.Object, "Enabled").Update; u != UpdateMutable {
		t.Errorf("Enabled update = %q, want Mutable", u)
	}

	color := w.PropertiesOf(&prop(&w.Object, "Color").Type)
	if color == nil || color.Open || !slices.Equal(color.RequiredNames(), []string{"Shade"}) {
		t.Fatalf("Color = %+v", color)
	}
	if e := prop(color, "Shade").Type.Enum; !slices.Equal(e, []string{"Light", "Dark"}) {
		t.Errorf("Shade enum = %v", e)
	}

	size := prop(&w.Object, "Size").Type
	if size.Kind != KindInteger || *size.Min != 1 || *size.Max != 10 {
		t.Errorf("Size (inline $ref of a scalar) = %+v", size)
	}
	tags := prop(&w.Object, "Tags").Type
	if tags.Kind != KindList || tags.Item == nil || tags.Item.Object != "Tag" || *tags.MaxItems != 50 {
		t.Errorf("Tags = %+v", tags)
	}
	if w.PropertiesOf(&tags) != nil {
		t.Error("PropertiesOf(list) should be nil")
	}
	if w.PropertiesOf(tags.Item) == nil {
		t.Error("PropertiesOf(list item) should be the Tag type")
	}
	labels := prop(&w.Object, "Labels").Type
	if labels.Kind != KindMap || labels.Item == nil || labels.Item.Kind != KindString {
		t.Errorf("Labels = %+v, want map of string", labels)
	}
	if s := prop(&w.Object, "Settings").Type; s.Kind != KindObject || s.Object != "" {
		t.Errorf("Settings = %+v, want free JSON", s)
	}
	if k := prop(&w.Object, "Weight").Type.Kind; k != KindNumber|KindString {
		t.Errorf("Weight kind = %b", k)
	}
	if k := prop(&w.Object, "Broken").Type.Kind; k != KindAny {
		t.Errorf("unresolvable $ref kind = %b, want KindAny", k)
	}
	if m := prop(&w.Object, "Mode").Type; m.Kind != KindString || len(m.Enum) != 2 {
		t.Errorf("Mode (enum without type) = %+v", m)
	}

	src := w.PropertiesOf(&prop(&w.Object, "Source").Type)
	if src == nil || src.Open || !slices.Equal(src.SortedPropertyNames(), []string{"Bucket", "Key", "Url"}) || len(src.RequiredNames()) != 0 {
		t.Errorf("Source (oneOf of closed objects) = %+v", src)
	}
	tree := w.PropertiesOf(&prop(&w.Object, "Tree").Type)
	if tree == nil || !tree.Open || tree.Properties["Child"].Type.Object != "Node" {
		t.Errorf("recursive Node = %+v", tree)
	}

	// Read-only properties stay known (cfn-lint accepts them in templates) but are
	// flagged and never required.
	for _, ro := range []*Property{prop(&w.Object, "Arn"), prop(&w.Object, "Endpoint"), prop(w.Definitions["Color"], "Code")} {
		if !ro.ReadOnly || ro.Required {
			t.Errorf("read-only %s = %+v", ro.Name, ro)
		}
	}
	if prop(&w.Object, "Name").ReadOnly || prop(w.Definitions["Endpoint"], "Port").ReadOnly {
		t.Error("settable properties flagged read-only")
	}
	if !slices.Equal(w.ReadOnly, []string{"Arn", "Color.Code", "Endpoint", "Endpoint.Address"}) {
		t.Errorf("ReadOnly = %v", w.ReadOnly)
	}
	wantAttrs := map[string]Kind{"Arn": KindString, "Endpoint": KindObject, "Endpoint.Address": KindString, "Color.Code": KindString}
	if len(w.Attributes) != len(wantAttrs) {
		t.Errorf("attributes = %v", w.Attributes)
	}
	for n, k := range wantAttrs {
		if a := w.Attributes[n]; a == nil || a.Type.Kind != k {
			t.Errorf("attribute %s = %+v, want kind %b", n, a, k)
		}
	}

	const page = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-shop-widget.html"
	if w.DocURL != page || name.DocURL != page+"#cfn-shop-widget-name" {
		t.Errorf("doc URLs = %q, %q", w.DocURL, name.DocURL)
	}
	if got, want := color.DocURL, "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-shop-widget-color.html"; got != want {
		t.Errorf("property type doc URL = %q, want %q", got, want)
	}
	if got := prop(color, "Shade").DocURL; got != color.DocURL+"#cfn-shop-widget-color-shade" {
		t.Errorf("property type property doc URL = %q", got)
	}

	g := loadFixture(t, "gadget.json")
	if !g.Open {
		t.Error("no additionalProperties: want open")
	}
	if x := g.Properties["Extra"].Type.Kind; x != KindString|KindInteger {
		t.Errorf("anyOf kinds = %b", x)
	}
}

func TestParseRegistryBadInput(t *testing.T) {
	for name, in := range map[string]string{
		"not json":    `{"typeName": `,
		"no typeName": `{"properties": {}}`,
		"array":       `[]`,
	} {
		if _, err := ParseRegistrySchema([]byte(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// Odd but valid schemas never panic.
	for _, in := range []string{
		`{"typeName":"A::B::C","properties":{"X":{"$ref":"#/definitions/Y"}},"definitions":{"Y":{"$ref":"#/definitions/Y"}}}`,
		`{"typeName":"A::B::C","properties":{"X":{"$ref":"http://elsewhere"}}}`,
		`{"typeName":"A::B::C","properties":{"X":{"type":7,"items":3,"properties":[]}},"readOnlyProperties":["/properties/Nope/Deeper", "", 5]}`,
		`{"typeName":"A::B::C","properties":{"X":{"oneOf":[{"$ref":"#/definitions/P"},{"$ref":"#/definitions/Q"}]}},"definitions":{"P":{"properties":{"A":{}}},"Q":{"properties":{"B":{}},"additionalProperties":false}}}`,
	} {
		rt, err := ParseRegistrySchema([]byte(in))
		if err != nil || rt.Properties["X"] == nil {
			t.Errorf("%s: %v %+v", in, err, rt)
		}
	}
}
