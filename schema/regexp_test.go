package schema

import "testing"

func TestRegexp(t *testing.T) {
	tests := []struct {
		pattern string
		match   []string
		noMatch []string
	}{
		{`^[a-z]+$`, []string{"abc"}, []string{"ABC", ""}},
		{`^\u0041\u{42}$`, []string{"AB"}, []string{"ab"}},
		{`^arn:\S+\Z`, []string{"arn:x"}, []string{"arn:x\n"}},
		// Look-arounds are dropped: more lenient, never stricter.
		{`^(?!aws:)[a-z:]+$`, []string{"abc", "aws:x"}, []string{"ABC"}},
		{`^[a-z.]*(?<!\.)$`, []string{"a.b", "a."}, []string{"A"}},
		{`[(?!x)]`, []string{"!", "x"}, []string{"y"}},
		// Repetition over RE2's 1000 limit loses its upper bound only.
		{`^a{1,1023}$`, []string{"a", "aaaa"}, []string{"", "b"}},
		{`^[\x{2028}]{2,5000}$`, []string{"\u2028\u2028"}, []string{"\u2028"}},
	}
	for _, tt := range tests {
		vt := &ValueType{Pattern: tt.pattern}
		re := vt.Regexp()
		if re == nil {
			t.Errorf("%q: did not compile", tt.pattern)
			continue
		}
		if vt.Regexp() != re {
			t.Errorf("%q: not cached", tt.pattern)
		}
		for _, s := range tt.match {
			if !re.MatchString(s) {
				t.Errorf("%q should match %q (as %q)", tt.pattern, s, re)
			}
		}
		for _, s := range tt.noMatch {
			if re.MatchString(s) {
				t.Errorf("%q should not match %q (as %q)", tt.pattern, s, re)
			}
		}
	}
	for _, p := range []string{"", `^(a`, `\p{Print}+`} {
		if re := (&ValueType{Pattern: p}).Regexp(); re != nil {
			t.Errorf("%q: want nil, got %q", p, re)
		}
	}
	var nilVT *ValueType
	if nilVT.Regexp() != nil {
		t.Error("nil ValueType")
	}
}

// TestEmbeddedPatternsCompile guards the ECMA-262 translation: nearly every
// registry pattern must be usable.
func TestEmbeddedPatternsCompile(t *testing.T) {
	s := Default()
	seen := map[string]bool{}
	var failed []string
	var walk func(vt *ValueType)
	walk = func(vt *ValueType) {
		if vt.Pattern != "" && !seen[vt.Pattern] {
			seen[vt.Pattern] = true
			if vt.Regexp() == nil {
				failed = append(failed, vt.Pattern)
			}
		}
		if vt.Item != nil {
			walk(vt.Item)
		}
	}
	for _, n := range s.TypeNames() {
		rt := s.ResourceType(n)
		for _, o := range append([]*Object{&rt.Object}, mapValues(rt.Definitions)...) {
			for _, p := range o.Properties {
				walk(&p.Type)
			}
		}
	}
	if len(seen) < 1000 || len(failed)*100 > len(seen) {
		t.Errorf("%d of %d distinct patterns do not compile: %q", len(failed), len(seen), failed)
	}
}

func TestSchemaURL(t *testing.T) {
	if got, want := schemaURL("eu-west-2", ""), "https://schema.cloudformation.eu-west-2.amazonaws.com/CloudformationSchema.zip"; got != want {
		t.Errorf("schemaURL = %q, want %q", got, want)
	}
	if got, want := schemaURL("x", "http://127.0.0.1:9/base/"), "http://127.0.0.1:9/base/CloudformationSchema.zip"; got != want {
		t.Errorf("schemaURL = %q, want %q", got, want)
	}
}
