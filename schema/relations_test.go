package schema

import (
	"reflect"
	"testing"
)

func TestRelations(t *testing.T) {
	for _, c := range []struct {
		name, schema string
		want         *Relations
	}{
		{"none", `{"typeName":"A::B::C","properties":{"X":{"type":"string"}}}`, nil},
		{"keywords", `{"typeName":"A::B::C","properties":{"X":{},"Y":{},"Z":{}},
			"requiredXor":["X","Y","Nope"],"requiredOr":["Y","Z"],
			"dependentRequired":{"X":["Z","Nope"],"Nope":["X"]},"dependencies":{"Y":["Z"],"Z":{"required":["X"]}},
			"dependentExcluded":{"Z":["X"]}}`,
			&Relations{Xor: []string{"X", "Y"}, Or: []string{"Y", "Z"},
				Requires: map[string][]string{"X": {"Z"}, "Y": {"Z"}}, Excludes: map[string][]string{"Z": {"X"}}}},
		{"required sets", `{"typeName":"A::B::C","properties":{"X":{},"Y":{},"Z":{}},
			"oneOf":[{"required":["X"]},{"required":["Y","Z"]}],"anyOf":[{"required":["X"]},{"required":["Z"]}]}`,
			&Relations{OneOf: [][]string{{"X"}, {"Y", "Z"}}, AnyOf: [][]string{{"X"}, {"Z"}}}},
		{"branches that say more are not sets", `{"typeName":"A::B::C","properties":{"X":{},"Y":{}},
			"oneOf":[{"required":["X"],"properties":{"X":{"type":"string"}}},{"required":["Y"]}]}`, nil},
		{"sets naming unknown properties are dropped", `{"typeName":"A::B::C","properties":{"X":{}},
			"oneOf":[{"required":["X"]},{"required":["Nope"]}]}`, nil},
		{"in a definition", `{"typeName":"A::B::C","properties":{"P":{"$ref":"#/definitions/D"}},
			"definitions":{"D":{"type":"object","properties":{"X":{},"Y":{}},"requiredXor":["X","Y"]}}}`, nil},
	} {
		rt, err := ParseRegistrySchema([]byte(c.schema))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.name == "in a definition" {
			d := rt.Definitions["D"]
			if d == nil || d.Relations == nil || !reflect.DeepEqual(d.Relations.Xor, []string{"X", "Y"}) {
				t.Errorf("%s: %+v", c.name, d)
			}
			continue
		}
		if !reflect.DeepEqual(rt.Relations, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, rt.Relations, c.want)
		}
	}
}
