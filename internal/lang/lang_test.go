package lang

import (
	"reflect"
	"testing"
)

func TestSubVariables(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []SubVariable
	}{
		{"plain", nil},
		{"${A}-${B.Arn}", []SubVariable{{Name: "A", Token: "${A}"}, {Name: "B.Arn", Token: "${B.Arn}"}}},
		{"${!Literal} ${A}", []SubVariable{{Name: "A", Token: "${A}"}}},
		{"${ A } ${A} ${ A }", []SubVariable{{Name: "A", Token: "${ A }", Lead: 1}, {Name: "A", Token: "${A}"}, {Name: "A", Token: "${ A }", Nth: 1, Lead: 1}}},
		{"${AWS::Region}", []SubVariable{{Name: "AWS::Region", Token: "${AWS::Region}"}}},
		{"${} ${ } ${unclosed", nil},
		{"${A\n}", []SubVariable{{Name: "A", Token: "${A\n}"}}},
	} {
		if got := SubVariables(c.s); !reflect.DeepEqual(got, c.want) {
			t.Errorf("SubVariables(%q) = %+v, want %+v", c.s, got, c.want)
		}
		if got, want := HasSubVariable(c.s), len(c.want) > 0; got != want {
			t.Errorf("HasSubVariable(%q) = %v, want %v", c.s, got, want)
		}
	}
}

func TestFunctionNames(t *testing.T) {
	for _, f := range Functions {
		long, ok := LongName(f.Short())
		if !ok || long != f.Name {
			t.Errorf("LongName(%q) = %q, %v; want %q", f.Short(), long, ok, f.Name)
		}
		if g, ok := FunctionByName(f.Short()); !ok || g.Name != f.Name {
			t.Errorf("FunctionByName(%q) = %q, %v", f.Short(), g.Name, ok)
		}
		if !IsIntrinsicName(f.Name) && f.Name != "Condition" {
			t.Errorf("IsIntrinsicName(%q) = false", f.Name)
		}
	}
	if _, ok := LongName("!ForEach"); ok {
		t.Error("!ForEach is not a short-form function")
	}
	if IsIntrinsicName("Fn::ForEach::Queues") {
		t.Error("a Fn::ForEach key names a loop, not a call")
	}
}
