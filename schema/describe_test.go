package schema

import "testing"

func TestValueTypeName(t *testing.T) {
	str := ValueType{Kind: KindString}
	for _, c := range []struct {
		vt   ValueType
		want string
	}{
		{str, "String"},
		{ValueType{Kind: KindList, Item: &str}, "List of String"},
		{ValueType{Kind: KindInteger}, "Integer"},
		{ValueType{Kind: KindObject, Object: "VersioningConfiguration"}, "VersioningConfiguration"},
		{ValueType{Kind: KindMap, Item: &str}, "Map of String"},
		{ValueType{Kind: KindString | KindInteger}, "String or Integer"},
	} {
		if got := c.vt.Name(); got != c.want {
			t.Errorf("Name(%+v) = %q, want %q", c.vt, got, c.want)
		}
	}
}
