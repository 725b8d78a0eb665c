package lang

import (
	"reflect"
	"testing"
)

// TestSubVariables holds the scanner to cfn-lint's reading of a Sub string,
// the regular expression \$\{\s*([^!\s].*?)\s*\} (the expectations are what
// Python's re finds).
func TestSubVariables(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []SubVariable
	}{
		{"plain", nil},
		{"${A}-${B.Arn}", []SubVariable{{Name: "A", Token: "${A}"}, {Name: "B.Arn", Token: "${B.Arn}"}}},
		{"${!Literal} ${A}", []SubVariable{{Name: "A", Token: "${A}"}}},
		{"${ !Literal}", nil},
		{"${ A } ${A} ${ A }", []SubVariable{{Name: "A", Token: "${ A }", Lead: 1}, {Name: "A", Token: "${A}"}, {Name: "A", Token: "${ A }", Nth: 1, Lead: 1}}},
		{"${AWS::Region}", []SubVariable{{Name: "AWS::Region", Token: "${AWS::Region}"}}},
		{"${", nil},
		{"${unclosed", nil},
		{"${}", nil},
		{"${}}", []SubVariable{{Name: "}", Token: "${}}"}}},
		{"${} ${ } ${unclosed", []SubVariable{{Name: "} ${", Token: "${} ${ }"}}},
		{"${A\n}", []SubVariable{{Name: "A", Token: "${A\n}"}}},
		{"${\n A}", []SubVariable{{Name: "A", Token: "${\n A}", Lead: 2}}},
		{"${Va\nr}", nil},
		{"${Va\nr} ${B}", []SubVariable{{Name: "B", Token: "${B}"}}},
		{"${Foo${Bar}}", []SubVariable{{Name: "Foo${Bar", Token: "${Foo${Bar}"}}},
		{"$${A}", []SubVariable{{Name: "A", Token: "${A}"}}},
		{"$Var {x}", nil},
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
